#pragma once
/// Coroutines and Deferreds, both ways. `co_await deferred` suspends the
/// task until the Deferred fires, and resumes it with the result, or with
/// the failure thrown: the awaiter adds a callback and an errback that
/// resume the task, which is all a co_await is. ensureDeferred(task) goes
/// the other way, for code written with callbacks: a Deferred that fires
/// with what the task returns (Twisted's ensureDeferred, which does the
/// same for Python's coroutines). A cancel crosses over in both
/// directions: cancelling a task that awaits a Deferred cancels the
/// Deferred, and cancelling ensureDeferred's Deferred cancels the task.

#include "deferred.hpp"
#include "failure.hpp"
#include "suspension.hpp"
#include "task.hpp"

#include <coroutine>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

/// What `co_await deferred` does. The Deferred's result is taken: its
/// chain ends here, as it ends in Twisted's `await`, and a failure that
/// reaches the task is not reported again as unhandled.
template <typename T>
class DeferredAwaiter : public Waiting {
public:
    explicit DeferredAwaiter(Deferred<T> deferred)
        : deferred_{std::move(deferred)}
    {
    }
    DeferredAwaiter(const DeferredAwaiter&) = delete;
    DeferredAwaiter& operator=(const DeferredAwaiter&) = delete;
    /// A task destroyed while it waits: the Deferred's callbacks find
    /// nobody to resume when it fires.
    ~DeferredAwaiter() override
    {
        if (link_) {
            link_->awaiter = nullptr;
        }
    }

    // region: deferred-await
    bool await_ready() const noexcept { return false; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false;
        }
        listen();
        if (arrived()) {
            return false; // fired already: its callbacks ran in listen()
        }
        suspension_.waitOn(*this);
        suspending_ = false;
        return true;
    }
    T await_resume()
    {
        suspension_.check();
        if (failure_) {
            failure_->raise(); // the exception itself, type and all
        }
        if constexpr (!std::is_void_v<T>) {
            return std::move(*value_);
        }
    }

    /// The task is cancelled: so is the Deferred, whose canceller stops
    /// the work, and whose failure (CancelledError, unless the canceller
    /// fired it otherwise) resumes the task through the errback.
    void cancel() override
    {
        suspension_.cancelling(); // a second cancel() adds nothing
        deferred_.cancel();
    }
    // endregion: deferred-await

private:
    using Value = typename Deferred<T>::Value;
    // What the Deferred's callbacks hold: the awaiter while it is there.
    struct Link {
        DeferredAwaiter* awaiter;
    };

    // region: deferred-listen
    void listen()
    {
        link_ = std::make_shared<Link>(Link{this});
        auto onValue = [link = link_](auto&&... value) {
            if (link->awaiter != nullptr) {
                link->awaiter->value_.emplace(
                    std::forward<decltype(value)>(value)...);
                link->awaiter->arrive();
            }
        };
        // then() hands the result over (the chain ends in our callbacks),
        // and the errback on the Deferred<void> it returns ends a failure.
        deferred_.then(std::move(onValue))
            .addErrback([link = link_](Failure failure) {
                if (link->awaiter != nullptr) {
                    link->awaiter->failure_.emplace(std::move(failure));
                    link->awaiter->arrive();
                }
            });
    }

    bool arrived() const { return value_ || failure_; }

    // The Deferred has fired: resume the task, unless it has not
    // suspended yet (a Deferred fired already calls back inside listen()).
    void arrive()
    {
        link_->awaiter = nullptr; // once
        if (!suspending_) {
            suspension_.resume();
        }
    }
    // endregion: deferred-listen

    Deferred<T> deferred_;
    std::shared_ptr<Link> link_;
    std::optional<Value> value_;
    std::optional<Failure> failure_;
    Suspension suspension_;
    bool suspending_ = true;
};

/// `co_await deferred`, in any task.
template <typename T>
DeferredAwaiter<T> operator co_await(Deferred<T> deferred)
{
    return DeferredAwaiter<T>{std::move(deferred)};
}

/// The task and the Deferred it fires, kept alive by themselves while the
/// task runs (the Deferred's canceller holds only a weak reference).
template <typename T>
class Ensured : public TaskObserver {
public:
    Ensured(Task<T> task, Deferred<T> deferred)
        : task_{std::move(task)}, deferred_{std::move(deferred)}
    {
    }

    static void start(std::shared_ptr<Ensured> ensured)
    {
        ensured->self_ = ensured;
        ensured->task_.start(*ensured);
    }
    void cancel() { task_.cancel(); }

private:
    // region: ensured-done
    std::coroutine_handle<> taskDone() noexcept override
    {
        // A Deferred cancelled from inside a coroutine has failed with
        // CancelledError already, before the task's own end came.
        if (!deferred_.called()) {
            fire();
        }
        // Free the task, from inside its own final suspension (allowed:
        // it is suspended, and nothing of it is touched after this).
        std::shared_ptr<Ensured> last = std::move(self_);
        last.reset();
        return std::noop_coroutine();
    }
    // endregion: ensured-done

    // The task's value, or its exception, to the Deferred (whose
    // callbacks run now, and catch what they throw).
    void fire()
    {
        std::exception_ptr error;
        std::optional<typename Deferred<T>::Value> value;
        try {
            if constexpr (std::is_void_v<T>) {
                task_.result();
                value.emplace();
            } else {
                value.emplace(task_.result());
            }
        } catch (...) {
            error = std::current_exception();
        }
        if (error) {
            deferred_.errback(Failure{error});
        } else if constexpr (std::is_void_v<T>) {
            deferred_.callback();
        } else {
            deferred_.callback(std::move(*value));
        }
    }

    Task<T> task_;
    Deferred<T> deferred_;
    std::shared_ptr<Ensured> self_;
};

// region: ensure-deferred
/// A Deferred that fires with what `task` returns, or fails with what it
/// throws. The task starts now (or, inside a coroutine, as soon as that
/// one suspends). Cancelling the Deferred cancels the task.
template <typename T>
Deferred<T> ensureDeferred(Task<T> task)
{
    // The canceller reaches the task through a weak reference: a task
    // that has ended is gone, and the Deferred must not keep it.
    auto target = std::make_shared<std::weak_ptr<Ensured<T>>>();
    Deferred<T> deferred{[target](Deferred<T>&) {
        if (const std::shared_ptr<Ensured<T>> ensured = target->lock()) {
            ensured->cancel();
        }
    }};
    auto ensured = std::make_shared<Ensured<T>>(std::move(task), deferred);
    *target = ensured;
    Ensured<T>::start(std::move(ensured));
    return deferred;
}
// endregion: ensure-deferred
