#pragma once
/// Semaphore: at most N tasks at once past a point (asyncio.Semaphore), for
/// instance N handlers doing something costly. acquire() takes one of its
/// units, waiting in line while there is none; release() gives one back,
/// to the task that waited longest. BoundedSemaphore also refuses a
/// release() that would give it more units than it started with: a bug
/// (a release without its acquire) caught where it happens.

#include "task.hpp"
#include "waiter_list.hpp"

#include <coroutine>
#include <cstddef>
#include <optional>

// region: semaphore
class Semaphore {
public:
    class Acquire;

    /// `value` units (1: a lock).
    explicit Semaphore(std::size_t value = 1) : value_{value} {}
    // Waiting tasks point at the semaphore: it stays put, and outlives them.
    Semaphore(const Semaphore&) = delete;
    Semaphore& operator=(const Semaphore&) = delete;

    /// co_await semaphore.acquire(): takes a unit, waiting in line while
    /// there is none (or others wait before). Cancellable: a task
    /// cancelled in line takes nothing.
    [[nodiscard]] Acquire acquire();
    /// Gives a unit back: to the task that waited longest (it runs after
    /// this returns), or to the semaphore. A BoundedSemaphore throws
    /// std::logic_error instead of going past its start.
    void release();
    /// No unit to take now.
    bool locked() const noexcept { return value_ == 0 || !waiters_.empty(); }
    /// Units free.
    std::size_t value() const noexcept { return value_; }
    /// How many tasks wait.
    std::size_t waiting() const noexcept { return waiters_.size(); }

protected:
    Semaphore(std::size_t value, std::size_t bound)
        : value_{value}, bound_{bound}
    {
    }

private:
    bool takeIfFree() noexcept;
    void giveBack();

    WaiterList waiters_;
    std::size_t value_;
    std::optional<std::size_t> bound_;
};

class [[nodiscard]] Semaphore::Acquire : public Waiter {
public:
    explicit Acquire(Semaphore& semaphore) : semaphore_{semaphore} {}
    /// Handed a unit, and its task destroyed before it ran: the unit goes
    /// back.
    ~Acquire() override;

    bool await_ready() noexcept { return semaphore_.takeIfFree(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(semaphore_.waiters_, task);
    }
    void await_resume() { arrived(); }

private:
    Semaphore& semaphore_;
};

/// A Semaphore whose release() past its starting value is an error.
class BoundedSemaphore : public Semaphore {
public:
    explicit BoundedSemaphore(std::size_t value = 1) : Semaphore{value, value}
    {
    }
};
// endregion: semaphore

inline Semaphore::Acquire Semaphore::acquire()
{
    return Acquire{*this};
}
