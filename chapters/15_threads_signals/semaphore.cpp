#include "semaphore.hpp"

#include "trampoline.hpp"

#include <stdexcept>
#include <string>

// region: semaphore-release
void Semaphore::release()
{
    if (bound_ && value_ >= *bound_) {
        throw std::logic_error{
            "BoundedSemaphore::release(): released more times than acquired "
            "(it started with " +
            std::to_string(*bound_) + ")"};
    }
    giveBack();
}

void Semaphore::giveBack()
{
    if (waiters_.empty()) {
        ++value_;
        return;
    }
    // The unit goes straight to the first in line: value_ stays 0, and no
    // task that comes in between can take it.
    const Trampoline::Hold hold;
    waiters_.wakeFirst();
}
// endregion: semaphore-release

bool Semaphore::takeIfFree() noexcept
{
    if (locked()) {
        return false;
    }
    --value_;
    return true;
}

Semaphore::Acquire::~Acquire()
{
    if (wokenUnseen()) {
        semaphore_.giveBack();
    }
}
