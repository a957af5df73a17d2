#pragma once
/// The entry wrapper every chapter's main() goes through. It parses the
/// command line, applies the shared options, runs the demo, and maps each
/// way a demo can end to the exit codes of ../shared/PLAN.md:
///   0 the demo did what its chapter intends
///   1 an unexpected runtime error, with the failing call and errno text
///   2 bad usage: one line saying what is wrong, then the --help hint
///   3 stalled (reported and ended by the Watchdog)
///   4 out of memory: the --memory-limit cap was hit
///   5 a system limit hit on purpose (SystemLimitHit): select's FD_SETSIZE,
///     the descriptor limit
///   130 interrupted by Ctrl-C (reported and ended by the Watchdog)
///   143 terminated by SIGTERM (reported and ended by the Watchdog)
///
/// Exactly one of these ends a run: the Watchdog's verdict gate lets the
/// first of the demo's end, its out-of-memory report, a stall, Ctrl-C and
/// SIGTERM through, and the others change nothing.

#include "exit_codes.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace common {

class ChapterApp {
public:
    ChapterApp(std::string name, std::string description);

    /// The CLI11 app, for the chapter's own options.
    CLI::App& cli() { return app_; }

    /// Opt in to the shared options this chapter uses.
    void addStallTimeout(double defaultSeconds);
    void addMemoryLimit(std::string_view defaultSize);
    void addListenConnect();
    void addBackend();

    /// The shared options' values (valid once run() has parsed them).
    const SharedOptions& shared() const { return shared_; }

    /// Parses, then runs `demo` and returns the process's exit code.
    int run(int argc, char** argv, const std::function<int()>& demo);

    /// A line said after an out-of-memory report: why the memory ran out.
    /// Called after the demo's objects are gone, so it should read plain
    /// values the demo kept outside them.
    void onOutOfMemory(std::function<std::string()> explain);

    /// Where the figure for the memory the machine has free comes from
    /// (machineAvailable() unless replaced): --memory-limit is clamped to a
    /// share of it. For tests, which cannot choose the machine they run on.
    using MemorySource = std::function<std::optional<std::size_t>()>;
    void machineMemory(MemorySource available);

private:
    // Constructed before anything else in a ChapterApp, so that from the
    // first line of main() SIGINT and SIGTERM wait for the watchdog
    // instead of killing the process with no report.
    struct SignalsBlocked {
        SignalsBlocked();
    };

    int parse(int argc, char** argv);
    void applyMemoryLimit();
    int runDemo(const std::function<int()>& demo);

    SignalsBlocked signalsBlocked_;
    CLI::App app_;
    SharedOptions shared_;
    std::function<std::string()> explainOutOfMemory_;
    bool hasMemoryLimit_ = false;
    MemorySource machineMemory_;
};

} // namespace common
