// The contract of chapter 14's Event, Lock, Semaphore, BoundedSemaphore and
// Condition, for tasks of one loop thread, without a reactor. The
// reference is asyncio's test_locks.py: waiters served in the order they
// came, a release handing over to the first in line so that nobody barges
// in, waiters cancelled in line taking nothing and the next one served,
// the errors of a release without an acquire, and a Condition whose wait
// takes its lock back even when cancelled.
#include "condition.hpp"
#include "event.hpp"
#include "lock.hpp"
#include "semaphore.hpp"
#include "sync_support.hpp"
#include "task.hpp"
#include "trampoline.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

Task<void> awaitEvent(Event& event, SyncLog& log, std::string name)
{
    co_await event.wait();
    log.push_back(name);
}

// Takes the lock (or a unit), logs, and keeps it until `done` is set.
template <typename Primitive>
Task<void> holdUntil(Primitive& primitive, Event& done, SyncLog& log,
                     std::string name)
{
    co_await primitive.acquire();
    log.push_back(name + " in");
    co_await done.wait();
    log.push_back(name + " out");
    primitive.release();
}

Task<void> waitOnCondition(Condition& condition, SyncLog& log,
                           std::string name)
{
    co_await condition.acquire();
    try {
        co_await condition.wait();
        log.push_back(name + " notified, locked " +
                      (condition.locked() ? "yes" : "no"));
    } catch (const CancelledError&) {
        log.push_back(name + " cancelled, locked " +
                      (condition.locked() ? "yes" : "no"));
        condition.release();
        throw;
    }
    condition.release();
}

} // namespace

// region: event
TEST_CASE("sync: Event.wait returns at once once set, and set wakes every "
          "waiter in order")
{
    Event event;
    SyncLog log;
    auto first = started(awaitEvent(event, log, "first"));
    auto second = started(awaitEvent(event, log, "second"));
    CHECK(log.empty());
    CHECK(event.waiting() == 2);
    event.set();
    CHECK(log == SyncLog{"first", "second"});
    CHECK(event.isSet());
    auto late = started(awaitEvent(event, log, "late"));
    CHECK(late.done());
    event.clear();
    auto waiting = started(awaitEvent(event, log, "after clear"));
    CHECK_FALSE(waiting.done());
    event.set();
    CHECK(waiting.done());
}

TEST_CASE("sync: waiters woken by set return even if clear comes before "
          "they run")
{
    Event event;
    SyncLog log;
    auto waiter = started(awaitEvent(event, log, "waiter"));
    {
        const Trampoline::Hold hold;
        event.set();
        event.clear();
    }
    CHECK(waiter.done());
    CHECK(log == SyncLog{"waiter"});
}

TEST_CASE("sync: an Event waiter cancelled leaves the line; the others "
          "still wake")
{
    Event event;
    SyncLog log;
    auto first = started(awaitEvent(event, log, "first"));
    auto second = started(awaitEvent(event, log, "second"));
    CHECK(first.cancel());
    CHECK(endedCancelled(first));
    CHECK(event.waiting() == 1);
    event.set();
    CHECK(log == SyncLog{"second"});
}
// endregion: event

// region: lock
TEST_CASE("sync: a free Lock is taken at once; release of a free lock is an "
          "error")
{
    Lock lock;
    CHECK_THROWS_AS(lock.release(), std::logic_error);
    auto taker = started(acquireOf(lock));
    CHECK(taker.done());
    CHECK(lock.locked());
    lock.release();
    CHECK_FALSE(lock.locked());
}

TEST_CASE("sync: Lock waiters get it one at a time, in the order they came")
{
    Lock lock;
    Event done;
    SyncLog log;
    std::vector<Task<void>> tasks;
    for (const char* name : {"a", "b", "c"}) {
        tasks.push_back(started(holdUntil(lock, done, log, name)));
    }
    CHECK(log == SyncLog{"a in"});
    CHECK(lock.waiting() == 2);
    done.set();
    CHECK(log ==
          SyncLog{"a in", "a out", "b in", "b out", "c in", "c out"});
    CHECK_FALSE(lock.locked());
}

