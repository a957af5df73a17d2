#pragma once
/// Tasks waiting for something about one connection to happen (bytes to
/// read, room to write, the end), woken together when it does: asyncio
/// keeps a future per waiter for the same job. A waiter that is cancelled,
/// or whose task is destroyed, leaves the list and takes nothing with it.
/// For the loop's thread only, as everything a task touches.

#include "suspension.hpp"
#include "task.hpp"

#include <coroutine>
#include <cstddef>
#include <exception>
#include <vector>

// region: wait-list
class StreamWaitList {
public:
    class Awaiter;

    StreamWaitList() = default;
    // The awaiters point at the list: it stays put.
    StreamWaitList(const StreamWaitList&) = delete;
    StreamWaitList& operator=(const StreamWaitList&) = delete;
    /// Waiters still on the list are forgotten; their tasks must be gone
    /// first (the list's owner outlives them).
    ~StreamWaitList();

    /// co_await list.wait(): suspends until wakeAll().
    Awaiter wait();
    /// Resumes every waiter, in the order they came; with `error`, each
    /// one's co_await throws it. They run after this returns, one after
    /// the other, never inside it.
    void wakeAll(std::exception_ptr error = nullptr);

    bool empty() const { return waiters_.empty(); }
    std::size_t size() const { return waiters_.size(); }

private:
    friend class Awaiter;
    void remove(Awaiter& awaiter);

    std::vector<Awaiter*> waiters_;
};

class [[nodiscard]] StreamWaitList::Awaiter : public Waiting {
public:
    explicit Awaiter(StreamWaitList& list) : list_{&list} {}
    Awaiter(const Awaiter&) = delete;
    Awaiter& operator=(const Awaiter&) = delete;
    /// A task destroyed while it waits leaves the list.
    ~Awaiter() override;

    bool await_ready() const noexcept { return false; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false;
        }
        list_->waiters_.push_back(this);
        onList_ = true;
        suspension_.waitOn(*this);
        return true;
    }
    void await_resume();

    /// Leaves the list; the task resumes with CancelledError.
    void cancel() override;

private:
    friend class StreamWaitList;
    void wake(std::exception_ptr error);

    StreamWaitList* list_;
    Suspension suspension_;
    std::exception_ptr error_;
    bool onList_ = false;
};

inline StreamWaitList::Awaiter StreamWaitList::wait()
{
    return Awaiter{*this};
}
// endregion: wait-list
