#include "timer_queue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

TimerQueue::TimerQueue(TimeSource now) : now_{std::move(now)} {}

TimerQueue::~TimerQueue()
{
    for (const Entry& entry : heap_) {
        if (!isStale(entry)) {
            entry.call->setState(Call::State::cancelled);
            entry.call->function = nullptr;
        }
    }
    for (const Entry& entry : heap_) {
        DelayedCall::release(entry.call);
    }
}

// region: schedule
DelayedCall TimerQueue::schedule(Time deadline, std::function<void()> f,
                                 const char* name)
{
    auto* call = new Call{};
    call->function = std::move(f);
    call->name = name;
    DelayedCall handle{call, this};
    push(*call, deadline);
    ++pending_;
    return handle;
}

DelayedCall TimerQueue::callLater(Duration delay, std::function<void()> f,
                                  const char* name)
{
    return schedule(deadlineAfter(now(), delay), std::move(f), name);
}

void TimerQueue::push(Call& call, Time deadline)
{
    if (nextSequence_ > Call::maxSequence) {
        throw std::overflow_error{"TimerQueue: 2^48 calls scheduled"};
    }
    DelayedCall::retain(call); // the entry's
    call.deadline = deadline;
    // The mask changes nothing (see the check above); it tells the
    // compiler that the number fits the record's 48 bits.
    call.sequence = nextSequence_++ & Call::maxSequence;
    heap_.push_back(Entry{deadline, call.sequence, &call});
    std::push_heap(heap_.begin(), heap_.end(), later);
}
// endregion: schedule

bool TimerQueue::isStale(const Entry& entry)
{
    return entry.call->state() != Call::State::pending ||
           entry.call->sequence != entry.sequence;
}

void TimerQueue::dropTop()
{
    std::pop_heap(heap_.begin(), heap_.end(), later);
    DelayedCall::release(heap_.back().call);
    heap_.pop_back();
}

void TimerQueue::cancelled(Call&)
{
    --pending_;
}

void TimerQueue::moved(Call& call, Time deadline)
{
    // A new entry with a new sequence number; the old one turns stale.
    // So a moved call goes behind the calls already due at its new time.
    push(call, deadline);
}

// region: run-due
std::size_t TimerQueue::runDue(Time now, CallbackRunner& runner)
{
    compactIfMostlyStale();
    // Calls scheduled from here on have a sequence number at least this:
    // they wait for the next runDue, so a call that re-arms itself with
    // no delay runs once per turn and cannot starve the loop.
    const std::uint64_t firstNew = nextSequence_;
    std::size_t ran = 0;
    while (!heap_.empty() && heap_.front().deadline <= now &&
           heap_.front().sequence < firstNew) {
        if (isStale(heap_.front())) {
            dropTop();
            continue;
        }
        // Keep the call alive across its own run, whatever it cancels.
        const DelayedCall running{heap_.front().call, this};
        dropTop();
        Call& call = *running.call_;
        call.setState(Call::State::called); // cancel() inside: AlreadyCalled
        --pending_;
        const std::function<void()> function = std::move(call.function);
        runner.run(call.name, function);
        ++ran;
    }
    return ran;
}
// endregion: run-due

std::size_t TimerQueue::runDue(Time now)
{
    CallbackRunner runner{now_};
    return runDue(now, runner);
}

std::optional<Time> TimerQueue::nextDeadline()
{
    while (!heap_.empty() && isStale(heap_.front())) {
        dropTop();
    }
    if (heap_.empty()) {
        return std::nullopt;
    }
    return heap_.front().deadline;
}

// region: compact
void TimerQueue::compactIfMostlyStale()
{
    // Rebuilding costs a pass over the heap, so it waits until the stale
    // entries outnumber the live ones: then the pass at least halves it.
    if (stale() <= 50 || stale() <= pending_) {
        return;
    }
    const auto firstStale =
        std::partition(heap_.begin(), heap_.end(),
                       [](const Entry& entry) { return !isStale(entry); });
    for (auto entry = firstStale; entry != heap_.end(); ++entry) {
        DelayedCall::release(entry->call);
    }
    heap_.erase(firstStale, heap_.end());
    std::make_heap(heap_.begin(), heap_.end(), later);
}
// endregion: compact

std::vector<DelayedCall> TimerQueue::delayedCalls()
{
    std::vector<DelayedCall> calls;
    for (const Entry& entry : heap_) {
        if (!isStale(entry)) {
            calls.push_back(DelayedCall{entry.call, this});
        }
    }
    return calls;
}
