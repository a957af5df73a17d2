#include "task.hpp"

// region: cancel
bool TaskPromiseBase::cancel()
{
    if (done_) {
        return false;
    }
    if (cancelling_) {
        return true; // one CancelledError is on its way already
    }
    if (waitingOn_ != nullptr) {
        // The wait is called off now; a timer, a descriptor or a Deferred
        // resumes the task with CancelledError, an awaited task is
        // cancelled in turn.
        waitingOn_->cancel();
        return true;
    }
    // Running, not started, or waiting on something that cannot be
    // called off: the next cancellable co_await throws.
    cancelRequested_ = true;
    return true;
}
// endregion: cancel

void TaskPromiseBase::markStarted(std::coroutine_handle<> awaiting,
                                  TaskObserver* observer)
{
    if (started_) {
        throw std::logic_error{"Task: started or awaited twice"};
    }
    started_ = true;
    continuation_ = awaiting;
    observer_ = observer;
}

// region: finished
std::coroutine_handle<> TaskPromiseBase::finished() noexcept
{
    done_ = true;
    waitingOn_ = nullptr;
    cancelling_ = false;
    if (continuation_) {
        return Trampoline::transferTo(continuation_);
    }
    if (observer_ != nullptr) {
        // The observer may destroy this frame: nothing of it is touched
        // after this call.
        return observer_->taskDone();
    }
    return std::noop_coroutine(); // started by start(): nobody to resume
}
// endregion: finished
