#include "waker.hpp"

#include "error.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

Waker::Waker() : fd_{::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)}
{
    if (!fd_) {
        common::throwSystemError("eventfd");
    }
}

// region: wake-up
void Waker::wakeUp() noexcept
{
    const std::uint64_t one = 1;
    // EAGAIN only when the counter is at its maximum: the loop is already
    // due to wake, so there is nothing more to say.
    [[maybe_unused]] const ssize_t written = ::write(fd_.get(), &one, sizeof one);
}

void Waker::drain() noexcept
{
    std::uint64_t count = 0;
    // One read takes the whole counter, however many writes made it.
    [[maybe_unused]] const ssize_t read = ::read(fd_.get(), &count, sizeof count);
}
// endregion: wake-up
