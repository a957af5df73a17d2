#pragma once
// What the files of the sync contract (chapter 14's queues, locks, events)
// share: they are compiled as one unit (cmake/chapter.cmake), so a helper
// two of them need is written here once. The primitives need no reactor:
// tasks are started by hand, and a Trampoline::Hold stands for "while the
// running task has not yet suspended".
#include "task.hpp"

#include <string>
#include <utility>
#include <vector>

// What the tasks of a test did, in order.
using SyncLog = std::vector<std::string>;

/// Starts a task and hands it back, to be checked or cancelled later.
template <typename T>
Task<T> started(Task<T> task)
{
    task.start();
    return task;
}

/// A task that gets one item from `queue` and returns it.
template <typename Queue>
Task<typename Queue::value_type> getFrom(Queue& queue)
{
    co_return co_await queue.get();
}

/// A task that puts `item` into `queue`.
template <typename Queue>
Task<void> putInto(Queue& queue, typename Queue::value_type item)
{
    co_await queue.put(std::move(item));
}

/// A task that acquires a Lock, a Semaphore or a Condition's lock, and
/// keeps it.
template <typename Primitive>
Task<void> acquireOf(Primitive& primitive)
{
    co_await primitive.acquire();
}

/// Whether a finished task ended with CancelledError.
template <typename T>
bool endedCancelled(Task<T>& task)
{
    if (!task.failed()) {
        return false;
    }
    try {
        task.result();
    } catch (const CancelledError&) {
        return true;
    } catch (...) {
    }
    return false;
}

/// A task that waits in queue.join().
template <typename Queue>
Task<void> awaitJoin(Queue& queue)
{
    co_await queue.join();
}

/// A task that puts 0, 1, ... count - 1 into `queue`.
template <typename Queue>
Task<void> produceInto(Queue& queue, int count)
{
    for (int i = 0; i < count; ++i) {
        co_await queue.put(i);
    }
}

/// A task that gets `count` items from `queue` into `got`.
template <typename Queue>
Task<void> consumeInto(Queue& queue, int count, std::vector<int>& got)
{
    for (int i = 0; i < count; ++i) {
        got.push_back(co_await queue.get());
        queue.taskDone();
    }
}

/// Waits on `condition` until there are at least 3 items in stock, and
/// takes them. (Here and not in a test's anonymous namespace: GCC warns
/// about a coroutine frame holding a lambda that has no linkage.)
template <typename Condition>
Task<void> waitForStock(Condition& condition, int& stock)
{
    co_await condition.acquire();
    co_await condition.waitFor([&stock] { return stock >= 3; });
    stock -= 3;
    condition.release();
}
