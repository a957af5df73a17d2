#include "condition.hpp"

#include "trampoline.hpp"

#include <exception>
#include <stdexcept>
#include <string>

// region: condition-wait
Task<void> Condition::wait()
{
    requireLock("wait");
    lock_.release();
    std::exception_ptr cancelled;
    try {
        co_await Notified{*this};
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    co_await reacquire(cancelled);
    if (cancelled) {
        std::rethrow_exception(cancelled); // now that the lock is held
    }
}

// A cancel while the lock is taken back is kept for later, and the task
// waits on: the caller's code after wait() must run holding the lock.
Task<void> Condition::reacquire(std::exception_ptr& cancelled)
{
    for (;;) {
        try {
            co_await lock_.acquire();
            co_return;
        } catch (const CancelledError&) {
            cancelled = std::current_exception();
        }
    }
}
// endregion: condition-wait

void Condition::notify(std::size_t n)
{
    requireLock("notify");
    wakeUpTo(n);
}

void Condition::notifyAll()
{
    requireLock("notifyAll");
    wakeUpTo(waiters_.size());
}

void Condition::wakeUpTo(std::size_t n)
{
    // The woken tasks run after this returns, and then wait in the lock's
    // line: the task notifying holds the lock.
    const Trampoline::Hold hold;
    for (std::size_t i = 0; i < n && !waiters_.empty(); ++i) {
        waiters_.wakeFirst();
    }
}

void Condition::requireLock(const char* call) const
{
    if (!lock_.locked()) {
        throw std::logic_error{std::string{"Condition::"} + call +
                               "(): the lock is not held"};
    }
}

Condition::Notified::~Notified()
{
    if (wokenUnseen()) {
        condition_.wakeUpTo(1);
    }
}
