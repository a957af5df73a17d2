// The coroutines' contract, written once for chapter 12 and every later
// chapter: Task<T> on its own, without a reactor. A task is lazy, hands its
// value or its exception to whoever awaits it, frees its frame when it is
// destroyed unfinished, runs 100,000 nested awaits on a flat stack, and
// can be cancelled where it waits. Time comes from chapter 9's fake Clock.
// The references are asyncio's test_tasks.py and Asio's awaitable tests.
#include "clock.hpp"
#include "coroutine_support.hpp"
#include "sleep.hpp"
#include "task.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <coroutine>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

// What the coroutines of a test did, in order.
using Log = std::vector<std::string>;

Task<int> answer(Log& log)
{
    log.push_back("answer runs");
    co_return 42;
}

Task<int> twice(Log& log)
{
    const int value = co_await answer(log);
    co_return 2 * value;
}

Task<int> fails()
{
    throw std::runtime_error{"boom"};
    co_return 0; // a coroutine needs a co_ statement
}

Task<std::string> catches()
{
    try {
        co_await fails();
    } catch (const std::runtime_error& error) {
        co_return std::string{"caught "} + error.what();
    }
    co_return "not caught";
}

Task<void> sleeper(Clock& clock, Duration delay, Log& log)
{
    log.push_back("sleeping");
    co_await sleep(clock, delay);
    log.push_back("woke");
}

Task<void> holdsSentinel(Clock& clock, bool& destroyed)
{
    const Sentinel sentinel{destroyed};
    co_await sleep(clock, 1h);
}

Task<void> awaitsHolder(Clock& clock, bool& outer, bool& inner)
{
    const Sentinel sentinel{outer};
    co_await holdsSentinel(clock, inner);
}

// region: nested-test-task
// depth tasks, each awaiting the next; the innermost records where the
// stack is, and every one of them completes without suspending.
Task<long> nested(int depth, const void** innermostFrame)
{
    if (depth == 0) {
        *innermostFrame = __builtin_frame_address(0);
        co_return 0;
    }
    const long below = co_await nested(depth - 1, innermostFrame);
    co_return below + 1;
}
// endregion: nested-test-task

Task<long> manyInARow(int count, Log& log)
{
    long total = 0;
    for (int i = 0; i < count; ++i) {
        total += co_await answer(log) / 42;
        log.clear(); // a million entries would prove nothing more
    }
    co_return total;
}

Task<std::string> catchesCancel(Clock& clock, Log& log)
{
    try {
        co_await sleep(clock, 1h);
    } catch (const CancelledError&) {
        log.push_back("cancelled");
    }
    co_await sleep(clock, 1s); // a task may go on after a cancel
    co_return "carried on";
}

Task<void> cancelsItself(Task<void>& self, Clock& clock, Log& log)
{
    self.cancel(); // running: delivered at the next co_await
    log.push_back("still running");
    co_await sleep(clock, 1s);
    log.push_back("not reached");
}

Task<void> cancelsOther(Task<void>& other, Clock& clock, Log& log)
{
    other.cancel();
    log.push_back("cancel() returned");
    co_await sleep(clock, 1s);
}

Task<void> survivesOneCancel(Clock& clock, Log& log)
{
    try {
        co_await sleep(clock, 1h);
    } catch (const CancelledError&) {
        log.push_back("cancelled once");
    }
    co_await sleep(clock, 1s);
    log.push_back("slept after the cancel");
}

Task<void> cancelsTwice(Task<void>& other, Log& log)
{
    const bool first = other.cancel();
    const bool second = other.cancel(); // the first has not arrived yet
    log.push_back(first && second ? "both accepted" : "one refused");
    co_return;
}

Task<void> logsCancel(Clock& clock, Log& log)
{
    try {
        co_await sleep(clock, 1h);
    } catch (const CancelledError&) {
        log.push_back("other cancelled");
        throw;
    }
}

} // namespace

