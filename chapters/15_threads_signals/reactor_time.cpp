#include "reactor_time.hpp"

Time monotonicSeconds()
{
    return std::chrono::steady_clock::now();
}

Time deadlineAfter(Time now, Duration delay)
{
    // Compare before adding: the addition itself would overflow.
    const Duration since = now.time_since_epoch();
    if (delay > Duration::zero() && since > Duration::max() - delay) {
        return Time::max();
    }
    if (delay < Duration::zero() && since < Duration::min() - delay) {
        return Time::min();
    }
    return now + delay;
}
