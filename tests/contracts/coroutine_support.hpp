#pragma once
// What several files of the coroutine contract (chapter 12 on) share: each
// family of contract files is compiled as one unit (cmake/chapter.cmake), so
// a helper two of them need is written here once.
#include "delayed_call.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "task.hpp"

#include <chrono>
#include <utility>

/// Sets a flag when destroyed: a local whose destructor must run when its
/// coroutine's frame goes.
struct Sentinel {
    bool& destroyed;
    ~Sentinel() { destroyed = true; }
};

/// runUntilComplete with a deadline: a test that would hang fails instead.
template <typename T>
T runWithDeadline(Reactor& reactor, Task<T> task)
{
    using namespace std::chrono_literals;
    DelayedCall deadline =
        reactor.callLater(10s, [&reactor] { reactor.stop(); }, "deadline");
    struct Cancel {
        DelayedCall& call;
        ~Cancel()
        {
            if (call.active()) {
                call.cancel();
            }
        }
    } cancel{deadline};
    return runUntilComplete(reactor, std::move(task));
}
