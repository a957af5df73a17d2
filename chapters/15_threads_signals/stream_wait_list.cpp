#include "stream_wait_list.hpp"

#include "trampoline.hpp"

#include <algorithm>
#include <utility>

StreamWaitList::~StreamWaitList()
{
    for (Awaiter* waiter : waiters_) {
        waiter->onList_ = false; // its destructor must not come back here
    }
}

void StreamWaitList::wakeAll(std::exception_ptr error)
{
    // The woken tasks run once the Hold ends: none of them runs inside
    // this loop, where it could add itself to the list again and be
    // woken twice, or destroy a waiter the loop is about to visit.
    const Trampoline::Hold hold;
    const std::vector<Awaiter*> woken = std::exchange(waiters_, {});
    for (Awaiter* waiter : woken) {
        waiter->wake(error);
    }
}

void StreamWaitList::remove(Awaiter& awaiter)
{
    const auto found = std::find(waiters_.begin(), waiters_.end(), &awaiter);
    if (found != waiters_.end()) {
        waiters_.erase(found);
    }
}

StreamWaitList::Awaiter::~Awaiter()
{
    if (onList_) {
        list_->remove(*this);
    }
}

void StreamWaitList::Awaiter::await_resume()
{
    suspension_.check(); // CancelledError, if the wait was called off
    if (error_) {
        std::rethrow_exception(error_);
    }
}

void StreamWaitList::Awaiter::cancel()
{
    if (onList_) {
        onList_ = false;
        list_->remove(*this);
    }
    suspension_.resumeCancelled();
}

void StreamWaitList::Awaiter::wake(std::exception_ptr error)
{
    onList_ = false;
    error_ = std::move(error);
    suspension_.resume();
}
