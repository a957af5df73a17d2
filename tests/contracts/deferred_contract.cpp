// The Deferred's contract, written once and compiled into the tests of
// every chapter from 11 on against that chapter's headers. This file: the
// chain of callbacks and errbacks itself. The others: Failure, chaining
// (a callback returning a Deferred), cancellation, unhandled failures,
// DeferredList and gatherResults, deferLater. Twisted's test_defer.py is
// the reference; its test names are given where a test follows one.
#include "deferred.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

TEST_SUITE("deferred contract")
{

// region: chain-test
TEST_CASE("each callback's result feeds the next (testTwoCallbacks)")
{
    Deferred<int> deferred;
    std::vector<int> seen;
    deferred
        .addCallback([&](int value) {
            seen.push_back(value);
            return value * 2;
        })
        .addCallback([&](int value) {
            seen.push_back(value);
            return value + 1;
        });
    CHECK(seen.empty()); // nothing runs before the result is there
    deferred.callback(10);
    CHECK(seen == std::vector<int>{10, 20});
    CHECK(*resultOf(deferred) == 21);
}
// endregion: chain-test

TEST_CASE("callback() runs the callbacks, not the errbacks "
          "(testCallbackWithoutArgs)")
{
    Deferred<std::string> deferred;
    Calls calls;
    deferred.addCallbacks(
        [&](std::string value) {
            calls("callback " + value);
            return value;
        },
        [&](Failure failure) {
            calls("errback");
            return failure;
        });
    deferred.callback("hello");
    CHECK(calls.names == std::vector<std::string>{"callback hello"});
    CHECK(deferred.called());
}

TEST_CASE("a callback that throws sends the failure to the next errback, "
          "past the callbacks in between (testCallbackErrors)")
{
    Deferred<int> deferred;
    Calls calls;
    auto failure = std::make_shared<std::optional<Failure>>();
    deferred
        .addCallback([](int) -> int { throw std::domain_error{"divide"}; })
        .addCallback([&](int value) {
            calls("skipped");
            return value;
        })
        .addErrback([&](Failure caught) {
            *failure = caught;
            return -1;
        });
    deferred.callback(1);
    CHECK(calls.names.empty());
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<std::domain_error>());
    CHECK(*resultOf(deferred) == -1);
}

TEST_CASE("a callback that returns a Failure switches to the errbacks "
          "(test_callbackMaybeReturnsFailure)")
{
    UnhandledReports reports;
    {
        Deferred<int> deferred;
        deferred.addCallback([](int value) -> Failure {
            return std::runtime_error{"from " + std::to_string(value)};
        });
        auto failure = takeFailure(deferred);
        deferred.callback(6);
        REQUIRE(failure->has_value());
        CHECK((*failure)->what() == "from 6");
    }
    CHECK(reports.lines.empty());
}

// region: errback-test
TEST_CASE("an errback that returns a value switches back to the callbacks")
{
    Deferred<std::string> deferred;
    deferred
        .addErrback([](Failure failure) {
            failure.trap<std::runtime_error>();
            return std::string{"recovered from "} + failure.what();
        })
        .addCallback([](std::string value) { return value + "!"; });
    deferred.errback(std::runtime_error{"refused"});
    CHECK(*resultOf(deferred) == "recovered from refused!");
}
// endregion: errback-test

