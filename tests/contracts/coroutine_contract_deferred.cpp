// The coroutines' contract: coroutines and Deferreds, both ways. A task
// awaits a Deferred (its value, its failure, fired already or later,
// cancelled), and ensureDeferred hands a task to code written with
// callbacks (its result, its failure, a cancel of the Deferred reaching
// the task). Twisted's test_defer.py (ensureDeferred, Deferred.fromCoroutine)
// is the reference.
#include "clock.hpp"
#include "deferred.hpp"
#include "deferred_await.hpp"
#include "failure.hpp"
#include "sleep.hpp"
#include "task.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

namespace {

using Log = std::vector<std::string>;

// region: await-deferred-test-task
Task<std::string> awaitPoem(Deferred<std::string> poem)
{
    const std::string text = co_await poem;
    co_return "got " + text;
}
// endregion: await-deferred-test-task

Task<std::string> awaitOrCatch(Deferred<std::string> poem)
{
    try {
        co_return co_await poem;
    } catch (const std::runtime_error& error) {
        co_return std::string{"caught "} + error.what();
    }
}

Task<void> awaitVoid(Deferred<void> done, Log& log)
{
    co_await done;
    log.push_back("resumed");
}

Task<void> fires(Deferred<std::string> poem, Log& log)
{
    poem.callback("a poem");
    log.push_back("callback() returned");
    co_return;
}

// Survives one cancel, then awaits `second`.
Task<std::string> awaitsTwo(Deferred<std::string> first,
                            Deferred<std::string> second)
{
    try {
        co_await first;
    } catch (const CancelledError&) {
    }
    co_return co_await second;
}

Task<void> cancelsTwice(Task<std::string>& task, Log& log)
{
    const bool first = task.cancel();
    const bool second = task.cancel(); // the first has not arrived yet
    log.push_back(first && second ? "both accepted" : "one refused");
    co_return;
}

Task<std::string> slowPoem(Clock& clock, Log& log)
{
    try {
        co_await sleep(clock, 1s);
    } catch (const CancelledError&) {
        log.push_back("task cancelled");
        throw;
    }
    co_return "The Ecstasy";
}

Task<std::string> failing()
{
    throw std::runtime_error{"refused"};
    co_return "";
}

Task<int> throughDeferred(Task<int> inner)
{
    co_return co_await ensureDeferred(std::move(inner)) + 1;
}

Task<int> fortyOne()
{
    co_return 41;
}

// Collects the failures reported as unhandled instead of printing them.
struct Unhandled {
    std::vector<std::string> reports;
    Unhandled()
    {
        unhandledErrors().setExceptionHandler(
            [this](std::string_view, std::exception_ptr error) {
                reports.push_back(CallbackRunner::describe(error));
            });
    }
    ~Unhandled() { unhandledErrors().setExceptionHandler({}); }
    Unhandled(const Unhandled&) = delete;
    Unhandled& operator=(const Unhandled&) = delete;
};

} // namespace

