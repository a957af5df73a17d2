#pragma once
/// Task<T>: a coroutine that produces a T, or fails, on the reactor's
/// thread. It is lazy: calling the coroutine function only builds its
/// frame, and nothing runs until the task is awaited or started. It owns
/// its frame: destroying an unfinished task destroys the frame, and with it
/// the coroutine's locals and whatever it was waiting on. An exception that
/// ends the coroutine is thrown again to whoever awaits it. And it can be
/// cancelled: what it waits on is called off and CancelledError is thrown
/// at that co_await (asyncio's Task.cancel).

#include "failure.hpp"
#include "trampoline.hpp"

#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

template <typename T = void>
class Task;

// region: waiting
/// What a suspended task waits on, when the wait can be called off: a
/// timer, a descriptor, a Deferred, another task. Task::cancel() calls
/// cancel() on it.
class Waiting {
public:
    virtual ~Waiting() = default;
    /// Calls off the wait and resumes the task, whose co_await then throws
    /// CancelledError (a task that awaits another passes the cancel on).
    virtual void cancel() = 0;
};

/// Hears that a task started with Task::start(observer) is done: how the
/// combinators (gather, shield, runUntilComplete...) follow their tasks.
class TaskObserver {
public:
    virtual ~TaskObserver() = default;
    /// Called as the task ends, from its final suspension. Returns the
    /// coroutine to run next (from Trampoline::transferTo), or
    /// std::noop_coroutine(). It may destroy the task.
    virtual std::coroutine_handle<> taskDone() noexcept = 0;
};
// endregion: waiting

// region: promise-base
/// The part of a task's promise that does not depend on T: how it started,
/// who waits for it, what it waits on, how it ended.
class TaskPromiseBase {
public:
    TaskPromiseBase() = default;
    TaskPromiseBase(const TaskPromiseBase&) = delete;
    TaskPromiseBase& operator=(const TaskPromiseBase&) = delete;
    ~TaskPromiseBase() { Trampoline::forget(self_); }

    // region: initial-final
    struct InitialAwaiter {
        TaskPromiseBase& promise;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) const noexcept {}
        /// A task cancelled before it started ends here: its body never
        /// runs (this exception goes to unhandled_exception).
        void await_resume() const
        {
            if (promise.takeCancel()) {
                throw CancelledError{};
            }
        }
    };
    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        // Symmetric transfer: the coroutine that awaited this one (or the
        // one its observer names) runs next, and the stack does not grow.
        std::coroutine_handle<>
        await_suspend(std::coroutine_handle<>) const noexcept
        {
            return promise->finished();
        }
        void await_resume() const noexcept {}
        TaskPromiseBase* promise;
    };
    // endregion: initial-final

    InitialAwaiter initial_suspend() noexcept { return {*this}; }
    FinalAwaiter final_suspend() noexcept { return {this}; }
    void unhandled_exception() noexcept { error_ = std::current_exception(); }

    bool done() const noexcept { return done_; }
    bool failed() const noexcept { return error_ != nullptr; }
    std::exception_ptr error() const noexcept { return error_; }

    /// A cancel that was asked for and not yet delivered: true once, and the
    /// caller throws CancelledError instead of suspending.
    bool takeCancel() noexcept
    {
        return std::exchange(cancelRequested_, false);
    }
    /// The task is suspended on `waiting` (nullptr: on nothing cancellable).
    void waitOn(Waiting* waiting) noexcept { waitingOn_ = waiting; }
    /// A CancelledError is on its way to the task (a second cancel adds
    /// nothing), or has arrived.
    void setCancelling(bool on) noexcept { cancelling_ = on; }
    /// Task::cancel(): see there.
    bool cancel();

    /// The task starts, awaited by `awaiting` or watched by `observer`
    /// (or neither); std::logic_error if it has started already.
    void markStarted(std::coroutine_handle<> awaiting, TaskObserver* observer);
    bool started() const noexcept { return started_; }

protected:
    std::coroutine_handle<> self_;

    // region: promise-state
private:
    std::coroutine_handle<> finished() noexcept;

    std::coroutine_handle<> continuation_;
    TaskObserver* observer_ = nullptr;
    Waiting* waitingOn_ = nullptr;
    std::exception_ptr error_;
    bool started_ = false;
    bool done_ = false;
    bool cancelRequested_ = false;
    bool cancelling_ = false;
    // endregion: promise-state
};

/// The promises of this chapter's tasks: the awaiters that can be cancelled
/// suspend only these (a compile error names a foreign coroutine).
template <typename P>
concept TaskPromiseType = std::derived_from<P, TaskPromiseBase>;
// endregion: promise-base

// region: promise
template <typename T>
class TaskPromise : public TaskPromiseBase {
public:
    static_assert(!std::is_reference_v<T>,
                  "a task returns a value: a reference could dangle");

    Task<T> get_return_object() noexcept;
    void return_value(T value) { value_.emplace(std::move(value)); }
    /// The value, moved out (once), or the exception the task ended with.
    T takeResult()
    {
        if (failed()) {
            std::rethrow_exception(error());
        }
        if (!value_) {
            throw std::logic_error{"Task: the result was already taken"};
        }
        T value = std::move(*value_);
        value_.reset();
        return value;
    }

private:
    std::optional<T> value_;
};

