// The Deferred's contract: deferLater, a Deferred on the timers of chapter
// 09, tested on the fake Clock. (Twisted's test_task.py, DeferLaterTests.)
#include "clock.hpp"
#include "defer_later.hpp"
#include "deferred.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

TEST_SUITE("deferred contract")
{

// region: defer-later-test
TEST_CASE("deferLater calls the function after the delay, and fires with "
          "what it returns (test_callback)")
{
    Clock clock;
    Calls calls;
    Deferred<std::string> later = deferLater(clock, 3s, [&] {
        calls("called");
        return std::string{"result"};
    });
    auto result = resultOf(later);
    clock.advance(2s);
    CHECK(calls.names.empty());
    CHECK_FALSE(result->has_value());
    clock.advance(1s);
    CHECK(calls.names == std::vector<std::string>{"called"});
    CHECK(*result == "result");
}
// endregion: defer-later-test

TEST_CASE("deferLater fails with what the function throws (test_errback)")
{
    Clock clock;
    Deferred<int> later = deferLater(
        clock, 1s, []() -> int { throw std::runtime_error{"later"}; });
    auto failure = takeFailure(later);
    clock.advance(1s);
    REQUIRE(failure->has_value());
    CHECK((*failure)->what() == "later");
}

TEST_CASE("cancelling deferLater cancels the timer and fails with "
          "CancelledError (test_cancel)")
{
    Clock clock;
    Calls calls;
    Deferred<void> later = deferLater(clock, 1s, [&] { calls("called"); });
    CHECK(clock.getDelayedCalls().size() == 1);
    later.cancel();
    CHECK(clock.getDelayedCalls().empty());
    auto failure = takeFailure(later);
    CHECK((*failure)->check<CancelledError>());
    clock.advance(2s);
    CHECK(calls.names.empty());
}

TEST_CASE("deferLater without a function fires with nothing "
          "(test_noCallback)")
{
    Clock clock;
    Deferred<void> later = deferLater(clock, 1s);
    Calls calls;
    later.addCallback([&] { calls("fired"); });
    clock.advance(1s);
    CHECK(calls.names == std::vector<std::string>{"fired"});
}

TEST_CASE("deferLater whose function returns a Deferred waits for it")
{
    Clock clock;
    Deferred<int> inner;
    Deferred<int> later = deferLater(clock, 1s, [inner] { return inner; });
    auto result = resultOf(later);
    clock.advance(1s);
    CHECK_FALSE(result->has_value());
    inner.callback(4);
    CHECK(*result == 4);
}

TEST_CASE("a dropped deferLater still runs its function; a clock destroyed "
          "first drops the call, and the Deferred with it")
{
    UnhandledReports reports;
    Calls calls;
    {
        Clock clock;
        deferLater(clock, 1s, [&] { calls("ran"); });
        clock.advance(1s);
        deferLater(clock, 1s, [&] { calls("never"); });
    } // LeakSanitizer checks that the timer and the Deferred are freed
    CHECK(calls.names == std::vector<std::string>{"ran"});
    CHECK(reports.lines.empty());
}

} // TEST_SUITE
