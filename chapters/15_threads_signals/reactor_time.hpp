#pragma once
/// Time as the reactor sees it: points on a monotonic clock, spans between
/// them, and the interface of anything that can call a function later
/// (Twisted's IReactorTime), which the reactor and the fake Clock share.

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

class DelayedCall;

// region: time
/// A point on the reactor's clock. Only differences between two points
/// mean anything: the clock starts at an arbitrary moment (boot, for the
/// monotonic clock; zero, for the fake Clock of the tests).
using Time = std::chrono::steady_clock::time_point;
/// A span of time: a delay, an interval, how long a callback ran.
using Duration = std::chrono::nanoseconds;
/// Where a reactor reads the time. Tests give it a fake Clock's.
using TimeSource = std::function<Time()>;

/// The monotonic clock: it never jumps, whatever happens to the wall
/// clock (an NTP step, an administrator, a laptop's time zone).
Time monotonicSeconds();

/// `now + delay`, with a delay too long to represent taken as "never"
/// (Time::max()) instead of wrapping round into the past. A negative
/// delay gives a deadline already passed: the call runs on the next turn,
/// as with no delay, and before the calls whose deadlines are later.
Time deadlineAfter(Time now, Duration delay);
// endregion: time

// region: ireactortime
/// What can schedule a call for later (Twisted's IReactorTime): the
/// reactor, and the fake Clock that tests advance by hand.
class IReactorTime {
public:
    virtual ~IReactorTime() = default;

    /// The current time on this clock.
    virtual Time seconds() const = 0;
    /// Calls `f` once, `delay` from now, and never inside this call (a
    /// negative delay runs it on the next turn, as a zero one would).
    /// `name` (a string that outlives the call, a literal say) names `f`
    /// in error and debug reports.
    virtual DelayedCall callLater(Duration delay, std::function<void()> f,
                                  const char* name = "a delayed call") = 0;
    /// The calls scheduled and not yet run or cancelled.
    virtual std::vector<DelayedCall> getDelayedCalls() = 0;
};
// endregion: ireactortime
