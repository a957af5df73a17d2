// The coroutines' contract: the combinators. gather (results in the order
// of the tasks; the first failure cancels the rest), waitFor (a timer that
// cancels), AsCompleted (results in the order they come) and shield (a
// cancel that does not reach the task). All on chapter 9's fake Clock.
// asyncio's test_tasks.py is the reference for what each asserts.
#include "as_completed.hpp"
#include "clock.hpp"
#include "coroutine_support.hpp"
#include "gather.hpp"
#include "shield.hpp"
#include "sleep.hpp"
#include "task.hpp"
#include "wait_for.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace {

using Log = std::vector<std::string>;

// Sleeps for `delay`, then returns `name`; logs how it ended.
Task<std::string> download(Clock& clock, std::string name, Duration delay,
                           Log& log)
{
    try {
        co_await sleep(clock, delay);
    } catch (const CancelledError&) {
        log.push_back(name + " cancelled");
        throw;
    }
    log.push_back(name + " done");
    co_return name;
}

Task<std::string> failsAfter(Clock& clock, Duration delay)
{
    co_await sleep(clock, delay);
    throw std::runtime_error{"refused"};
}

// Catches a cancel, then takes another `cleanup` to end.
Task<std::string> slowToCancel(Clock& clock, Duration cleanup, Log& log)
{
    try {
        co_await sleep(clock, 1h);
    } catch (const CancelledError&) {
        log.push_back("cleaning up");
    }
    co_await sleep(clock, cleanup);
    log.push_back("cleaned up");
    co_return "late";
}

Task<std::string> immediately(std::string value)
{
    co_return value;
}

Task<void> pause(Clock& clock, Duration delay, Log& log)
{
    co_await sleep(clock, delay);
    log.push_back("paused");
}

std::vector<Task<std::string>> threeDownloads(Clock& clock, Log& log)
{
    std::vector<Task<std::string>> tasks;
    tasks.push_back(download(clock, "slow", 3s, log));
    tasks.push_back(download(clock, "fast", 1s, log));
    tasks.push_back(download(clock, "middle", 2s, log));
    return tasks;
}

Task<Log> takeInOrder(AsCompleted<std::string>& results)
{
    Log taken;
    while (results.remaining() > 0) {
        try {
            taken.push_back(co_await results.next());
        } catch (const std::runtime_error& error) {
            taken.push_back(std::string{"failed: "} + error.what());
        }
    }
    co_return taken;
}

Task<Log> asCompletedOf(std::vector<Task<std::string>> tasks)
{
    AsCompleted<std::string> results{std::move(tasks)};
    co_return co_await takeInOrder(results);
}

Task<std::string> firstOf(AsCompleted<std::string>& results)
{
    co_return co_await results.next();
}

Task<int> guarded(Clock& clock, bool& destroyed, Log& log)
{
    const Sentinel sentinel{destroyed};
    co_await sleep(clock, 5s);
    log.push_back("shielded task done");
    co_return 7;
}

} // namespace

