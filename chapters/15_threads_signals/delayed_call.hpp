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
    /// Takes one reference (a handle's or a heap entry's) to `call`.
    /// Throws std::overflow_error past Call::maxReferences.
    static void retain(Call& call);
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
/// One scheduled call, shared by the queue's heap and the handles. A
/// million timers cost a million of these, so every byte counts: the
/// references are counted by hand (a shared_ptr's control block would add
/// 16 bytes), the queue is known to the handles, not to the call, and the
/// record is 56 bytes. glibc serves 56 bytes from a 64-byte chunk; one
/// byte more and it takes an 80-byte chunk. So the sequence number, the
/// reference count and the state share one 64-bit word, each with a limit
/// that is checked: 2^48 calls scheduled or moved in a queue's life (nine
/// years at a million a second), 16,383 handles and heap entries on one
/// call.
struct DelayedCall::Call {
    enum class State : std::uint8_t { pending, called, cancelled };
    static constexpr int sequenceBits = 48;
    static constexpr int referenceBits = 14;
    static constexpr std::uint64_t maxSequence =
        (std::uint64_t{1} << sequenceBits) - 1;
    static constexpr std::uint64_t maxReferences =
        (std::uint64_t{1} << referenceBits) - 1;

    std::function<void()> function;
    Time deadline;
    const char* name = "";
    /// The sequence number of the heap entry that stands for this call;
    /// entries with another number are stale (the call was moved).
    std::uint64_t sequence : sequenceBits = 0;
    /// Heap entries and handles that point here.
    std::uint64_t references : referenceBits = 0;
    std::uint64_t stateBits : 2 = 0;

    State state() const { return static_cast<State>(stateBits); }
    void setState(State s) { stateBits = static_cast<std::uint8_t>(s) & 3U; }
};
// endregion: call-record
