#pragma once
/// co_await sleep(reactor, 2s): the task resumes two seconds later on the
/// reactor's clock (asyncio.sleep; Twisted's deferLater). A cancel calls
/// the timer off. It works on any IReactorTime, so the tests sleep on the
/// fake Clock of chapter 9 and take no time.

#include "delayed_call.hpp"
#include "reactor_time.hpp"
#include "suspension.hpp"
#include "task.hpp"

#include <coroutine>

// region: sleep
class [[nodiscard]] Sleep : public Waiting {
public:
    Sleep(IReactorTime& clock, Duration delay) : clock_{clock}, delay_{delay} {}
    // The timer's callback points at this object: it stays put.
    Sleep(const Sleep&) = delete;
    Sleep& operator=(const Sleep&) = delete;
    /// A task destroyed while it sleeps leaves no timer behind.
    ~Sleep() override;

    /// Even a sleep of zero suspends: the task lets the loop turn once.
    bool await_ready() const noexcept { return false; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false;
        }
        call_ = clock_.callLater(
            delay_, [this] { suspension_.resume(); }, "a sleeping task");
        suspension_.waitOn(*this);
        return true;
    }
    void await_resume() { suspension_.check(); }

    void cancel() override;

private:
    IReactorTime& clock_;
    Duration delay_;
    DelayedCall call_;
    Suspension suspension_;
};

/// Suspends the task for `delay` on `clock` (a Reactor, or a fake Clock).
inline Sleep sleep(IReactorTime& clock, Duration delay)
{
    return Sleep{clock, delay};
}
// endregion: sleep