template <>
class TaskPromise<void> : public TaskPromiseBase {
public:
    Task<void> get_return_object() noexcept;
    void return_void() noexcept {}
    void takeResult() const
    {
        if (failed()) {
            std::rethrow_exception(error());
        }
    }
};
// endregion: promise

template <typename T>
class TaskAwaiter;

// region: task
template <typename T>
class [[nodiscard]] Task {
public:
    using promise_type = TaskPromise<T>;

    /// No task: done() is false, the rest throws.
    Task() = default;
    Task(Task&& other) noexcept : handle_{std::exchange(other.handle_, {})} {}
    Task& operator=(Task&& other) noexcept
    {
        if (this != &other) {
            destroy();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    /// An unfinished task's frame is destroyed: its locals' destructors
    /// run, and what it waited on is called off. Never from inside itself.
    ~Task() { destroy(); }

    // region: task-public
    /// Started, or awaited.
    bool started() const noexcept { return handle_ && promise().started(); }
    /// Ended, with a value or an exception.
    bool done() const noexcept { return handle_ && promise().done(); }
    /// Ended with an exception (CancelledError for a cancelled task).
    bool failed() const noexcept { return done() && promise().failed(); }
    /// Calls off what the task waits on; CancelledError is thrown there.
    /// A task that is running, or not started, gets it at its next
    /// co_await of something cancellable (or before its body runs). False
    /// if it has already ended.
    bool cancel()
    {
        // Tasks the cancel wakes run after it has spread, not inside it.
        const Trampoline::Hold hold;
        return checked().cancel();
    }
    /// The value the task returned, moved out (once), or its exception
    /// thrown again. std::logic_error before the task is done.
    T result()
    {
        if (!done()) {
            throw std::logic_error{"Task::result(): the task is not done"};
        }
        return promise().takeResult();
    }

    /// Runs the task until it first suspends (at once, or after the
    /// running coroutine has suspended). The Task still owns it: done()
    /// and result() tell how it went.
    void start() { startObservedBy(nullptr); }
    /// The same, and `observer` hears when the task ends.
    void start(TaskObserver& observer) { startObservedBy(&observer); }

    /// co_await task: starts it and resumes the awaiting task with its
    /// result, or throws its exception there.
    TaskAwaiter<T> operator co_await() & noexcept
    {
        return TaskAwaiter<T>{*this};
    }
    TaskAwaiter<T> operator co_await() && noexcept
    {
        return TaskAwaiter<T>{*this};
    }
    // endregion: task-public

private:
    friend class TaskPromise<T>;
    friend class TaskAwaiter<T>;
    explicit Task(std::coroutine_handle<promise_type> handle) noexcept
        : handle_{handle}
    {
    }
    promise_type& promise() const noexcept { return handle_.promise(); }
    promise_type& checked() const
    {
        if (!handle_) {
            throw std::logic_error{"Task: no coroutine (moved from?)"};
        }
        return promise();
    }
    void startObservedBy(TaskObserver* observer)
    {
        checked().markStarted({}, observer);
        Trampoline::resume(handle_);
    }
    void destroy() noexcept
    {
        if (handle_) {
            std::exchange(handle_, {}).destroy();
        }
    }

    std::coroutine_handle<promise_type> handle_;
};
// endregion: task

template <typename T>
Task<T> TaskPromise<T>::get_return_object() noexcept
{
    auto handle = std::coroutine_handle<TaskPromise<T>>::from_promise(*this);
    self_ = handle;
    return Task<T>{handle};
}

inline Task<void> TaskPromise<void>::get_return_object() noexcept
{
    auto handle = std::coroutine_handle<TaskPromise<void>>::from_promise(*this);
    self_ = handle;
    return Task<void>{handle};
}

// region: task-awaiter
/// What `co_await task` does: the awaiting task suspends and the awaited
/// one runs next; when it ends, the awaiting one runs next. A cancel of
/// the awaiting task is passed on to the awaited one.
template <typename T>
class TaskAwaiter : public Waiting {
public:
    explicit TaskAwaiter(Task<T>& task) noexcept : task_{task} {}

    /// A task that has already ended gives its result without suspending.
    bool await_ready() const noexcept { return task_.done(); }

    template <TaskPromiseType P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> awaiting)
    {
        TaskPromiseBase& parent = awaiting.promise();
        if (parent.takeCancel()) {
            // Cancelled before this await: the awaited task never starts.
            cancelledHere_ = true;
            return Trampoline::transferTo(awaiting);
        }
        task_.checked().markStarted(awaiting, nullptr);
        const std::coroutine_handle<> next =
            Trampoline::transferTo(task_.handle_);
        parent_ = &parent;
        parent.waitOn(this);
        return next;
    }

    T await_resume()
    {
        if (parent_ != nullptr) {
            parent_->waitOn(nullptr);
        }
        if (cancelledHere_) {
            throw CancelledError{};
        }
        return task_.result();
    }

    void cancel() override { task_.cancel(); }

private:
    Task<T>& task_;
    TaskPromiseBase* parent_ = nullptr;
    bool cancelledHere_ = false;
};
// endregion: task-awaiter
