#pragma once
/// The calls waiting for their time: a binary heap keyed by deadline, with
/// a sequence number that breaks ties, so that calls due at the same moment
/// run in the order they were scheduled. Usable on its own (the timer
/// benchmark drives one without a reactor): schedule, cancel through the
/// handle, and runDue(now) to run what is due.

#include "callback_runner.hpp"
#include "delayed_call.hpp"
#include "reactor_time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

// region: timer-queue
class TimerQueue {
public:
    /// `now` is the clock that reset() measures its delay from.
    explicit TimerQueue(TimeSource now = monotonicSeconds);
    /// The calls still pending never run; their handles see them cancelled.
    ~TimerQueue();
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    /// Schedules `f` to run once at `deadline`; `name` (a string that
    /// outlives the call) names it in reports.
    DelayedCall schedule(Time deadline, std::function<void()> f,
                         const char* name = "a delayed call");
    /// Schedules `f` `delay` from now (negative: due at once).
    DelayedCall callLater(Duration delay, std::function<void()> f,
                          const char* name = "a delayed call");

    /// Runs, through `runner`, each call due at `now` that was scheduled
    /// before this runDue began, earliest deadline first and, for equal
    /// deadlines, in scheduling order. What they schedule waits for the
    /// next runDue. Returns how many ran.
    std::size_t runDue(Time now, CallbackRunner& runner);
    /// The same, reporting a callback's exception on standard error.
    std::size_t runDue(Time now);

    /// The earliest deadline of a pending call; none when nothing waits.
    std::optional<Time> nextDeadline();
    /// Calls neither run nor cancelled.
    std::size_t pending() const { return pending_; }
    /// Heap entries that stand for no pending call (cancelled or moved),
    /// waiting to be dropped.
    std::size_t stale() const { return heap_.size() - pending_; }
    /// The pending calls, in no particular order (getDelayedCalls).
    std::vector<DelayedCall> delayedCalls();
    /// The time on this queue's clock.
    Time now() const { return now_(); }

private:
    friend class DelayedCall;
    using Call = DelayedCall::Call;
    // region: entry
    struct Entry {
        Time deadline;
        std::uint64_t sequence;
        Call* call;
    };
    // std::push_heap keeps the largest on top; "later" as the order puts
    // the earliest deadline there, and the oldest call among equals. An
    // object rather than a function, so that the heap algorithms inline
    // the comparison instead of calling through a pointer.
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const
        {
            if (a.deadline != b.deadline) {
                return a.deadline > b.deadline;
            }
            return a.sequence > b.sequence;
        }
    };
    static constexpr Later later{};
    // endregion: entry
    static bool isStale(const Entry& entry);

    void push(Call& call, Time deadline);
    void dropTop();
    void compactIfMostlyStale();
    void cancelled(Call& call);
    void moved(Call& call, Time deadline);

    TimeSource now_;
    std::vector<Entry> heap_;
    std::uint64_t nextSequence_ = 0;
    std::size_t pending_ = 0;
};
// endregion: timer-queue
