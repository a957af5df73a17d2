#pragma once
/// A call scheduled for later, and the handle that lets its owner cancel
/// it or move it (Twisted's DelayedCall). The heap that runs the calls is
/// in timer_queue.hpp.

#include "reactor_time.hpp"

#include <cstdint>
#include <functional>
#include <stdexcept>

class TimerQueue;

// region: errors
/// cancel() or reset() on a call that was already cancelled.
class AlreadyCancelled : public std::logic_error {
public:
    AlreadyCancelled() : std::logic_error{"the call was already cancelled"}
    {
    }
};

/// cancel() or reset() on a call that has already run, or is running.
class AlreadyCalled : public std::logic_error {
public:
    AlreadyCalled() : std::logic_error{"the call has already run"} {}
};
// endregion: errors

// region: delayed-call
/// A handle on one scheduled call. Copies are handles on the same call;
/// the call lives while its queue or a handle still refers to it. A handle
/// may outlive its queue: the queue's calls are then cancelled.
class DelayedCall {
public:
    /// A handle on no call: active() is false, the rest throws.
    DelayedCall() = default;
    DelayedCall(const DelayedCall& other);
    DelayedCall& operator=(const DelayedCall& other);
    ~DelayedCall();

    /// When the call is due.
    Time getTime() const;
    /// The call will not run. Throws AlreadyCancelled or AlreadyCalled.
    void cancel();
    /// Moves the deadline to `delay` from now, sooner or later. Throws
    /// AlreadyCancelled or AlreadyCalled.
    void reset(Duration delay);
    /// Moves the deadline by `shift` (negative is sooner). Throws as reset.
    void delay(Duration shift);
    /// Neither run nor cancelled yet.
    bool active() const;
    /// The name the call was scheduled with.
    const char* name() const;

    /// The same call.
    friend bool operator==(const DelayedCall& a, const DelayedCall& b)
    {
        return a.call_ == b.call_;
    }

private:
    friend class TimerQueue;
    struct Call;
    DelayedCall(Call* call, TimerQueue* queue);
    /// Drops one reference (a handle's or a heap entry's) to `call`.
    static void release(Call* call);
    Call& checkedCall() const;
    Call& activeCall() const;

    Call* call_ = nullptr;
    // Used only while the call is pending, and so while the queue exists.
    TimerQueue* queue_ = nullptr;
};
// endregion: delayed-call

// region: call-record
/// One scheduled call, shared by the queue's heap and the handles: 64
/// bytes. A million timers cost a million of these, so the references
/// are counted by hand (a shared_ptr's control block would add 16 bytes
/// to each), and the queue is known to the handles, not to the call.
struct DelayedCall::Call {
    enum class State : std::uint8_t { pending, called, cancelled };

    Time deadline;
    /// The sequence number of the heap entry that stands for this call;
    /// entries with another number are stale (the call was moved).
    std::uint64_t sequence = 0;
    std::function<void()> function;
    const char* name = "";
    /// Heap entries and handles that point here.
    std::uint32_t references = 0;
    State state = State::pending;
};
// endregion: call-record
