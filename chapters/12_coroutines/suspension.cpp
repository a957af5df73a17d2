#include "suspension.hpp"

#include "trampoline.hpp"

void Suspension::resume()
{
    promise_->waitOn(nullptr);
    Trampoline::resume(task_); // nothing of this object is touched after
}

std::coroutine_handle<> Suspension::resumeNext()
{
    promise_->waitOn(nullptr);
    return Trampoline::transferTo(task_);
}

void Suspension::resumeCancelled()
{
    cancelled_ = true;
    promise_->setCancelling(true); // a second cancel() adds nothing
    resume();
}

void Suspension::check()
{
    if (cancelled_) {
        promise_->setCancelling(false); // delivered: the next cancel counts
        throw CancelledError{};
    }
}
