// The Deferred's contract: a failure that no errback handled is reported
// once, when the last handle on its Deferred goes: only then is it sure
// that no errback will come. (Twisted's test_defer.py, LogTests; asyncio's
// "exception was never retrieved".)
#include "deferred.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <stdexcept>
#include <string>

TEST_SUITE("deferred contract")
{

// region: unhandled-test
TEST_CASE("a Deferred destroyed with a failure reports it once, when its "
          "last handle goes (test_errorLog)")
{
    UnhandledReports reports;
    {
        Deferred<int> deferred;
        deferred.addCallback([](int) -> int {
            throw std::domain_error{"division by zero"};
        });
        deferred.callback(1);
        Deferred<int> copy = deferred;
        CHECK(reports.lines.empty()); // an errback may still be added
    }
    CHECK(reports.lines ==
          std::vector<std::string>{
              "Deferred: std::domain_error: division by zero"});
}
// endregion: unhandled-test

TEST_CASE("the report goes to standard error by default: \"Unhandled error "
          "in Deferred:\" and the failure")
{
    const testing::ProcessResult child = testing::runInChild([] {
        fail<int>(std::runtime_error{"nobody listened"});
        std::fflush(stderr);
        return 0;
    });
    CHECK(child.exitCode == 0);
    CHECK(child.output == "Unhandled error in Deferred: std::runtime_error: "
                          "nobody listened\n");
}

TEST_CASE("a failure an errback handled, a success, and a Deferred never "
          "fired report nothing")
{
    UnhandledReports reports;
    {
        Deferred<int> handled = fail<int>(std::runtime_error{"handled"});
        handled.addErrback([](Failure) { return 0; });
        Deferred<int> succeeded = succeed(1);
        Deferred<int> neverFired;
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("a failure handed on by chaining is reported by nobody once "
          "handled (test_chainedErrorCleanup)")
{
    UnhandledReports reports;
    {
        Deferred<void> deferred;
        deferred.addCallback(
            [] { return fail(std::runtime_error{"zoop"}); });
        deferred.callback();
        auto failure = takeFailure(deferred);
        CHECK((*failure)->what() == "zoop");
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("an errback that chains to another Deferred clears the failure "
          "(test_errorClearedByChaining)")
{
    UnhandledReports reports;
    {
        Deferred<void> bad = fail(std::runtime_error{"oh no"});
        Deferred<void> good;
        bad.addErrback([good](Failure) { return good; });
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("a chain nobody holds still runs when what it waits for fires, "
          "and reports the failure it ends with")
{
    UnhandledReports reports;
    Deferred<int> inner;
    {
        Deferred<int> outer;
        outer.addCallback([inner](int) { return inner; });
        outer.addCallback([](int value) -> int {
            throw std::runtime_error{"at " + std::to_string(value)};
        });
        outer.callback(0);
    } // only `inner`'s last step holds `outer` now
    CHECK(reports.lines.empty());
    inner.callback(9);
    CHECK(reports.lines ==
          std::vector<std::string>{"Deferred: std::runtime_error: at 9"});
}

TEST_CASE("a replacement reporter that throws is itself reported, and the "
          "failure with it")
{
    const testing::ProcessResult child = testing::runInChild([] {
        unhandledErrors().setExceptionHandler(
            [](std::string_view, std::exception_ptr) {
                throw std::logic_error{"broken reporter"};
            });
        fail<void>(std::runtime_error{"lost"});
        std::fflush(stderr);
        return 0;
    });
    CHECK(child.exitCode == 0);
    CHECK(child.output ==
          "Unhandled error in the exception handler: std::logic_error: "
          "broken reporter\n"
          "Unhandled error in Deferred: std::runtime_error: lost\n");
}

} // TEST_SUITE
