#pragma once
/// Condition: tasks wait, holding a lock, until another task that changed
/// the shared state under the same lock tells them to look again
/// (asyncio.Condition). wait() gives the lock up while it waits and takes
/// it back before it returns, even when it is cancelled, so the code after
/// it always runs holding the lock.

#include "lock.hpp"
#include "task.hpp"
#include "waiter_list.hpp"

#include <coroutine>
#include <cstddef>
#include <utility>

// region: condition
class Condition {
public:
    /// With a lock of its own.
    Condition() : lock_{ownLock_} {}
    /// Sharing `lock` with other conditions (it must outlive this).
    explicit Condition(Lock& lock) : lock_{lock} {}
    // Waiting tasks point at the condition: it stays put, and outlives them.
    Condition(const Condition&) = delete;
    Condition& operator=(const Condition&) = delete;

    /// The lock's acquire(), release() and locked().
    [[nodiscard]] Lock::Acquire acquire() { return lock_.acquire(); }
    void release() { lock_.release(); }
    bool locked() const noexcept { return lock_.locked(); }

    /// co_await condition.wait(), holding the lock: releases it, waits for
    /// notify(), and takes the lock back before returning. A cancel ends
    /// the wait, but CancelledError comes only once the lock is held
    /// again. std::logic_error if the lock is not held.
    Task<void> wait();
    /// Waits until predicate() is true (checked first, and after each
    /// wake-up), holding the lock as wait() does.
    template <typename Predicate>
    Task<void> waitFor(Predicate predicate);

    /// Wakes up to `n` waiting tasks, in the order they came; they run
    /// once the lock is theirs. Called holding the lock (std::logic_error
    /// otherwise).
    void notify(std::size_t n = 1);
    /// Wakes every waiting task.
    void notifyAll();
    /// How many tasks wait for a notify.
    std::size_t waiting() const noexcept { return waiters_.size(); }

private:
    class Notified;
    void requireLock(const char* call) const;
    void wakeUpTo(std::size_t n);
    Task<void> reacquire(std::exception_ptr& cancelled);

    Lock ownLock_;
    Lock& lock_;
    WaiterList waiters_;
};

/// The wait for a notify, inside wait().
class [[nodiscard]] Condition::Notified : public Waiter {
public:
    explicit Notified(Condition& condition) : condition_{condition} {}
    /// Notified, and its task destroyed before it ran: the notify goes on
    /// to the next waiter, so that it is not lost.
    ~Notified() override;

    bool await_ready() const noexcept { return false; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(condition_.waiters_, task);
    }
    void await_resume() { arrived(); }

private:
    Condition& condition_;
};
// endregion: condition

template <typename Predicate>
Task<void> Condition::waitFor(Predicate predicate)
{
    while (!predicate()) {
        co_await wait();
    }
}
