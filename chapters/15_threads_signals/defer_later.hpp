#pragma once
/// A Deferred that fires after a delay, on the timers of a reactor or of a
/// fake Clock (Twisted's task.deferLater).

#include "deferred.hpp"
#include "delayed_call.hpp"
#include "reactor_time.hpp"

#include <functional>
#include <memory>
#include <utility>

// region: defer-later
/// Calls f() `delay` from now on `clock`, and gives what it returns (or
/// throws) through the Deferred returned now. Cancelling that Deferred
/// before then cancels the call and fails it with CancelledError.
template <typename F>
auto deferLater(IReactorTime& clock, Duration delay, F f)
{
    // The timer calls `due` back, and cancelling `due` cancels the timer:
    // each holds the other until one of them has run (or the clock is
    // destroyed, and drops its calls).
    auto timer = std::make_shared<DelayedCall>();
    Deferred<void> due{[timer](Deferred<void>&) {
        if (timer->active()) {
            timer->cancel();
        }
    }};
    *timer = clock.callLater(
        delay, [due]() mutable { due.callback(); }, "deferLater");
    return due.then(std::move(f));
}

/// A Deferred<void> that fires `delay` from now on `clock`.
inline Deferred<void> deferLater(IReactorTime& clock, Duration delay)
{
    return deferLater(clock, delay, [] {});
}
// endregion: defer-later
