#include "delayed_call.hpp"

#include "timer_queue.hpp"

#include <stdexcept>
#include <utility>

DelayedCall::DelayedCall(Call* call, TimerQueue* queue)
    : call_{call}, queue_{queue}
{
    retain(*call_);
}

DelayedCall::DelayedCall(const DelayedCall& other)
    : call_{other.call_}, queue_{other.queue_}
{
    if (call_ != nullptr) {
        retain(*call_);
    }
}

DelayedCall& DelayedCall::operator=(const DelayedCall& other)
{
    DelayedCall copy{other}; // safe when other is *this
    std::swap(call_, copy.call_);
    std::swap(queue_, copy.queue_);
    return *this;
}

DelayedCall::~DelayedCall()
{
    if (call_ != nullptr) {
        release(call_);
    }
}

void DelayedCall::retain(Call& call)
{
    static_assert(sizeof(Call) <= 56,
                  "a call record must fit glibc's 64-byte chunk");
    if (call.references == Call::maxReferences) {
        throw std::overflow_error{
            "DelayedCall: 16,383 handles and heap entries on one call"};
    }
    ++call.references;
}

void DelayedCall::release(Call* call)
{
    if (--call->references == 0) {
        delete call;
    }
}

DelayedCall::Call& DelayedCall::checkedCall() const
{
    if (call_ == nullptr) {
        throw std::logic_error{"DelayedCall: a handle on no call"};
    }
    return *call_;
}

// region: active-call
DelayedCall::Call& DelayedCall::activeCall() const
{
    Call& call = checkedCall();
    if (call.state() == Call::State::cancelled) {
        throw AlreadyCancelled{};
    }
    if (call.state() == Call::State::called) {
        throw AlreadyCalled{};
    }
    return call;
}

void DelayedCall::cancel()
{
    Call& call = activeCall();
    call.setState(Call::State::cancelled);
    // The heap keeps its entry (removing it from the middle would cost a
    // search); the entry is skipped when it comes up, or compacted away.
    call.function = nullptr;
    queue_->cancelled(call);
}

void DelayedCall::reset(Duration delay)
{
    Call& call = activeCall();
    queue_->moved(call, deadlineAfter(queue_->now(), delay));
}

void DelayedCall::delay(Duration shift)
{
    Call& call = activeCall();
    queue_->moved(call, deadlineAfter(call.deadline, shift));
}
// endregion: active-call

Time DelayedCall::getTime() const
{
    return checkedCall().deadline;
}

bool DelayedCall::active() const
{
    return call_ != nullptr && call_->state() == Call::State::pending;
}

const char* DelayedCall::name() const
{
    return checkedCall().name;
}