TEST_CASE("an errback that throws passes a failure on; trap() passes on "
          "the one it came with")
{
    UnhandledReports reports;
    {
        Deferred<int> deferred;
        auto passedOn = std::make_shared<std::optional<Failure>>();
        const Failure thrown{std::invalid_argument{"bad"}};
        deferred.addErrback([](Failure failure) -> int {
            failure.trap<std::out_of_range>(); // not this kind: on it goes
            return 0;
        });
        deferred.addErrback([passedOn](Failure failure) {
            *passedOn = failure;
            return 1;
        });
        deferred.errback(thrown);
        REQUIRE(passedOn->has_value());
        CHECK((*passedOn)->value() == thrown.value()); // the same object
        CHECK(*resultOf(deferred) == 1);
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("addCallback leaves a failure to the errbacks after it, "
          "addErrback a result to the callbacks after it "
          "(test_addCallbacksNoneErrback)")
{
    Deferred<int> failing;
    Calls calls;
    failing.addCallback([&](int value) {
        calls("callback");
        return value;
    });
    auto failure = takeFailure(failing);
    failing.errback(std::runtime_error{"oops"});
    CHECK(calls.names.empty());
    REQUIRE(failure->has_value());
    CHECK((*failure)->what() == "oops");

    Deferred<int> succeeding;
    succeeding.addErrback([&](Failure) {
        calls("errback");
        return 0;
    });
    succeeding.callback(5);
    CHECK(calls.names.empty());
    CHECK(*resultOf(succeeding) == 5);
}

TEST_CASE("addCallbacks(f, g): g does not see what f throws; the next "
          "errback does")
{
    Deferred<int> deferred;
    Calls calls;
    deferred.addCallbacks([](int) -> int { throw std::runtime_error{"f"}; },
                          [&](Failure) {
                              calls("same level");
                              return 0;
                          });
    deferred.addErrback([&](Failure failure) {
        calls("next level: " + failure.what());
        return 0;
    });
    deferred.callback(1);
    CHECK(calls.names == std::vector<std::string>{"next level: f"});
}

TEST_CASE("addBoth runs on either side, and what it returns goes on")
{
    UnhandledReports reports;
    Calls calls;
    auto both = [&](auto result) {
        calls("both");
        return result; // a value stays a value, a Failure a failure
    };
    {
        Deferred<int> succeeding;
        succeeding.addBoth(both);
        succeeding.callback(3);
        CHECK(*resultOf(succeeding) == 3);

        Deferred<int> failing;
        failing.addBoth(both);
        auto failure = takeFailure(failing);
        failing.errback(std::runtime_error{"no"});
        CHECK(failure->has_value());
    }
    CHECK(calls.names == std::vector<std::string>{"both", "both"});
    CHECK(reports.lines.empty());
}

// region: immediate-test
TEST_CASE("a callback added to a fired Deferred runs before addCallback "
          "returns (testImmediateSuccess, testImmediateFailure)")
{
    Deferred<std::string> succeeded = succeed(std::string{"success"});
    std::vector<std::string> seen;
    succeeded.addCallback([&](std::string value) {
        seen.push_back(value);
        return value;
    });
    CHECK(seen == std::vector<std::string>{"success"});

    Deferred<int> failed = fail<int>(std::runtime_error{"fail"});
    auto failure = takeFailure(failed);
    REQUIRE(failure->has_value());
    CHECK((*failure)->what() == "fail");
}
// endregion: immediate-test

TEST_CASE("succeed(x) is a Deferred fired with x "
          "(test_succeedMatchesManualSuccess)")
{
    Deferred<int> manual;
    manual.callback(7);
    Deferred<int> made = succeed(7);
    CHECK(made.called());
    CHECK(*resultOf(made) == *resultOf(manual));
}

// region: already-called-test
TEST_CASE("a Deferred fires once: a second callback or errback is "
          "AlreadyCalledError (AlreadyCalledTests CC, CE, EC, EE)")
{
    UnhandledReports reports;
    {
        Deferred<int> called;
        called.callback(1);
        CHECK_THROWS_AS(called.callback(2), AlreadyCalledError);
        CHECK_THROWS_AS(called.errback(std::runtime_error{"late"}),
                        AlreadyCalledError);
        CHECK(*resultOf(called) == 1); // the first result stands

        Deferred<int> failed;
        failed.errback(std::runtime_error{"first"});
        CHECK_THROWS_AS(failed.callback(2), AlreadyCalledError);
        CHECK_THROWS_AS(failed.errback(std::runtime_error{"late"}),
                        AlreadyCalledError);
        auto failure = takeFailure(failed);
        CHECK((*failure)->what() == "first");
    }
    CHECK(reports.lines.empty());
}
// endregion: already-called-test

// region: reentrant-test
TEST_CASE("a callback added by a running callback runs after it, at the "
          "end of the chain, never inside it (test_reentrantRunCallbacks, "
          "test_nonReentrantCallbacks)")
{
    Deferred<void> deferred;
    std::vector<int> called;
    deferred.addCallback([&] {
        called.push_back(1);
        deferred.addCallback([&] { called.push_back(3); });
        CHECK(called == std::vector<int>{1}); // not run inside this one
    });
    deferred.addCallback([&] { called.push_back(2); });
    deferred.callback();
    CHECK(called == std::vector<int>{1, 2, 3});
}
// endregion: reentrant-test

TEST_CASE("a failure thrown by a callback added by a callback reaches the "
          "errbacks (test_reentrantRunCallbacksWithFailure)")
{
    Deferred<void> deferred;
    deferred.addCallback([&] {
        deferred.addCallback(
            [] { throw std::runtime_error{"callback raised exception"}; });
    });
    deferred.callback();
    auto failure = takeFailure(deferred);
    REQUIRE(failure->has_value());
    CHECK((*failure)->what() == "callback raised exception");
}

TEST_CASE("a Deferred<void>'s callbacks take nothing, and an errback that "
          "returns recovers")
{
    Deferred<void> deferred;
    Calls calls;
    deferred.addCallback([&] { calls("first"); })
        .addCallback([]() { throw std::runtime_error{"second"}; })
        .addCallback([&] { calls("skipped"); })
        .addErrback(
            [&](Failure failure) { calls("errback " + failure.what()); })
        .addCallback([&] { calls("after"); });
    deferred.callback();
    CHECK(calls.names ==
          std::vector<std::string>{"first", "errback second", "after"});
}

TEST_CASE("copies of a Deferred are handles on one chain")
{
    Deferred<int> original;
    Deferred<int> copy = original;
    copy.addCallback([](int value) { return value + 1; });
    original.callback(1);
    CHECK(copy.called());
    CHECK(*resultOf(copy) == 2);
    CHECK(*resultOf(original) == 2);
}

// region: then-test
TEST_CASE("then() changes the type: a new Deferred that the first hands "
          "its result to")
{
    Deferred<int> number;
    Deferred<std::string> text =
        number.then([](int value) { return std::to_string(value); });
    CHECK_FALSE(resultOf(text)->has_value());
    number.callback(42);
    CHECK(*resultOf(text) == "42");
    // The result went on: the first Deferred has none left to give.
    CHECK_THROWS_AS(number.addCallback([](int value) { return value; }),
                    std::logic_error);
    CHECK_THROWS_AS(number.then([](int) {}), std::logic_error);
}
// endregion: then-test

TEST_CASE("then(): a failure passes to the new Deferred, and so does what "
          "its function throws")
{
    Deferred<int> failing;
    Deferred<std::string> fromFailure =
        failing.then([](int value) { return std::to_string(value); });
    failing.errback(std::runtime_error{"no number"});
    auto first = takeFailure(fromFailure);
    CHECK((*first)->what() == "no number");

    Deferred<int> throwing;
    Deferred<std::string> fromThrow = throwing.then(
        [](int) -> std::string { throw std::runtime_error{"no text"}; });
    throwing.callback(1);
    auto second = takeFailure(fromThrow);
    CHECK((*second)->what() == "no text");
}

TEST_CASE("then() with a function returning a Deferred<U> gives a "
          "Deferred<U> that waits for it")
{
    Deferred<int> number;
    Deferred<std::string> later;
    Deferred<std::string> text = number.then([&](int) { return later; });
    number.callback(1);
    auto seen = resultOf(text);
    CHECK_FALSE(seen->has_value());
    later.callback("arrived");
    CHECK(*seen == "arrived");
}

TEST_CASE("then() on a Deferred<void>, and to a Deferred<void>")
{
    Deferred<void> start;
    Deferred<int> counted = start.then([] { return 3; });
    Deferred<void> done = counted.then([](int) {});
    Calls calls;
    done.addCallback([&] { calls("done"); });
    start.callback();
    CHECK(calls.names == std::vector<std::string>{"done"});
}

} // TEST_SUITE
