// The Deferred's contract: waiting for several. DeferredList gives every
// outcome in order; gatherResults the results in order, or the first
// failure. (Twisted's test_defer.py: testDeferredList*, test_gatherResults*,
// test_cancelDeferredList*, test_cancelGatherResults*.)
#include "deferred.hpp"
#include "deferred_list.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Strings = std::vector<Deferred<std::string>>;

} // namespace

TEST_SUITE("deferred contract")
{

// region: deferred-list-test
TEST_CASE("a DeferredList fires when all have, with every outcome in their "
          "order (testDeferredList)")
{
    UnhandledReports reports;
    {
        Strings deferreds(3);
        DeferredList<std::string> list{deferreds};
        auto outcomes = resultOf(list);
        deferreds[2].callback("3");
        deferreds[0].callback("1");
        CHECK_FALSE(outcomes->has_value());
        takeFailure(deferreds[1]); // handled on its own chain, after the list
        deferreds[1].errback(std::runtime_error{"2"});
        REQUIRE(outcomes->has_value());
        const std::vector<Outcome<std::string>>& got = **outcomes;
        REQUIRE(got.size() == 3);
        CHECK(got[0].success);
        CHECK(*got[0].result == "1");
        CHECK_FALSE(got[1].success);
        CHECK(got[1].failure->what() == "2");
        CHECK(got[2].success);
        CHECK(*got[2].result == "3");
    }
    CHECK(reports.lines.empty());
}
// endregion: deferred-list-test

TEST_CASE("an empty DeferredList fires at once, with nothing "
          "(testEmptyDeferredList)")
{
    DeferredList<int> list{std::vector<Deferred<int>>{}};
    CHECK(list.called());
    CHECK(resultOf(list)->value().empty());
}

TEST_CASE("a DeferredList of Deferreds fired already fires at once "
          "(testDeferredListWithAlreadyFiredDeferreds)")
{
    DeferredList<int> list{{succeed(1), succeed(2)}};
    const auto outcomes = resultOf(list);
    REQUIRE(outcomes->has_value());
    CHECK(*(*outcomes)->at(1).result == 2);
}

TEST_CASE("a DeferredList passes the results on down each Deferred, and "
          "their failures too unless it consumes them "
          "(testDeferredListDontConsumeErrors, "
          "testDeferredListConsumeErrors)")
{
    UnhandledReports reports;
    {
        Deferred<int> kept;
        DeferredList<int> list{{kept}};
        kept.errback(std::runtime_error{"kept"});
        auto failure = takeFailure(kept); // still there to handle
        CHECK((*failure)->what() == "kept");

        Deferred<int> consumed;
        DeferredList<int> consuming{{consumed}, {false, true}};
        consumed.errback(std::runtime_error{"consumed"});
        CHECK_FALSE((*resultOf(consuming))->at(0).success);
        // Its result went to the list; the Deferred has none left.
        CHECK_THROWS_AS(consumed.addErrback([](Failure) { return 0; }),
                        std::logic_error);
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("with fireOnOneErrback, the first failure fails the list with "
          "FirstError (testDeferredListFireOnOneError)")
{
    Strings deferreds(3);
    DeferredList<std::string> list{deferreds, {true, true}};
    auto failure = takeFailure(list);
    deferreds[0].callback("1");
    deferreds[1].errback(std::runtime_error{"from deferred 2"});
    REQUIRE(failure->has_value());
    const FirstError* first = (*failure)->value<FirstError>();
    REQUIRE(first != nullptr);
    CHECK(first->index == 1);
    CHECK(first->subFailure.what() == "from deferred 2");
    CHECK((*failure)->what() ==
          "FirstError[#1, std::runtime_error: from deferred 2]");
    deferreds[2].callback("3"); // too late to matter, and no error
}

TEST_CASE("gatherResults fires with the results in order, or fails with "
          "the first failure (test_gatherResults)")
{
    UnhandledReports reports;
    {
        std::vector<Deferred<int>> deferreds(2);
        Deferred<std::vector<int>> gathered = gatherResults(deferreds);
        auto results = resultOf(gathered);
        deferreds[1].callback(2);
        deferreds[0].callback(1);
        CHECK(*results == std::vector<int>{1, 2});

        std::vector<Deferred<int>> failing{succeed(1),
                                           fail<int>(std::invalid_argument{
                                               "bad"})};
        Deferred<std::vector<int>> failed = gatherResults(failing);
        auto failure = takeFailure(failed);
        REQUIRE(failure->has_value());
        const FirstError* first = (*failure)->value<FirstError>();
        REQUIRE(first != nullptr);
        CHECK(first->subFailure.check<std::invalid_argument>());
        takeFailure(failing[1]); // not consumed: still there
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("gatherResults with consumeErrors leaves no failure behind "
          "(test_gatherResultsWithConsumeErrors)")
{
    UnhandledReports reports;
    {
        Deferred<int> good = succeed(1);
        Deferred<int> bad = fail<int>(std::runtime_error{"oh noes"});
        auto gathered = gatherResults(std::vector{good, bad}, true);
        auto failure = takeFailure(gathered);
        REQUIRE(failure->has_value());
        CHECK((*failure)->value<FirstError>()->subFailure.what() ==
              "oh noes");
    }
    CHECK(reports.lines.empty());
}

TEST_CASE("gatherResults of Deferred<void> is a Deferred<void>")
{
    std::vector<Deferred<void>> deferreds(2);
    Deferred<void> gathered = gatherResults(deferreds);
    Calls calls;
    gathered.addCallback([&] { calls("all done"); });
    deferreds[0].callback();
    CHECK(calls.names.empty());
    deferreds[1].callback();
    CHECK(calls.names == std::vector<std::string>{"all done"});
}

TEST_CASE("cancelling a DeferredList cancels every Deferred in it "
          "(test_cancelDeferredList)")
{
    std::vector<Deferred<int>> deferreds(2);
    DeferredList<int> list{deferreds, {false, true}};
    list.cancel();
    const auto outcomes = resultOf(list);
    REQUIRE(outcomes->has_value());
    for (const Outcome<int>& outcome : **outcomes) {
        CHECK_FALSE(outcome.success);
        CHECK(outcome.failure->check<CancelledError>());
    }
}

TEST_CASE("cancelling gatherResults cancels them all, and fails with the "
          "first CancelledError (test_cancelGatherResults)")
{
    std::vector<Deferred<int>> deferreds(2);
    auto gathered = gatherResults(deferreds, true);
    gathered.cancel();
    auto failure = takeFailure(gathered);
    REQUIRE(failure->has_value());
    CHECK((*failure)->value<FirstError>()->subFailure.check<CancelledError>());
    CHECK(deferreds[0].called());
    CHECK(deferreds[1].called());
}

TEST_CASE("cancelling gatherResults whose cancellers give results gives "
          "the results (test_cancelGatherResultsWithAllDeferredsCallback)")
{
    auto answer = [](Deferred<std::string>& self) {
        self.callback("Callback Result");
    };
    Strings deferreds{Deferred<std::string>{answer},
                      Deferred<std::string>{answer}};
    auto gathered = gatherResults(deferreds);
    gathered.cancel();
    CHECK(*resultOf(gathered) ==
          std::vector<std::string>{"Callback Result", "Callback Result"});
}

TEST_CASE("cancelling a DeferredList that has fired does nothing "
          "(test_cancelFiredOnOneErrbackDeferredList)")
{
    int cancels = 0;
    Deferred<int> pending{[&](Deferred<int>&) { ++cancels; }};
    DeferredList<int> list{{fail<int>(std::runtime_error{"x"}), pending},
                           {true, true}};
    CHECK(list.called());
    takeFailure(list);
    list.cancel();
    CHECK(cancels == 0);
}

} // TEST_SUITE
