#pragma once
/// waitFor(reactor, task, timeout): the task's result, or TimeoutError once
/// `timeout` has passed, the task being cancelled then (asyncio.wait_for;
/// Twisted's Deferred.addTimeout). A timer and a cancel, nothing more: the
/// timer's callback cancels the task, and the CancelledError that comes
/// out of it becomes a TimeoutError.

#include "delayed_call.hpp"
#include "reactor_time.hpp"
#include "task.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

// region: timeout-error
/// The task did not finish in time, and was cancelled.
class TimeoutError : public std::runtime_error {
public:
    TimeoutError() : std::runtime_error{"the task timed out"} {}
};
// endregion: timeout-error

/// Cancels a timer when destroyed, unless it has run.
class TimerGuard {
public:
    explicit TimerGuard(DelayedCall call) : call_{std::move(call)} {}
    ~TimerGuard()
    {
        if (call_.active()) {
            call_.cancel();
        }
    }
    TimerGuard(const TimerGuard&) = delete;
    TimerGuard& operator=(const TimerGuard&) = delete;

private:
    DelayedCall call_;
};

// region: wait-for
/// What `task` returns, if it ends within `timeout` on `clock`; otherwise
/// the task is cancelled and, if the cancel ends it, TimeoutError thrown.
/// A task that catches the cancel and returns a value still gives it.
/// Cancelling waitFor's own task cancels `task` (CancelledError then).
/// No timeout (std::nullopt) waits as long as the task takes, as asyncio's
/// wait_for(task, None) does.
template <typename T>
Task<T> waitFor(IReactorTime& clock, Task<T> task,
                std::optional<Duration> timeout)
{
    if (!timeout) {
        co_return co_await task;
    }
    bool timedOut = false;
    const TimerGuard timer{clock.callLater(
        *timeout,
        [&timedOut, &task] {
            timedOut = true;
            task.cancel();
        },
        "waitFor's timeout")};
    try {
        co_return co_await task; // for a Task<void>, co_return of nothing
    } catch (const CancelledError&) {
        if (!timedOut) {
            throw; // cancelled from outside: not a timeout
        }
    }
    throw TimeoutError{};
}
// endregion: wait-for