TEST_CASE("sync: release hands the Lock to the first in line: nobody barges "
          "in")
{
    Lock lock;
    auto holder = started(acquireOf(lock));
    auto waiter = started(acquireOf(lock));
    Task<void> barger;
    {
        const Trampoline::Hold hold; // the waiter does not run yet
        lock.release();
        CHECK(lock.locked()); // it changed hands without being free
        barger = started(acquireOf(lock));
    }
    CHECK(waiter.done());
    CHECK_FALSE(barger.done());
    lock.release();
    CHECK(barger.done());
}

TEST_CASE("sync: a Lock waiter cancelled in line does not take the lock, and "
          "the next one does")
{
    Lock lock;
    auto holder = started(acquireOf(lock));
    auto first = started(acquireOf(lock));
    auto second = started(acquireOf(lock));
    CHECK(first.cancel());
    CHECK(endedCancelled(first));
    lock.release();
    CHECK(second.done());
    CHECK(lock.locked());
    lock.release();
    CHECK_FALSE(lock.locked());
}

TEST_CASE("sync: a Lock waiter cancelled after the lock was handed to it "
          "keeps it")
{
    Lock lock;
    auto holder = started(acquireOf(lock));
    auto waiter = started(acquireOf(lock));
    {
        const Trampoline::Hold hold;
        lock.release();
        waiter.cancel(); // for its next co_await: the acquire succeeded
    }
    CHECK(waiter.done());
    CHECK_FALSE(waiter.failed());
    CHECK(lock.locked());
}

TEST_CASE("sync: a task destroyed after the Lock was handed to it passes it "
          "on")
{
    Lock lock;
    auto holder = started(acquireOf(lock));
    auto first = started(acquireOf(lock));
    auto second = started(acquireOf(lock));
    {
        const Trampoline::Hold hold;
        lock.release();
        first = Task<void>{};
    }
    CHECK(second.done());
    CHECK(lock.locked());
    lock.release();
    {
        auto last = started(acquireOf(lock));
        auto gone = started(acquireOf(lock));
        const Trampoline::Hold hold;
        lock.release();
        gone = Task<void>{};
    }
    CHECK_FALSE(lock.locked()); // nobody left to take it: free again
}
// endregion: lock

// region: semaphore
TEST_CASE("sync: a Semaphore lets `value` tasks in at once, the rest in "
          "order")
{
    Semaphore semaphore{2};
    Event done;
    SyncLog log;
    std::vector<Task<void>> tasks;
    for (const char* name : {"a", "b", "c", "d"}) {
        tasks.push_back(started(holdUntil(semaphore, done, log, name)));
    }
    CHECK(log == SyncLog{"a in", "b in"});
    CHECK(semaphore.locked());
    CHECK(semaphore.value() == 0);
    CHECK(semaphore.waiting() == 2);
    done.set();
    CHECK(log == SyncLog{"a in", "b in", "a out", "b out", "c in", "c out",
                         "d in", "d out"});
    CHECK(semaphore.value() == 2);
    CHECK_FALSE(semaphore.locked());
}

TEST_CASE("sync: a Semaphore of 0 waits for a release; release adds units")
{
    Semaphore semaphore{0};
    CHECK(semaphore.locked());
    auto waiter = started(acquireOf(semaphore));
    CHECK_FALSE(waiter.done());
    semaphore.release();
    CHECK(waiter.done());
    CHECK(semaphore.value() == 0);
    semaphore.release();
    semaphore.release(); // a plain Semaphore has no bound
    CHECK(semaphore.value() == 2);
}

TEST_CASE("sync: release hands a unit to the first in line: nobody barges "
          "in")
{
    Semaphore semaphore{0};
    auto waiter = started(acquireOf(semaphore));
    Task<void> barger;
    {
        const Trampoline::Hold hold;
        semaphore.release();
        CHECK(semaphore.value() == 0);
        barger = started(acquireOf(semaphore));
    }
    CHECK(waiter.done());
    CHECK_FALSE(barger.done());
}

