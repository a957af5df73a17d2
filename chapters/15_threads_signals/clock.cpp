#include "clock.hpp"

#include <stdexcept>

Clock::Clock()
    : queue_{[this] { return now_; }}, runner_{[this] { return now_; }}
{
}

DelayedCall Clock::callLater(Duration delay, std::function<void()> f,
                             const char* name)
{
    return queue_.callLater(delay, std::move(f), name);
}

std::vector<DelayedCall> Clock::getDelayedCalls()
{
    return queue_.delayedCalls();
}

void Clock::advance(Duration amount)
{
    if (amount < Duration::zero()) {
        throw std::invalid_argument{"Clock::advance: time cannot go back"};
    }
    now_ = deadlineAfter(now_, amount);
    queue_.runDue(now_, runner_);
}

void Clock::pump(std::initializer_list<Duration> amounts)
{
    for (const Duration amount : amounts) {
        advance(amount);
    }
}