TEST_SUITE("coroutine contract: combinators")
{

// region: gather-test
TEST_CASE("gather gives the results in the order of the tasks, and takes "
          "as long as the slowest")
{
    Clock clock;
    Log log;
    Task<std::vector<std::string>> all = gather(threeDownloads(clock, log));
    all.start();
    clock.advance(2s);
    CHECK_FALSE(all.done());
    clock.advance(1s);
    REQUIRE(all.done());
    CHECK(all.result() ==
          std::vector<std::string>{"slow", "fast", "middle"});
    CHECK(log == Log{"fast done", "middle done", "slow done"});
}
// endregion: gather-test

TEST_CASE("gather of nothing, and of tasks that never suspend")
{
    Task<std::vector<std::string>> none =
        gather(std::vector<Task<std::string>>{});
    none.start();
    REQUIRE(none.done());
    CHECK(none.result().empty());

    std::vector<Task<std::string>> tasks;
    tasks.push_back(immediately("a"));
    tasks.push_back(immediately("b"));
    Task<std::vector<std::string>> both = gather(std::move(tasks));
    both.start();
    REQUIRE(both.done());
    CHECK(both.result() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("gather of tasks that return nothing")
{
    Clock clock;
    Log log;
    std::vector<Task<void>> tasks;
    tasks.push_back(pause(clock, 1s, log));
    tasks.push_back(pause(clock, 2s, log));
    Task<void> all = gather(std::move(tasks));
    all.start();
    clock.pump({1s, 1s});
    REQUIRE(all.done());
    CHECK_NOTHROW(all.result());
    CHECK(log == Log{"paused", "paused"});
}

// region: gather-failure-test
TEST_CASE("the first failure cancels the other tasks, and gather throws it "
          "once they have all ended")
{
    Clock clock;
    Log log;
    std::vector<Task<std::string>> tasks;
    tasks.push_back(download(clock, "slow", 10s, log));
    tasks.push_back(failsAfter(clock, 1s));
    tasks.push_back(slowToCancel(clock, 1s, log));
    Task<std::vector<std::string>> all = gather(std::move(tasks));
    all.start();
    clock.advance(1s);
    CHECK(log == Log{"slow cancelled", "cleaning up"});
    CHECK_FALSE(all.done()); // one task is still cleaning up
    clock.advance(1s);
    REQUIRE(all.done());
    CHECK_THROWS_WITH_AS(all.result(), "refused", std::runtime_error);
    CHECK(log == Log{"slow cancelled", "cleaning up", "cleaned up"});
    CHECK(clock.getDelayedCalls().empty());
}
// endregion: gather-failure-test

TEST_CASE("cancelling a gather cancels every task it runs")
{
    Clock clock;
    Log log;
    Task<std::vector<std::string>> all = gather(threeDownloads(clock, log));
    all.start();
    clock.advance(1s); // "fast" is done
    all.cancel();
    REQUIRE(all.done());
    CHECK_THROWS_AS(all.result(), CancelledError);
    CHECK(log == Log{"fast done", "slow cancelled", "middle cancelled"});
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("destroying an unfinished gather destroys its tasks")
{
    Clock clock;
    Log log;
    {
        Task<std::vector<std::string>> all =
            gather(threeDownloads(clock, log));
        all.start();
        CHECK(clock.getDelayedCalls().size() == 3);
    }
    CHECK(clock.getDelayedCalls().empty());
    CHECK(log.empty()); // destroyed, not cancelled: no code of theirs ran
}

// region: wait-for-test
TEST_CASE("waitFor gives the result of a task that ends in time")
{
    Clock clock;
    Log log;
    Task<std::string> task =
        waitFor(clock, download(clock, "poem", 1s, log), 2s);
    task.start();
    clock.advance(1s);
    REQUIRE(task.done());
    CHECK(task.result() == "poem");
    CHECK(clock.getDelayedCalls().empty()); // the timeout is gone
}

TEST_CASE("waitFor cancels a task that takes too long, and throws "
          "TimeoutError")
{
    Clock clock;
    Log log;
    Task<std::string> task =
        waitFor(clock, download(clock, "poem", 10s, log), 2s);
    task.start();
    clock.advance(1s);
    CHECK_FALSE(task.done());
    clock.advance(1s);
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), TimeoutError);
    CHECK(log == Log{"poem cancelled"});
    CHECK(clock.getDelayedCalls().empty());
}
// endregion: wait-for-test

TEST_CASE("a task that catches waitFor's cancel and returns a value gives "
          "that value")
{
    Clock clock;
    Log log;
    Task<std::string> task =
        waitFor(clock, slowToCancel(clock, 1s, log), 2s);
    task.start();
    clock.pump({2s, 1s});
    REQUIRE(task.done());
    CHECK(task.result() == "late");
}

TEST_CASE("waitFor with no timeout waits as long as the task takes")
{
    Clock clock;
    Log log;
    Task<std::string> task =
        waitFor(clock, download(clock, "poem", 1h, log), std::nullopt);
    task.start();
    CHECK(clock.getDelayedCalls().size() == 1); // the download's, only
    clock.advance(1h);
    REQUIRE(task.done());
    CHECK(task.result() == "poem");
}

TEST_CASE("cancelling waitFor's task is a cancel, not a timeout")
{
    Clock clock;
    Log log;
    Task<std::string> task =
        waitFor(clock, download(clock, "poem", 10s, log), 2s);
    task.start();
    task.cancel();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(clock.getDelayedCalls().empty());
}

// region: as-completed-test
TEST_CASE("AsCompleted gives the results in the order the tasks finish")
{
    Clock clock;
    Log log;
    Task<Log> taken = asCompletedOf(threeDownloads(clock, log));
    taken.start();
    clock.pump({1s, 1s, 1s});
    REQUIRE(taken.done());
    CHECK(taken.result() == Log{"fast", "middle", "slow"});
}
// endregion: as-completed-test

TEST_CASE("AsCompleted throws a failure where it is taken, and goes on")
{
    Clock clock;
    Log log;
    std::vector<Task<std::string>> tasks;
    tasks.push_back(download(clock, "slow", 2s, log));
    tasks.push_back(failsAfter(clock, 1s));
    Task<Log> taken = asCompletedOf(std::move(tasks));
    taken.start();
    clock.pump({1s, 1s});
    REQUIRE(taken.done());
    CHECK(taken.result() == Log{"failed: refused", "slow"});
}

TEST_CASE("a task cancelled in AsCompleted's next() stops waiting; the "
          "tasks go on")
{
    Clock clock;
    Log log;
    AsCompleted<std::string> results{threeDownloads(clock, log)};
    Task<std::string> first = firstOf(results);
    first.start();
    first.cancel();
    REQUIRE(first.done());
    CHECK_THROWS_AS(first.result(), CancelledError);
    CHECK(clock.getDelayedCalls().size() == 3);
    clock.advance(1s);
    CHECK(log == Log{"fast done"});

    Task<std::string> next = firstOf(results);
    next.start();
    REQUIRE(next.done()); // "fast" was waiting to be taken
    CHECK(next.result() == "fast");
    CHECK(results.remaining() == 2);
}

TEST_CASE("AsCompleted's next() with nothing left is a logic error")
{
    AsCompleted<std::string> results{std::vector<Task<std::string>>{}};
    Task<std::string> task = firstOf(results);
    task.start();
    CHECK_THROWS_AS(task.result(), std::logic_error);
}

// region: shield-test
TEST_CASE("shield: a cancel of the awaiting task does not reach the "
          "shielded one, which runs to its end")
{
    Clock clock;
    Log log;
    bool destroyed = false;
    Task<int> task = shield(guarded(clock, destroyed, log));
    task.start();
    task.cancel();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK_FALSE(destroyed); // still running, on its own
    clock.advance(5s);
    CHECK(log == Log{"shielded task done"});
    CHECK(destroyed); // and freed once done
}
// endregion: shield-test

TEST_CASE("shield passes the value on when nobody cancels")
{
    Clock clock;
    Log log;
    bool destroyed = false;
    Task<int> task = shield(guarded(clock, destroyed, log));
    task.start();
    clock.advance(5s);
    REQUIRE(task.done());
    CHECK(task.result() == 7);
}

TEST_CASE("destroying the awaiting task is not a cancel: the shielded task "
          "goes with it")
{
    Clock clock;
    Log log;
    bool destroyed = false;
    {
        Task<int> task = shield(guarded(clock, destroyed, log));
        task.start();
    }
    CHECK(destroyed);
    CHECK(log.empty());
    CHECK(clock.getDelayedCalls().empty());
}

} // TEST_SUITE
