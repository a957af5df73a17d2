// The contract of chapter 14's queues, written once for every chapter that
// has them: Queue, LifoQueue and PriorityQueue on one loop thread, without
// a reactor (tasks are started by hand). The reference is asyncio's
// test_queues.py: the non-waiting forms and their errors, the order of
// items and of waiting tasks, a bounded queue holding producers back,
// join/taskDone, and waiters that are cancelled, or destroyed, without an
// item being lost.
#include "queue.hpp"
#include "sync_support.hpp"
#include "task.hpp"
#include "trampoline.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

TEST_CASE("sync: getNowait on an empty queue throws QueueEmpty")
{
    Queue<int> queue;
    CHECK(queue.empty());
    CHECK_THROWS_AS(queue.getNowait(), QueueEmpty);
}

TEST_CASE("sync: putNowait on a full queue throws QueueFull and adds nothing")
{
    Queue<int> queue{2};
    queue.putNowait(1);
    queue.putNowait(2);
    CHECK(queue.full());
    CHECK_THROWS_AS(queue.putNowait(3), QueueFull);
    CHECK(queue.size() == 2);
}

TEST_CASE("sync: a queue with no maxsize is never full")
{
    Queue<int> queue;
    for (int i = 0; i < 10'000; ++i) {
        queue.putNowait(i);
    }
    CHECK_FALSE(queue.full());
    CHECK(queue.size() == 10'000);
}

TEST_CASE("sync: the three orders")
{
    Queue<int> fifo;
    LifoQueue<int> lifo;
    PriorityQueue<std::pair<int, std::string>> priority;
    for (const int i : {1, 3, 2}) {
        fifo.putNowait(i);
        lifo.putNowait(i);
        priority.putNowait({i, "item " + std::to_string(i)});
    }
    CHECK(fifo.getNowait() == 1);
    CHECK(fifo.getNowait() == 3);
    CHECK(fifo.getNowait() == 2);
    CHECK(lifo.getNowait() == 2);
    CHECK(lifo.getNowait() == 3);
    CHECK(lifo.getNowait() == 1);
    CHECK(priority.getNowait().second == "item 1");
    CHECK(priority.getNowait().second == "item 2");
    CHECK(priority.getNowait().second == "item 3");
}

TEST_CASE("sync: get returns at once when there is an item")
{
    Queue<int> queue;
    queue.putNowait(5);
    auto getter = started(getFrom(queue));
    REQUIRE(getter.done());
    CHECK(getter.result() == 5);
}

TEST_CASE("sync: get waits for a put, and getters are served first come "
          "first served")
{
    Queue<int> queue;
    std::vector<Task<int>> getters;
    for (int i = 0; i < 3; ++i) {
        getters.push_back(started(getFrom(queue)));
    }
    CHECK_FALSE(getters[0].done());
    CHECK(queue.getters() == 3);
    queue.putNowait(10);
    queue.putNowait(20);
    REQUIRE(getters[0].done());
    REQUIRE(getters[1].done());
    CHECK_FALSE(getters[2].done());
    CHECK(getters[0].result() == 10);
    CHECK(getters[1].result() == 20);
    queue.putNowait(30);
    CHECK(getters[2].result() == 30);
    CHECK(queue.empty());
}

TEST_CASE("sync: a waiting getter takes an item before a later getNowait")
{
    // The item is handed to the task that waited: one that comes later,
    // even without waiting, cannot take it away in between.
    Queue<int> queue;
    auto getter = started(getFrom(queue));
    {
        const Trampoline::Hold hold; // the getter does not run yet
        queue.putNowait(1);
        CHECK(queue.empty());
        CHECK_THROWS_AS(queue.getNowait(), QueueEmpty);
    }
    CHECK(getter.result() == 1);
}

TEST_CASE("sync: a getter cancelled while it waits takes nothing, and the "
          "next one gets the item")
{
    Queue<int> queue;
    auto first = started(getFrom(queue));
    auto second = started(getFrom(queue));
    CHECK(first.cancel());
    CHECK(endedCancelled(first));
    CHECK(queue.getters() == 1);
    queue.putNowait(7);
    CHECK(second.result() == 7);
    CHECK(queue.empty());
}

TEST_CASE("sync: a getter cancelled after it was handed an item keeps it")
{
    // asyncio's test_get_cancelled_race, with this book's rule: once the
    // wait has succeeded, the cancel is for the task's next co_await.
    Queue<int> queue;
    auto first = started(getFrom(queue));
    auto second = started(getFrom(queue));
    {
        const Trampoline::Hold hold;
        queue.putNowait(1);
        first.cancel();
    }
    REQUIRE(first.done());
    CHECK(first.result() == 1);
    CHECK_FALSE(second.done());
    queue.putNowait(2);
    CHECK(second.result() == 2);
}

TEST_CASE("sync: a getter destroyed after it was handed an item gives it to "
          "the next getter")
{
    Queue<int> queue;
    auto first = started(getFrom(queue));
    auto second = started(getFrom(queue));
    {
        const Trampoline::Hold hold;
        queue.putNowait(1);
        first = Task<int>{}; // destroyed before it ran
    }
    REQUIRE(second.done());
    CHECK(second.result() == 1);
}

TEST_CASE("sync: a getter destroyed after it was handed an item gives it "
          "back to the queue")
{
    Queue<int> queue;
    auto getter = started(getFrom(queue));
    {
        const Trampoline::Hold hold;
        queue.putNowait(1);
        queue.putNowait(2);
        getter = Task<int>{};
    }
    CHECK(queue.size() == 2);
    CHECK(queue.getNowait() == 1); // back at the head, where it was
    CHECK(queue.getNowait() == 2);
}

TEST_CASE("sync: a getter destroyed while it waits leaves the line")
{
    Queue<int> queue;
    {
        auto getter = started(getFrom(queue));
        CHECK(queue.getters() == 1);
    }
    CHECK(queue.getters() == 0);
    queue.putNowait(1);
    CHECK(queue.size() == 1);
}

TEST_CASE("sync: put waits while the queue is full, and putters go in the "
          "order they came")
{
    Queue<int> queue{1};
    queue.putNowait(1);
    auto second = started(putInto(queue, 2));
    auto third = started(putInto(queue, 3));
    CHECK_FALSE(second.done());
    CHECK(queue.putters() == 2);
    CHECK(queue.getNowait() == 1);
    CHECK(second.done());
    CHECK_FALSE(third.done());
    CHECK(queue.full());
    CHECK(queue.getNowait() == 2);
    CHECK(third.done());
    CHECK(queue.getNowait() == 3);
    CHECK(queue.empty());
}

TEST_CASE("sync: a put is handed straight to a waiting getter, even on a "
          "queue of one")
{
    Queue<int> queue{1};
    auto getter = started(getFrom(queue));
    queue.putNowait(1);
    queue.putNowait(2); // the first never took the queue's room
    CHECK(getter.result() == 1);
    CHECK(queue.getNowait() == 2);
}

TEST_CASE("sync: a putter cancelled while it waits adds nothing, and the "
          "next one goes")
{
    Queue<int> queue{1};
    queue.putNowait(1);
    auto second = started(putInto(queue, 2));
    auto third = started(putInto(queue, 3));
    CHECK(second.cancel());
    CHECK(endedCancelled(second));
    CHECK(queue.putters() == 1);
    CHECK(queue.getNowait() == 1);
    CHECK(third.done());
    CHECK(queue.getNowait() == 3);
    CHECK(queue.empty());
}

TEST_CASE("sync: a task cancelled before it puts adds nothing")
{
    Queue<int> queue{1};
    queue.putNowait(1);
    auto putter = putInto(queue, 2);
    putter.cancel(); // not started: its body never runs
    putter.start();
    CHECK(endedCancelled(putter));
    CHECK(queue.getNowait() == 1);
    CHECK(queue.empty());
}

TEST_CASE("sync: join waits until every item is marked done")
{
    Queue<int> queue;
    auto idle = started(awaitJoin(queue));
    CHECK(idle.done()); // nothing was put
    queue.putNowait(1);
    queue.putNowait(2);
    auto joiner = started(awaitJoin(queue));
    CHECK_FALSE(joiner.done());
    queue.getNowait();
    queue.taskDone();
    CHECK_FALSE(joiner.done());
    CHECK(queue.unfinishedTasks() == 1);
    queue.getNowait();
    queue.taskDone();
    CHECK(joiner.done());
    CHECK_THROWS_AS(queue.taskDone(), std::logic_error);
}

TEST_CASE("sync: items admitted from waiting putters count for join")
{
    Queue<int> queue{1};
    queue.putNowait(1);
    auto putter = started(putInto(queue, 2));
    queue.getNowait();
    queue.taskDone();
    auto joiner = started(awaitJoin(queue));
    CHECK_FALSE(joiner.done()); // item 2 is in, not done
    queue.getNowait();
    queue.taskDone();
    CHECK(joiner.done());
}

TEST_CASE("sync: producers and consumers pass 10,000 items through a queue "
          "of 3 in order")
{
    Queue<int> queue{3};
    std::vector<int> got;
    auto consumer = started(consumeInto(queue, 10'000, got));
    auto producer = started(produceInto(queue, 10'000));
    CHECK(producer.done());
    CHECK(consumer.done());
    REQUIRE(got.size() == 10'000);
    bool inOrder = true;
    int expected = 0;
    for (const int item : got) {
        inOrder = inOrder && item == expected++;
    }
    CHECK(inOrder);
    CHECK(queue.empty());
}
