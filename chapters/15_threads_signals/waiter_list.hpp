#pragma once
/// The line of tasks waiting at one of this chapter's primitives (a queue,
/// a lock, a semaphore, an event), first come first served. The primitive
/// decides when the first in line may go, hands it what it waited for (an
/// item, the lock, a unit of the semaphore) and wakes it: once woken, its
/// wait has succeeded, and a cancel that comes later is for the task's
/// next co_await, as for a timer that has fired. A waiter cancelled in
/// line leaves it and takes nothing with it. For the loop's thread only,
/// like everything a task touches: no two of these functions ever run at
/// once, so none needs an atomic or a mutex.

#include "suspension.hpp"
#include "task.hpp"

#include <coroutine>
#include <cstddef>

class WaiterList;

// region: waiter
/// One task in line. The primitives derive their awaiters from it, adding
/// what is handed over.
class Waiter : public Waiting {
public:
    // The line points at its waiters: they stay put.
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    /// A task destroyed while it waits leaves the line.
    ~Waiter() override;

    /// Leaves the line; the task resumes with CancelledError.
    void cancel() override;

protected:
    Waiter() = default;

    /// In await_suspend: joins the end of `line`, unless a cancel is
    /// pending (then false: the task does not suspend, and arrived()
    /// throws CancelledError).
    template <TaskPromiseType P>
    bool joinLine(WaiterList& line, std::coroutine_handle<P> task);
    /// In await_resume: the task has seen the outcome. CancelledError if
    /// the wait was called off.
    void arrived()
    {
        seen_ = true;
        suspension_.check();
    }
    /// Woken, and its task has not run since: what was handed over has not
    /// been taken. A derived destructor gives it back then (its task was
    /// destroyed in between), so that nothing is lost.
    bool wokenUnseen() const noexcept { return woken_ && !seen_; }

private:
    friend class WaiterList;

    WaiterList* line_ = nullptr; // set while in line
    Waiter* previous_ = nullptr;
    Waiter* next_ = nullptr;
    Suspension suspension_;
    bool woken_ = false;
    bool seen_ = false;
};
// endregion: waiter

// region: waiter-list
class WaiterList {
public:
    WaiterList() = default;
    WaiterList(const WaiterList&) = delete;
    WaiterList& operator=(const WaiterList&) = delete;
    /// Waiters still in line are forgotten; their tasks must be gone first
    /// (the primitive outlives the tasks that use it).
    ~WaiterList();

    bool empty() const noexcept { return first_ == nullptr; }
    std::size_t size() const noexcept { return size_; }
    /// The first in line (nullptr if none), for the primitive to hand it
    /// what it waits for before wakeFirst().
    Waiter* first() const noexcept { return first_; }

    /// Takes the first waiter out of line and resumes it. Its task runs
    /// once the running coroutine has suspended, or at once if none runs
    /// (callers that must finish first hold the Trampoline).
    void wakeFirst();
    /// The same for every waiter, in the order they came.
    void wakeAll();

private:
    friend class Waiter;
    void append(Waiter& waiter) noexcept;
    void remove(Waiter& waiter) noexcept;

    Waiter* first_ = nullptr;
    Waiter* last_ = nullptr;
    std::size_t size_ = 0;
};
// endregion: waiter-list

template <TaskPromiseType P>
bool Waiter::joinLine(WaiterList& line, std::coroutine_handle<P> task)
{
    if (suspension_.cancelPending(task)) {
        return false;
    }
    line.append(*this);
    suspension_.waitOn(*this);
    return true;
}
