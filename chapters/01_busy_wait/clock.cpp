#include "clock.hpp"

#include <thread>

SystemClock::SystemClock() : start_{std::chrono::steady_clock::now()}
{
}

Duration SystemClock::now()
{
    // steady_clock, not system_clock: it never jumps when the date is set.
    return std::chrono::steady_clock::now() - start_;
}

void SystemClock::sleepFor(Duration duration)
{
    std::this_thread::sleep_for(duration);
}
