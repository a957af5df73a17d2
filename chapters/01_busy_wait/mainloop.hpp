#pragma once
/// The busy loop: look at every button, over and over, and run the handler
/// of each one that was pressed.

#include "button.hpp"
#include "clock.hpp"
#include "scripted_user.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

/// One handled click: when it landed, and when the loop got round to it.
struct Reaction {
    std::string label;
    Duration clickedAt;
    Duration handledAt;

    /// How late the handler ran: the price of looking only now and then.
    Duration delay() const { return handledAt - clickedAt; }
};

/// What one run of the loop did.
struct LoopStats {
    std::uint64_t polls = 0;         ///< calls to Button::pressed()
    std::uint64_t rounds = 0;        ///< passes over all the buttons
    Duration wall{};                 ///< from start to end, on the loop's clock
    std::vector<Reaction> reactions; ///< one per click, in handling order
};

/// The mainloop of chapter 01 (Twisted's is the reactor's run()). It polls
/// every button in turn; with a sleep set, it naps between rounds.
class Mainloop {
public:
    /// `sleep` is the nap between rounds; zero means none: a busy loop.
    Mainloop(Clock& clock, ScriptedUser& user, Duration sleep);

    /// Adds a button to poll. It must outlive the loop.
    void addButton(Button& button);

    /// Runs until the user's script is finished. Every click in the script
    /// must be for a button added here, or no one takes it and run() goes
    /// on polling for ever.
    void run();

    /// What the run did (complete once run() has returned).
    LoopStats stats() const;

    /// Progress so far, safe to read from another thread (the Ctrl-C
    /// report does, while run() is going).
    std::uint64_t pollsSoFar() const { return polls_.load(); }
    std::uint64_t clicksHandled() const { return handled_.load(); }

private:
    Clock& clock_;
    ScriptedUser& user_;
    Duration sleep_;
    std::vector<Button*> buttons_;
    std::atomic<std::uint64_t> polls_{0};
    std::atomic<std::uint64_t> handled_{0};
    std::uint64_t rounds_ = 0;
    Duration wall_{};
    std::vector<Reaction> reactions_;
};
