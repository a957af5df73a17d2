#pragma once
/// gather(tasks): runs the tasks side by side and gives their results in
/// the order of the tasks, whatever order they finish in (asyncio.gather;
/// Twisted's gatherResults).
///
/// The first failure fails the gather, and it cancels the tasks still
/// running, waits for them to end, then throws that failure. asyncio's
/// gather does not cancel the others (its TaskGroup does): its tasks
/// belong to the loop and may run on unwatched. Here the gather owns its
/// tasks, so none may outlive it, and a failed download is a reason to
/// stop the others, not to leave them running for nobody. Cancelling the
/// gather cancels every task it runs.

#include "task.hpp"
#include "trampoline.hpp"

#include <coroutine>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

// region: gathering
/// The awaiter at the heart of gather(): starts every task, and resumes the
/// awaiting task once all have ended.
template <typename T>
class Gathering : public Waiting {
public:
    explicit Gathering(std::vector<Task<T>> tasks) : tasks_{std::move(tasks)}
    {
        children_.reserve(tasks_.size());
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            children_.push_back(Child{*this, i});
        }
    }
    // The children point at this object: it stays put.
    Gathering(const Gathering&) = delete;
    Gathering& operator=(const Gathering&) = delete;

    bool await_ready() const noexcept { return tasks_.empty(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> awaiting)
    {
        promise_ = &awaiting.promise();
        if (promise_->takeCancel()) {
            cancelled_ = true; // none of the tasks starts
            return false;
        }
        awaiting_ = awaiting;
        startAll();
        if (running_ == 0) {
            return false; // all done already: no need to suspend
        }
        promise_->waitOn(this);
        return true;
    }
    /// Throws the first failure, or CancelledError if the gather was
    /// cancelled; the results are then in the tasks.
    void await_resume()
    {
        if (promise_ != nullptr) {
            promise_->waitOn(nullptr);
        }
        if (firstFailed_) {
            tasks_[*firstFailed_].result(); // throws its exception
        }
        if (cancelled_) {
            throw CancelledError{};
        }
    }

    /// Every task's result, in the order of the tasks.
    auto results() requires(!std::is_void_v<T>)
    {
        std::vector<T> values;
        values.reserve(tasks_.size());
        for (Task<T>& task : tasks_) {
            values.push_back(task.result());
        }
        return values;
    }

    /// The gather is cancelled: so is every task still running.
    void cancel() override
    {
        cancelled_ = true;
        cancelRunning();
    }

private:
    struct Child : TaskObserver {
        Child(Gathering& owner, std::size_t i) : all{&owner}, index{i} {}
        std::coroutine_handle<> taskDone() noexcept override
        {
            return all->childDone(index);
        }
        Gathering* all;
        std::size_t index;
    };

    void startAll()
    {
        for (const Task<T>& task : tasks_) {
            if (task.started()) {
                throw std::logic_error{"gather: a task already started"};
            }
        }
        running_ = tasks_.size();
        starting_ = true;
        {
            // Queued, not run inside this await_suspend: they run one by
            // one once the awaiting task has suspended.
            const Trampoline::Hold hold;
            for (std::size_t i = 0; i < tasks_.size(); ++i) {
                tasks_[i].start(children_[i]);
            }
        }
        starting_ = false;
    }

    std::coroutine_handle<> childDone(std::size_t index) noexcept
    {
        --running_;
        if (!firstFailed_ && tasks_[index].failed()) {
            firstFailed_ = index;
            cancelRunning(); // they resume later, one at a time
        }
        if (running_ > 0 || starting_) {
            return std::noop_coroutine();
        }
        promise_->waitOn(nullptr);
        return Trampoline::transferTo(awaiting_);
    }

    void cancelRunning()
    {
        for (Task<T>& task : tasks_) {
            if (task.started() && !task.done()) {
                task.cancel();
            }
        }
    }

    std::vector<Task<T>> tasks_;
    std::vector<Child> children_;
    TaskPromiseBase* promise_ = nullptr;
    std::coroutine_handle<> awaiting_;
    std::size_t running_ = 0;
    std::optional<std::size_t> firstFailed_;
    bool starting_ = false;
    bool cancelled_ = false;
};
// endregion: gathering

// region: gather
/// The tasks' results, in the order of `tasks`; see the top of this file
/// for what a failure and a cancel do.
template <typename T>
Task<std::vector<T>> gather(std::vector<Task<T>> tasks)
{
    Gathering<T> all{std::move(tasks)};
    co_await all;
    co_return all.results();
}

/// For tasks that return nothing: done when all are.
inline Task<void> gather(std::vector<Task<void>> tasks)
{
    Gathering<void> all{std::move(tasks)};
    co_await all;
}
// endregion: gather
