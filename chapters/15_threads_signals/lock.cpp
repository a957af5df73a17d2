#include "lock.hpp"

#include "trampoline.hpp"

#include <stdexcept>

// region: lock-release
void Lock::release()
{
    if (!locked_) {
        throw std::logic_error{"Lock::release(): the lock is not held"};
    }
    if (waiters_.empty()) {
        locked_ = false;
        return;
    }
    // Still locked: it changes hands without ever being free, so no task
    // that comes in between can take it.
    const Trampoline::Hold hold;
    waiters_.wakeFirst();
}
// endregion: lock-release

bool Lock::takeIfFree() noexcept
{
    if (locked_ || !waiters_.empty()) {
        return false;
    }
    locked_ = true;
    return true;
}

Lock::Acquire::~Acquire()
{
    if (wokenUnseen()) {
        lock_.release();
    }
}
