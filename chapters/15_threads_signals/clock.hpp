#pragma once
/// A clock that moves only when told to (Twisted's task.Clock): time-based
/// code runs against it in a test without sleeping, so the test takes no
/// time and cannot fail because the machine was slow.

#include "callback_runner.hpp"
#include "reactor_time.hpp"
#include "timer_queue.hpp"

#include <initializer_list>

// region: clock
class Clock : public IReactorTime {
public:
    /// Starts at zero on this clock.
    Clock();

    Time seconds() const override { return now_; }
    DelayedCall callLater(Duration delay, std::function<void()> f,
                          const char* name = "a delayed call") override;
    std::vector<DelayedCall> getDelayedCalls() override;

    /// Moves time on by `amount` (not backwards), then runs the calls now
    /// due, once each, as a reactor's turn would: what they schedule for
    /// now waits for the next advance.
    void advance(Duration amount);
    /// advance() by each amount in turn.
    void pump(std::initializer_list<Duration> amounts);

    /// Reports what the calls throw; a test may replace its handler.
    CallbackRunner& runner() { return runner_; }

private:
    Time now_{};
    TimerQueue queue_;
    CallbackRunner runner_;
};
// endregion: clock