TEST_SUITE("coroutine contract: Deferreds")
{

// region: await-deferred-test
TEST_CASE("co_await on a Deferred resumes the task when it fires, with its "
          "value")
{
    Deferred<std::string> poem;
    Task<std::string> task = awaitPoem(poem);
    task.start();
    CHECK_FALSE(task.done());
    poem.callback("The Ecstasy");
    REQUIRE(task.done());
    CHECK(task.result() == "got The Ecstasy");
}
// endregion: await-deferred-test

TEST_CASE("a Deferred fired already gives its value without suspending")
{
    Task<std::string> task = awaitPoem(succeed(std::string{"now"}));
    task.start();
    REQUIRE(task.done());
    CHECK(task.result() == "got now");
}

TEST_CASE("a Deferred's failure is thrown at the co_await, as the "
          "exception it holds, and is not reported as unhandled")
{
    Unhandled unhandled;
    {
        Deferred<std::string> poem;
        Task<std::string> task = awaitOrCatch(poem);
        task.start();
        poem.errback(std::runtime_error{"refused"});
        REQUIRE(task.done());
        CHECK(task.result() == "caught refused");

        Task<std::string> failed =
            awaitOrCatch(fail<std::string>(std::logic_error{"bug"}));
        failed.start();
        CHECK_THROWS_WITH_AS(failed.result(), "bug", std::logic_error);
    }
    CHECK(unhandled.reports.empty());
}

TEST_CASE("co_await on a Deferred<void>")
{
    Log log;
    Deferred<void> done;
    Task<void> task = awaitVoid(done, log);
    task.start();
    CHECK(log.empty());
    done.callback();
    CHECK(log == Log{"resumed"});
}

TEST_CASE("cancelling the task cancels the Deferred it awaits, and "
          "CancelledError is thrown there")
{
    int cancellerCalls = 0;
    Deferred<std::string> poem{
        [&cancellerCalls](Deferred<std::string>&) { ++cancellerCalls; }};
    Task<std::string> task = awaitPoem(poem);
    task.start();
    CHECK(task.cancel());
    CHECK(cancellerCalls == 1);
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(poem.called());
}

TEST_CASE("two cancels before the first arrives throw one CancelledError")
{
    Log log;
    Deferred<std::string> first;
    Deferred<std::string> second;
    Task<std::string> task = awaitsTwo(first, second);
    task.start();
    Task<void> canceller = cancelsTwice(task, log);
    canceller.start();
    CHECK(log == Log{"both accepted"});
    CHECK(first.called());
    CHECK_FALSE(second.called()); // not cancelled by the second cancel()
    second.callback("second");
    CHECK(task.result() == "second");
}

TEST_CASE("a Deferred fired by a coroutine resumes the awaiting task after "
          "that coroutine suspends, not inside callback()")
{
    Log log;
    Deferred<std::string> poem;
    Task<std::string> waiting = awaitPoem(poem);
    waiting.start();
    Task<void> firing = fires(poem, log);
    firing.start();
    CHECK(log == Log{"callback() returned"});
    CHECK(waiting.result() == "got a poem");
}

TEST_CASE("a task destroyed while it awaits a Deferred leaves nothing for "
          "the Deferred to resume")
{
    Deferred<std::string> poem;
    {
        Task<std::string> task = awaitPoem(poem);
        task.start();
    }
    poem.callback("too late"); // nobody there; nothing happens
    CHECK(poem.called());
}

// region: ensure-deferred-test
TEST_CASE("ensureDeferred fires with the task's result")
{
    Clock clock;
    Log log;
    Deferred<std::string> poem = ensureDeferred(slowPoem(clock, log));
    std::optional<std::string> got;
    poem.addCallback([&got](std::string text) {
        got = text;
        return text;
    });
    CHECK_FALSE(got);
    clock.advance(1s);
    CHECK(got == "The Ecstasy");
}
// endregion: ensure-deferred-test

TEST_CASE("ensureDeferred fails with the task's exception")
{
    Deferred<std::string> poem = ensureDeferred(failing());
    std::optional<std::string> why;
    poem.addErrback([&why](Failure failure) {
        failure.trap<std::runtime_error>();
        why = failure.what();
        return std::string{};
    });
    CHECK(why == "refused");
}

TEST_CASE("cancelling ensureDeferred's Deferred cancels the task")
{
    Clock clock;
    Log log;
    Deferred<std::string> poem = ensureDeferred(slowPoem(clock, log));
    bool cancelled = false;
    poem.addErrback([&cancelled](Failure failure) {
        failure.trap<CancelledError>();
        cancelled = true;
        return std::string{};
    });
    poem.cancel();
    CHECK(log == Log{"task cancelled"});
    CHECK(cancelled);
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("a task awaits a task through ensureDeferred")
{
    Task<int> task = throughDeferred(fortyOne());
    task.start();
    REQUIRE(task.done());
    CHECK(task.result() == 42);
}

} // TEST_SUITE