TEST_SUITE("coroutine contract: Task")
{

TEST_CASE("a task is lazy: nothing runs until it is awaited or started")
{
    Log log;
    Task<int> task = answer(log);
    CHECK(log.empty());
    CHECK_FALSE(task.done());
    task.start();
    CHECK(log == Log{"answer runs"});
    REQUIRE(task.done());
    CHECK(task.result() == 42);
}

TEST_CASE("the awaited task's value is the value of co_await")
{
    Log log;
    Task<int> task = twice(log);
    task.start();
    REQUIRE(task.done());
    CHECK(task.result() == 84);
}

TEST_CASE("an exception that ends a task is thrown again where it is "
          "awaited")
{
    Task<std::string> task = catches();
    task.start();
    REQUIRE(task.done());
    CHECK(task.result() == "caught boom");

    Task<int> failing = fails();
    failing.start();
    CHECK(failing.failed());
    CHECK_THROWS_WITH_AS(failing.result(), "boom", std::runtime_error);
}

TEST_CASE("result() before the end, twice, or of no task is a logic error")
{
    Clock clock;
    Log log;
    Task<void> sleeping = sleeper(clock, 1s, log);
    CHECK_THROWS_AS(sleeping.result(), std::logic_error);
    sleeping.start();
    CHECK_THROWS_AS(sleeping.result(), std::logic_error);

    Task<int> task = answer(log);
    task.start();
    CHECK(task.result() == 42);
    CHECK_THROWS_AS(task.result(), std::logic_error);

    Task<int> none;
    CHECK_FALSE(none.done());
    CHECK_THROWS_AS(none.start(), std::logic_error);
}

TEST_CASE("a task is started or awaited once")
{
    Log log;
    Task<int> task = answer(log);
    task.start();
    CHECK_THROWS_AS(task.start(), std::logic_error);
}

TEST_CASE("a sleeping task resumes when its time comes, not before")
{
    Clock clock;
    Log log;
    Task<void> task = sleeper(clock, 10s, log);
    task.start();
    CHECK(log == Log{"sleeping"});
    clock.advance(9s);
    CHECK_FALSE(task.done());
    clock.advance(1s);
    CHECK(log == Log{"sleeping", "woke"});
    CHECK(task.done());
    CHECK_NOTHROW(task.result());
}

// region: destroy-test
TEST_CASE("a task destroyed unfinished destroys its frame: its locals' "
          "destructors run and its timer is called off")
{
    Clock clock;
    bool outer = false;
    bool inner = false;
    {
        Task<void> task = awaitsHolder(clock, outer, inner);
        task.start();
        CHECK(clock.getDelayedCalls().size() == 1);
        CHECK_FALSE(inner);
    }
    CHECK(outer);
    CHECK(inner);
    CHECK(clock.getDelayedCalls().empty());
    clock.advance(2h); // nothing left to resume a frame that is gone
}
// endregion: destroy-test

TEST_CASE("a task never started is destroyed without running")
{
    Log log;
    {
        Task<int> task = answer(log);
    }
    CHECK(log.empty());
}

// region: stack-test
TEST_CASE("100,000 nested awaits run on a flat stack")
{
    const void* shallow = nullptr;
    Task<long> one = nested(1, &shallow);
    one.start();
    CHECK(one.result() == 1);

    const void* deep = nullptr;
    Task<long> many = nested(100'000, &deep);
    many.start();
    CHECK(many.result() == 100'000);
    // The innermost of 100,000 runs where the innermost of one did: the
    // awaits hand over to each other instead of calling each other.
    CHECK(deep == shallow);
}
// endregion: stack-test

TEST_CASE("a million awaits in a row, each completing at once, run on a "
          "flat stack")
{
    Log log;
    Task<long> task = manyInARow(1'000'000, log);
    task.start();
    CHECK(task.result() == 1'000'000);
}

TEST_CASE("cancel() calls off the timer and throws CancelledError at the "
          "co_await; the task may catch it and go on")
{
    Clock clock;
    Log log;
    Task<std::string> task = catchesCancel(clock, log);
    task.start();
    CHECK(task.cancel());
    CHECK(log == Log{"cancelled"});
    CHECK(clock.getDelayedCalls().size() == 1); // its second sleep
    clock.advance(1s);
    REQUIRE(task.done());
    CHECK(task.result() == "carried on");
    CHECK_FALSE(task.cancel()); // over: nothing to cancel
}

TEST_CASE("a cancel that is not caught ends the task with CancelledError")
{
    Clock clock;
    Log log;
    Task<void> task = sleeper(clock, 1h, log);
    task.start();
    task.cancel();
    REQUIRE(task.done());
    CHECK(task.failed());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(clock.getDelayedCalls().empty());
    CHECK(log == Log{"sleeping"});
}

TEST_CASE("cancelling a task cancels the task it awaits")
{
    Clock clock;
    bool outer = false;
    bool inner = false;
    Task<void> task = awaitsHolder(clock, outer, inner);
    task.start();
    task.cancel();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(inner); // the awaited task has ended, its locals destroyed
    CHECK(outer);
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("a task cancelled before it starts never runs")
{
    Log log;
    Task<int> task = answer(log);
    CHECK(task.cancel());
    task.start();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(log.empty());
}

TEST_CASE("a task that cancels itself gets CancelledError at its next "
          "co_await, which does not start")
{
    Clock clock;
    Log log;
    Task<void> task;
    task = cancelsItself(task, clock, log);
    task.start();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(log == Log{"still running"});
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("two cancels before the first arrives throw one CancelledError")
{
    Clock clock;
    Log log;
    Task<void> other = survivesOneCancel(clock, log);
    other.start();
    Task<void> canceller = cancelsTwice(other, log);
    canceller.start();
    CHECK(log == Log{"both accepted", "cancelled once"});
    clock.advance(1s);
    CHECK(log ==
          Log{"both accepted", "cancelled once", "slept after the cancel"});
    CHECK_NOTHROW(other.result());
}

// region: one-at-a-time-test
TEST_CASE("one coroutine runs at a time: a task cancelled by another "
          "resumes once that one suspends, not inside cancel()")
{
    Clock clock;
    Log log;
    Task<void> other = logsCancel(clock, log);
    other.start();
    Task<void> canceller = cancelsOther(other, clock, log);
    canceller.start();
    CHECK(log == Log{"cancel() returned", "other cancelled"});
    CHECK_THROWS_AS(other.result(), CancelledError);
}

TEST_CASE("cancel() from outside any coroutine resumes the task before it "
          "returns")
{
    Clock clock;
    Log log;
    Task<void> other = logsCancel(clock, log);
    other.start();
    other.cancel();
    CHECK(log == Log{"other cancelled"});
}
// endregion: one-at-a-time-test

} // TEST_SUITE
