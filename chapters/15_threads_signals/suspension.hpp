#pragma once
/// One task suspended at one co_await, as the thing it waits on sees it (a
/// timer, a descriptor, a Deferred): the bookkeeping that lets the task be
/// resumed when the wait is over, or resumed with CancelledError when the
/// wait is called off. Each awaiter of this chapter that can be cancelled
/// holds one.

#include "task.hpp"

#include <coroutine>

// region: suspension
class Suspension {
public:
    /// In await_suspend, before the wait starts: true when a cancel is
    /// already pending. The awaiter then does not suspend (and does not
    /// start the wait), and check() throws CancelledError.
    template <TaskPromiseType P>
    bool cancelPending(std::coroutine_handle<P> task) noexcept
    {
        promise_ = &task.promise();
        task_ = task;
        cancelled_ = promise_->takeCancel();
        return cancelled_;
    }
    /// The wait has started: a cancel of the task goes to `waiting`.
    void waitOn(Waiting& waiting) noexcept { promise_->waitOn(&waiting); }
    /// The wait is over: the task resumes (through the trampoline). The
    /// task may end and destroy the awaiter before this returns.
    void resume();
    /// The same, from an await_suspend or a final_suspend, which return
    /// what this returns: the task runs next (symmetric transfer).
    [[nodiscard]] std::coroutine_handle<> resumeNext();
    /// The wait was called off: the task resumes, and check() throws.
    void resumeCancelled();
    /// A cancel is on its way by another road (a Deferred cancelled,
    /// whose failure will resume the task): a second cancel adds nothing.
    void cancelling();
    /// In await_resume: throws CancelledError if the wait was called off.
    void check();

private:
    TaskPromiseBase* promise_ = nullptr;
    std::coroutine_handle<> task_;
    bool cancelled_ = false;
};
// endregion: suspension
