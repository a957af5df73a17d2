#pragma once
/// Where the mainloop gets the time, and how it sleeps. It is an interface
/// so that the tests can hand the loop a fake clock, on which every click
/// lands and every sleep ends exactly when the test says (Twisted's tests
/// do the same with twisted.internet.task.Clock).

#include <chrono>

/// A span of time; also a moment, counted from when the clock was made.
using Duration = std::chrono::nanoseconds;

// region: clock
/// The time source and the sleeper of the mainloop.
class Clock {
public:
    virtual ~Clock() = default;

    /// The time since the clock was made (Twisted: IReactorTime.seconds).
    virtual Duration now() = 0;

    /// Gives the CPU back to the OS for `duration`.
    virtual void sleepFor(Duration duration) = 0;
};
// endregion: clock

/// The real clock: std::chrono::steady_clock, and sleeping for real.
class SystemClock final : public Clock {
public:
    SystemClock();
    Duration now() override;
    void sleepFor(Duration duration) override;

private:
    std::chrono::steady_clock::time_point start_;
};
