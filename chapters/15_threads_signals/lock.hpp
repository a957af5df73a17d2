#pragma once
/// Lock: mutual exclusion between tasks of one loop (asyncio.Lock). A task
/// holds it from `co_await lock.acquire()` to `lock.release()`, and others
/// wait in line across their own co_awaits. Tasks need it only around a
/// co_await: between two co_awaits a task runs alone on the loop's thread
/// anyway, so the lock is a flag and a line of waiters, with no atomics.
/// It is fair: release() hands the lock to the task that waited longest.

#include "task.hpp"
#include "waiter_list.hpp"

#include <coroutine>
#include <cstddef>

// region: lock
class Lock {
public:
    class Acquire;

    Lock() = default;
    // Waiting tasks point at the lock: it stays put, and outlives them.
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

    /// co_await lock.acquire(): takes the lock, waiting while another task
    /// holds it or waits for it. Cancellable: a task cancelled in line
    /// leaves it without the lock.
    [[nodiscard]] Acquire acquire();
    /// Gives the lock up: to the task that waited longest (it runs after
    /// this returns), or to nobody. std::logic_error if it is not held.
    void release();
    /// Held by a task.
    bool locked() const noexcept { return locked_; }
    /// How many tasks wait.
    std::size_t waiting() const noexcept { return waiters_.size(); }

private:
    bool takeIfFree() noexcept;

    WaiterList waiters_;
    bool locked_ = false;
};

class [[nodiscard]] Lock::Acquire : public Waiter {
public:
    explicit Acquire(Lock& lock) : lock_{lock} {}
    /// Handed the lock, and its task destroyed before it ran: the lock
    /// goes on to the next in line.
    ~Acquire() override;

    /// Free and nobody in line: taken at once.
    bool await_ready() noexcept { return lock_.takeIfFree(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(lock_.waiters_, task);
    }
    void await_resume() { arrived(); }

private:
    Lock& lock_;
};
// endregion: lock

inline Lock::Acquire Lock::acquire()
{
    return Acquire{*this};
}