TEST_CASE("sync: Semaphore waiters cancelled in line or destroyed after "
          "being served lose no unit")
{
    Semaphore semaphore{0};
    auto first = started(acquireOf(semaphore));
    auto second = started(acquireOf(semaphore));
    auto third = started(acquireOf(semaphore));
    CHECK(first.cancel());
    CHECK(endedCancelled(first));
    {
        const Trampoline::Hold hold;
        semaphore.release();
        second = Task<void>{}; // served, then destroyed before it ran
    }
    CHECK(third.done());
    semaphore.release();
    CHECK(semaphore.value() == 1);
    CHECK(semaphore.waiting() == 0);
}

TEST_CASE("sync: a BoundedSemaphore refuses a release past its start")
{
    BoundedSemaphore semaphore{2};
    CHECK_THROWS_AS(semaphore.release(), std::logic_error);
    auto taker = started(acquireOf(semaphore));
    CHECK(semaphore.value() == 1);
    semaphore.release();
    CHECK(semaphore.value() == 2);
    CHECK_THROWS_AS(semaphore.release(), std::logic_error);
    CHECK(semaphore.value() == 2);
}
// endregion: semaphore

// region: condition
TEST_CASE("sync: Condition.wait and notify need the lock")
{
    Condition condition;
    CHECK_THROWS_AS(condition.notify(), std::logic_error);
    CHECK_THROWS_AS(condition.notifyAll(), std::logic_error);
    auto waiter = started(condition.wait());
    REQUIRE(waiter.done());
    CHECK_THROWS_AS(waiter.result(), std::logic_error);
}

TEST_CASE("sync: notify wakes waiters in order, each once the lock is "
          "free, holding it")
{
    Condition condition;
    SyncLog log;
    std::vector<Task<void>> tasks;
    for (const char* name : {"a", "b", "c"}) {
        tasks.push_back(started(waitOnCondition(condition, log, name)));
    }
    CHECK(condition.waiting() == 3);
    CHECK_FALSE(condition.locked()); // each gave it up to wait
    auto notifier = started(acquireOf(condition));
    condition.notify(2);
    CHECK(log.empty()); // the notifier holds the lock
    condition.release();
    CHECK(log == SyncLog{"a notified, locked yes", "b notified, locked yes"});
    auto again = started(acquireOf(condition));
    condition.notifyAll();
    condition.release();
    CHECK(log.size() == 3);
    CHECK(log.back() == "c notified, locked yes");
    CHECK_FALSE(condition.locked());
}

TEST_CASE("sync: a cancelled Condition.wait takes the lock back before it "
          "throws")
{
    Condition condition;
    SyncLog log;
    auto waiter = started(waitOnCondition(condition, log, "waiter"));
    auto holder = started(acquireOf(condition));
    CHECK(waiter.cancel());
    CHECK_FALSE(waiter.done()); // the lock is held: it waits for it
    CHECK(log.empty());
    condition.release();
    CHECK(endedCancelled(waiter));
    CHECK(log == SyncLog{"waiter cancelled, locked yes"});
    CHECK_FALSE(condition.locked());
}

TEST_CASE("sync: a notified waiter destroyed before it ran passes the "
          "notify on")
{
    Condition condition;
    SyncLog log;
    auto first = started(waitOnCondition(condition, log, "first"));
    auto second = started(waitOnCondition(condition, log, "second"));
    auto notifier = started(acquireOf(condition));
    {
        const Trampoline::Hold hold;
        condition.notify(1);
        first = Task<void>{};
    }
    condition.release();
    CHECK(log == SyncLog{"second notified, locked yes"});
}

TEST_CASE("sync: waitFor waits until the predicate holds")
{
    Condition condition;
    int stock = 0;
    auto consumer = started(waitForStock(condition, stock));
    auto producer = started(acquireOf(condition));
    stock = 1;
    condition.notifyAll();
    condition.release();
    CHECK_FALSE(consumer.done()); // it looked, and went back to wait
    auto again = started(acquireOf(condition));
    stock = 3;
    condition.notifyAll();
    condition.release();
    CHECK(consumer.done());
    CHECK(stock == 0);
}
// endregion: condition
