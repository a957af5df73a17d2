#pragma once
/// A clock for tests: time moves only when the code under test reads the
/// clock or sleeps, by amounts the test chooses, so every run of a test
/// polls the same number of times and sees the same delays, however fast
/// or busy the machine is.

#include "clock.hpp"

#include <cstddef>

// region: fake_clock
class FakeClock final : public Clock {
public:
    /// Each reading of now() costs `tick`, the time one look takes. A
    /// busy loop needs a tick above zero: without one, time never passes.
    explicit FakeClock(Duration tick = Duration::zero()) : tick_{tick} {}

    Duration now() override
    {
        now_ += tick_;
        return now_;
    }

    void sleepFor(Duration duration) override
    {
        now_ += duration;
        slept_ += duration;
        ++sleeps_;
    }

    Duration slept() const { return slept_; }
    std::size_t sleeps() const { return sleeps_; }

private:
    Duration tick_;
    Duration now_{};
    Duration slept_{};
    std::size_t sleeps_ = 0;
};
// endregion: fake_clock
