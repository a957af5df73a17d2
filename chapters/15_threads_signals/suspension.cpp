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
    cancelling();
    resume();
}

void Suspension::cancelling()
{
    promise_->setCancelling(true);
}

void Suspension::check()
{
    if (promise_ != nullptr) {
        promise_->setCancelling(false); // arrived: the next cancel counts
    }
    if (cancelled_) {
        throw CancelledError{};
    }
}
