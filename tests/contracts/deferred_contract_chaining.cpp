// The Deferred's contract: chaining. A callback that returns a Deferred
// pauses its chain until that Deferred has a result, which then goes on
// down the first chain; a line of thousands of such Deferreds neither runs
// nor is freed by recursion. (Twisted's test_defer.py: the implicit-chain
// tests and test_boundedStackDepth.)
#include "deferred.hpp"
#include "deferred_list.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"

#include <doctest/doctest.h>

#include <execinfo.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// How many frames deep the caller is: Twisted's len(extract_stack()).
int stackDepth()
{
    std::vector<void*> frames(1 << 17);
    return backtrace(frames.data(), static_cast<int>(frames.size()));
}

// region: bounded-stack
// Twisted's test_boundedStackDepth: top waits for the last of `howMany`
// Deferreds, each of which waits for the one before it, and the first for
// `last`. Firing `last` runs them all; returns how deep the stack was in
// top's final callback.
int depthAtTheEndOfALine(std::size_t howMany)
{
    Deferred<void> top;
    std::vector<Deferred<void>> inners(howMany);
    Deferred<void> last;
    int depth = 0;
    top.addCallback([inner = inners.back()] { return inner; });
    top.addCallback([&depth] { depth = stackDepth(); });
    for (std::size_t i = howMany - 1; i > 0; --i) {
        inners[i].addCallback([before = inners[i - 1]] { return before; });
    }
    inners[0].addCallback([last] { return last; });
    top.callback();
    for (Deferred<void>& inner : inners) {
        inner.callback(); // each now waits for the one before it
    }
    CHECK(depth == 0); // sanity: nothing has reached top yet
    last.callback();
    return depth;
}
// endregion: bounded-stack

// Sets `depth` to how deep the stack is when it is destroyed.
struct DepthProbe {
    explicit DepthProbe(int& into) : depth{into} {}
    ~DepthProbe() { depth = stackDepth(); }
    int& depth;
    DepthProbe(const DepthProbe&) = delete;
    DepthProbe& operator=(const DepthProbe&) = delete;
};

// A line of `howMany` Deferreds, each waiting for the one before it, so
// that each holds the next; only the first is held from outside. Returns
// how deep the stack was when the last one was freed.
int depthFreeingALine(std::size_t howMany)
{
    int depth = 0;
    {
        Deferred<void> first;
        Deferred<void> previous = first;
        for (std::size_t i = 1; i < howMany; ++i) {
            Deferred<void> next;
            next.addCallback([previous] { return previous; });
            next.callback(); // waits for `previous`, which now holds it
            previous = next;
        }
        auto probe = std::make_shared<DepthProbe>(depth);
        previous.addCallback([probe] {});
        probe.reset();
        previous = Deferred<void>{};
    } // `first` goes, and the whole line with it
    return depth;
}

} // namespace

