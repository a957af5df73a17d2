#pragma once
/// runUntilComplete(reactor, task): runs the reactor until the task is done
/// and returns what it returned, or throws what it threw (asyncio's
/// loop.run_until_complete; Twisted's task.react). The bridge from main(),
/// which is not a coroutine, to the coroutines of a program.

#include "reactor.hpp"
#include "task.hpp"

#include <coroutine>
#include <stdexcept>
#include <utility>

// region: not-complete
/// The reactor stopped with the task still waiting: nothing was left that
/// could resume it (a Deferred that nobody fires, say), or something else
/// called stop().
class TaskNotComplete : public std::runtime_error {
public:
    TaskNotComplete()
        : std::runtime_error{"runUntilComplete: the reactor stopped before "
                             "the task was done"}
    {
    }
};
// endregion: not-complete

/// Stops the reactor when the task it watches is done.
class StopWhenDone : public TaskObserver {
public:
    explicit StopWhenDone(Reactor& reactor) : reactor_{reactor} {}
    std::coroutine_handle<> taskDone() noexcept override;

private:
    Reactor& reactor_;
};

// region: run-until-complete
/// Starts `task` once the reactor runs, runs it until the task is done,
/// and returns the task's value (or throws its exception). Throws
/// TaskNotComplete if the reactor stops first; the task is then destroyed.
template <typename T>
T runUntilComplete(Reactor& reactor, Task<T> task)
{
    if (reactor.running()) {
        throw ReactorAlreadyRunning{"runUntilComplete() inside run()"};
    }
    StopWhenDone stop{reactor};
    reactor.callWhenRunning([&task, &stop] { task.start(stop); },
                            "runUntilComplete's task");
    reactor.run();
    if (!task.done()) {
        throw TaskNotComplete{};
    }
    return task.result();
}
// endregion: run-until-complete
