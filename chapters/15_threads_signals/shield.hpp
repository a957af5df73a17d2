#pragma once
/// shield(task): awaits the task, but a cancel of the awaiting task does
/// not reach it (asyncio.shield). The awaiting task gets CancelledError at
/// once, and the shielded task runs on to its end, unwatched: what it
/// returns or throws then is dropped. Work that must finish whatever
/// happens to whoever asked for it (a write to a log, a reply already half
/// sent) is shielded. Destroying the awaiting task is not a cancel: the
/// shielded task is destroyed with it.

#include "suspension.hpp"
#include "task.hpp"
#include "trampoline.hpp"

#include <coroutine>
#include <memory>
#include <type_traits>
#include <utility>

// region: shielded
/// The shielded task, shared by the awaiter and, once the awaiting task has
/// been cancelled, by itself: it then keeps itself alive until it ends.
template <typename T>
class Shielded : public TaskObserver {
public:
    explicit Shielded(Task<T> task) : task_{std::move(task)} {}

    Task<T>& task() { return task_; }

    class Await;

private:
    std::coroutine_handle<> taskDone() noexcept override
    {
        if (waiter_ != nullptr) {
            return std::exchange(waiter_, nullptr)->resumeNext();
        }
        // Nobody waits any more: free the task, from inside its own final
        // suspension (allowed: it is suspended, and nothing of it is
        // touched after this).
        std::shared_ptr<Shielded> last = std::move(self_);
        last.reset();
        return std::noop_coroutine();
    }

    Task<T> task_;
    Suspension* waiter_ = nullptr;
    std::shared_ptr<Shielded> self_;
};

template <typename T>
class Shielded<T>::Await : public Waiting {
public:
    explicit Await(std::shared_ptr<Shielded> shielded)
        : shielded_{std::move(shielded)}
    {
    }
    Await(const Await&) = delete;
    Await& operator=(const Await&) = delete;
    ~Await() override
    {
        if (shielded_->waiter_ == &suspension_) {
            shielded_->waiter_ = nullptr;
        }
    }

    bool await_ready() const noexcept { return shielded_->task_.done(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false; // cancelled already: the task never starts
        }
        shielded_->waiter_ = &suspension_;
        suspension_.waitOn(*this);
        shielded_->task_.start(*shielded_); // after this task suspends
        return true;
    }
    void await_resume() { suspension_.check(); }

    /// The awaiting task is cancelled: it stops waiting, and the shielded
    /// task, left running, keeps itself alive until it ends.
    void cancel() override
    {
        shielded_->waiter_ = nullptr;
        shielded_->self_ = shielded_;
        suspension_.resumeCancelled();
    }

private:
    std::shared_ptr<Shielded> shielded_;
    Suspension suspension_;
};
// endregion: shielded

// region: shield
/// What `task` returns; a cancel of the awaiting task stops the wait with
/// CancelledError and leaves `task` running.
template <typename T>
Task<T> shield(Task<T> task)
{
    auto shielded = std::make_shared<Shielded<T>>(std::move(task));
    co_await typename Shielded<T>::Await{shielded};
    if constexpr (std::is_void_v<T>) {
        shielded->task().result();
    } else {
        co_return shielded->task().result();
    }
}
// endregion: shield