TEST_SUITE("deferred contract")
{

// region: chaining-test
TEST_CASE("a callback that returns a Deferred pauses the chain until that "
          "one fires, and its result goes on (test_callbackReturnsDeferred)")
{
    Deferred<int> outer;
    Deferred<int> inner;
    std::vector<int> seen;
    outer.addCallback([inner](int) { return inner; });
    outer.addCallback([&](int value) {
        seen.push_back(value);
        return value;
    });
    outer.callback(1);
    CHECK(seen.empty()); // waiting for inner
    inner.callback(2);
    CHECK(seen == std::vector<int>{2});
}
// endregion: chaining-test

TEST_CASE("an errback may return a Deferred too (test_errbackReturnsDeferred)")
{
    Deferred<std::string> outer;
    Deferred<std::string> inner;
    std::vector<std::string> seen;
    outer.addErrback([inner](Failure) { return inner; })
        .addCallback([&](std::string value) {
            seen.push_back(value);
            return value;
        });
    outer.errback(std::invalid_argument{"no"});
    CHECK(seen.empty());
    inner.callback("result");
    CHECK(seen == std::vector<std::string>{"result"});
}

TEST_CASE("a returned Deferred that has its result already gives it at "
          "once, and has none left (test_synchronousImplicitChain)")
{
    Deferred<std::string> first = succeed(std::string{"result"});
    Deferred<std::string> second;
    second.addCallback([first](std::string) { return first; });
    second.callback("ignored");
    CHECK(*resultOf(second) == "result");
    // Twisted leaves None in `first`; a Deferred<std::string> has no None,
    // so its result went on, and asking it for one is an error.
    CHECK_THROWS_AS(first.addCallback([](std::string s) { return s; }),
                    std::logic_error);
}

TEST_CASE("a returned Deferred without a result gives it when it fires "
          "(test_asynchronousImplicitChain)")
{
    Deferred<int> first;
    Deferred<int> second;
    second.addCallback([first](int) { return first; });
    second.callback(0);
    auto seen = resultOf(second);
    CHECK_FALSE(seen->has_value());
    first.callback(7);
    CHECK(*seen == 7);
    CHECK_THROWS_AS(first.addCallback([](int value) { return value; }),
                    std::logic_error);
}

TEST_CASE("a returned Deferred's failure goes on down the chain, and is not "
          "reported by the Deferred it came from "
          "(test_synchronousImplicitErrorChain, "
          "test_asynchronousImplicitErrorChain)")
{
    UnhandledReports reports;
    {
        Deferred<void> failed = fail(std::runtime_error{"first's failure"});
        Deferred<void> second;
        second.addCallback([failed] { return failed; });
        second.callback();
        auto failure = takeFailure(second);
        REQUIRE(failure->has_value());
        CHECK((*failure)->what() == "first's failure");

        Deferred<void> later;
        Deferred<void> third;
        third.addCallback([later] { return later; });
        third.callback();
        auto laterFailure = takeFailure(third);
        later.errback(std::runtime_error{"later's failure"});
        REQUIRE(laterFailure->has_value());
        CHECK((*laterFailure)->what() == "later's failure");
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("chaining is transitive (test_doubleAsynchronousImplicitChaining)")
{
    Deferred<int> first;
    Deferred<int> second;
    second.addCallback([first](int) { return first; });
    Deferred<int> third;
    third.addCallback([second](int) { return second; });
    auto seen = resultOf(third);
    second.callback(0); // second waits for first
    third.callback(0);  // third waits for second
    CHECK_FALSE(seen->has_value());
    first.callback(3);
    CHECK(*seen == 3);
}

TEST_CASE("the middle Deferred's own callbacks run between the inner's "
          "result and the outer's (test_innerCallbacksPreserved)")
{
    Calls calls;
    Deferred<std::string> inner;
    auto cb = [&](std::string result) {
        calls("start-of-cb " + result);
        Deferred<std::string> middle = succeed(std::string{"inner"});
        middle
            .addCallback([&](std::string) {
                calls("firstCallback");
                return inner;
            })
            .addCallback([&](std::string value) {
                calls("secondCallback " + value);
                return value + value;
            });
        return middle;
    };
    Deferred<std::string> outer = succeed(std::string{"outer"});
    outer.addCallback(cb);
    inner.callback("orange");
    outer.addCallback([&](std::string value) {
        calls(value);
        return value;
    });
    CHECK(calls.names ==
          std::vector<std::string>{"start-of-cb outer", "firstCallback",
                                   "secondCallback orange", "orangeorange"});
}

TEST_CASE("a callback added after the one that waits runs after the inner "
          "chain's callbacks (test_callbackOrderPreserved)")
{
    Calls calls;
    Deferred<std::string> a;
    auto cb = [&](std::string result) {
        calls("cb " + result);
        Deferred<void> d;
        Deferred<void> returner =
            d.then([&] {
                 calls("firstCallback");
                 return gatherResults(std::vector<Deferred<std::string>>{a});
             })
                .then([&](std::vector<std::string> results) {
                    calls("secondCallback " + results.at(0));
                });
        d.callback();
        return returner;
    };
    Deferred<std::string> outer;
    Deferred<void> rest = outer.then(cb);
    rest.addCallback([&] { calls("final"); });
    outer.callback("outer");
    CHECK(calls.names ==
          std::vector<std::string>{"cb outer", "firstCallback"});
    a.callback("withers");
    CHECK(calls.names ==
          std::vector<std::string>{"cb outer", "firstCallback",
                                   "secondCallback withers", "final"});
}

TEST_CASE("the result of a line of three fired out of order reaches the "
          "start (test_resultOfDeferredResultOfDeferredOfFiredDeferredCalled)")
{
    Deferred<void> first;
    Deferred<void> second;
    Deferred<void> third;
    first.addCallback([second] { return second; });
    second.addCallback([third] { return third; });
    second.callback();
    first.callback();
    third.callback();
    Calls calls;
    first.addCallback([&] { calls("first"); });
    CHECK(calls.names == std::vector<std::string>{"first"});
}

// region: bounded-stack-test
TEST_CASE("a line of 10,000 Deferreds runs at the stack depth of a line of "
          "one (test_boundedStackDepth)")
{
    CHECK(depthAtTheEndOfALine(10'000) == depthAtTheEndOfALine(1));
}
// endregion: bounded-stack-test

TEST_CASE("a line of 10,000 Deferreds holding one another is freed at the "
          "stack depth of a line of two")
{
    const int two = depthFreeingALine(2);
    CHECK(two > 0);
    CHECK(depthFreeingALine(10'000) == two);
}

TEST_CASE("a callback that returns a Deferred whose callbacks are running "
          "gets its final result")
{
    Deferred<int> running;
    Deferred<int> outer;
    outer.addCallback([running](int) { return running; });
    auto seen = resultOf(outer);
    running.addCallback([&](int value) {
        outer.callback(0); // outer now waits for `running`, mid-chain
        CHECK_FALSE(seen->has_value());
        return value + 1;
    });
    running.addCallback([](int value) { return value * 10; });
    running.callback(1);
    CHECK(*seen == 20);
}

TEST_CASE("a callback that returns its own Deferred fails it "
          "(test_circularChainException)")
{
    Deferred<int> deferred;
    deferred.addCallback([deferred](int) { return deferred; });
    deferred.callback(1);
    auto failure = takeFailure(deferred);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<std::logic_error>());
}

TEST_CASE("a Deferred's result goes to one place: returned twice, the second "
          "gets a failure; waited for, it takes no more callbacks")
{
    Deferred<int> inner;
    Deferred<int> one;
    Deferred<int> two;
    one.addCallback([inner](int) { return inner; });
    two.addCallback([inner](int) { return inner; });
    one.callback(0);
    two.callback(0);
    auto failure = takeFailure(two);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<std::logic_error>());
    CHECK_THROWS_AS(inner.addCallback([](int value) { return value; }),
                    std::logic_error);
    inner.callback(5);
    CHECK(*resultOf(one) == 5);
}

} // TEST_SUITE
