#pragma once
/// AsCompleted: the tasks' results in the order the tasks finish, one per
/// co_await next() (asyncio.as_completed). A poetry client prints each poem
/// as it arrives instead of waiting for the slowest.
///
///     AsCompleted<std::string> poems{std::move(downloads)};
///     while (poems.remaining() > 0) {
///         std::string poem = co_await poems.next(); // or throws
///     }
///
/// The tasks start at the first next(), all at once. Whatever is left
/// running when the AsCompleted is destroyed is destroyed with it.

#include "suspension.hpp"
#include "task.hpp"
#include "trampoline.hpp"

#include <coroutine>
#include <cstddef>
#include <deque>
#include <stdexcept>
#include <utility>
#include <vector>

// region: as-completed
template <typename T>
class AsCompleted {
public:
    explicit AsCompleted(std::vector<Task<T>> tasks)
        : tasks_{std::move(tasks)}, remaining_{tasks_.size()}
    {
        children_.reserve(tasks_.size());
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            children_.push_back(Child{*this, i});
        }
    }
    // The tasks point at this object: it stays put.
    AsCompleted(const AsCompleted&) = delete;
    AsCompleted& operator=(const AsCompleted&) = delete;

    /// Results not yet taken with next().
    std::size_t remaining() const { return remaining_; }

    class Next;
    /// Awaitable: the result of the next task to finish (or its exception,
    /// thrown). std::logic_error when none remains.
    Next next() { return Next{*this}; }

private:
    struct Child : TaskObserver {
        Child(AsCompleted& owner, std::size_t i) : all{&owner}, index{i} {}
        std::coroutine_handle<> taskDone() noexcept override
        {
            return all->childDone(index);
        }
        AsCompleted* all;
        std::size_t index;
    };

    void startAll()
    {
        started_ = true;
        const Trampoline::Hold hold; // they run once the caller suspends
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            tasks_[i].start(children_[i]);
        }
    }

    std::coroutine_handle<> childDone(std::size_t index) noexcept
    {
        finished_.push_back(index);
        if (waiter_ == nullptr) {
            return std::noop_coroutine(); // taken by a later next()
        }
        return std::exchange(waiter_, nullptr)->wake();
    }

    T take()
    {
        if (finished_.empty()) {
            throw std::logic_error{"AsCompleted: no result to take"};
        }
        const std::size_t index = finished_.front();
        finished_.pop_front();
        --remaining_;
        return tasks_[index].result();
    }

    std::vector<Task<T>> tasks_;
    std::vector<Child> children_;
    std::deque<std::size_t> finished_;
    std::size_t remaining_;
    Next* waiter_ = nullptr;
    bool started_ = false;
};

template <typename T>
class AsCompleted<T>::Next : public Waiting {
public:
    explicit Next(AsCompleted& all) : all_{all} {}
    Next(const Next&) = delete;
    Next& operator=(const Next&) = delete;
    ~Next() override
    {
        if (all_.waiter_ == this) {
            all_.waiter_ = nullptr; // the awaiting task was destroyed
        }
    }

    bool await_ready()
    {
        if (all_.remaining_ == 0) {
            throw std::logic_error{"AsCompleted: every result was taken"};
        }
        return !all_.finished_.empty();
    }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false;
        }
        if (!all_.started_) {
            all_.startAll();
        }
        all_.waiter_ = this;
        suspension_.waitOn(*this);
        return true;
    }
    T await_resume()
    {
        suspension_.check();
        return all_.take();
    }

    /// The awaiting task is cancelled: it stops waiting; the tasks go on.
    void cancel() override
    {
        all_.waiter_ = nullptr;
        suspension_.resumeCancelled();
    }

private:
    friend class AsCompleted;
    // A task has finished: the awaiting task runs next.
    std::coroutine_handle<> wake() noexcept { return suspension_.resumeNext(); }

    AsCompleted& all_;
    Suspension suspension_;
};
// endregion: as-completed
