#pragma once
/// The poetry client's bookkeeping and everything it prints: a line per
/// chunk as it arrives, then each poem's length and time, and the total.
/// Chapters 10, 11 and 12 fetch the poems three ways (callbacks,
/// Deferreds, coroutines) and share this file unchanged, so the three
/// clients print the same thing for the same run.

#include "reactor_time.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// region: report-class
class PoetryReport {
public:
    /// Times the downloads on `clock` and prints on `out`.
    explicit PoetryReport(IReactorTime& clock, std::ostream& out = std::cout);

    /// A poem to fetch from `address` (as it is printed); `about` says
    /// what the server there does, when the program knows. Returns the
    /// poem's number, from 1. Only before start().
    std::size_t add(std::string address, std::string about = {});
    std::size_t size() const { return poems_.size(); }

    /// Every download starts now: prints the list of poems.
    void start();
    /// A piece of poem `poem` arrived: "Poem 2: 30 bytes".
    void chunkReceived(std::size_t poem, std::string_view chunk);
    /// Poem `poem` arrived whole. An empty poem counts as a failure.
    void poemReceived(std::size_t poem, std::string text);
    /// Poem `poem` will never arrive, for `reason`.
    void poemFailed(std::size_t poem, std::string reason);

    /// Every poem has arrived or failed.
    bool done() const { return ended_ == poems_.size(); }
    /// The text of poem `poem`, once it has arrived.
    const std::optional<std::string>& text(std::size_t poem) const;

    /// Prints each poem's outcome, in order, and the total time: the
    /// slowest download's, beside the sum that one download after
    /// another would have taken. Returns the exit code: 1 if any failed.
    int summary() const;
    /// What the client was doing, for the watchdog's reports: reads only
    /// atomics, so it is safe from the watchdog's thread.
    std::string describe() const;

private:
    struct Entry {
        std::string address;
        std::string about;
        std::size_t received = 0;
        std::optional<std::string> text;
        std::optional<std::string> failure;
        Time ended{};
    };

    Entry& entry(std::size_t poem);
    Entry& ending(std::size_t poem);
    double secondsUntil(Time when) const;

    IReactorTime& clock_;
    std::ostream& out_;
    std::vector<Entry> poems_;
    Time started_{};
    bool running_ = false;
    std::atomic<std::size_t> count_{0};
    std::atomic<std::size_t> ended_{0};
    std::atomic<std::uint64_t> bytes_{0};
};
// endregion: report-class
