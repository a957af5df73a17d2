// The Deferred's contract: cancel(). The canceller is called once, before
// the Deferred has fired; a Deferred that nobody fires fails with
// CancelledError; a cancel reaches the Deferred being waited for.
// (Twisted's test_defer.py, DeferredCancellerTests.)
#include "deferred.hpp"
#include "failure.hpp"

#include "deferred_helpers.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

class GenericError : public std::runtime_error {
public:
    GenericError() : std::runtime_error{"generic"} {}
};

} // namespace

TEST_SUITE("deferred contract")
{

TEST_CASE("cancel() without a canceller fails the Deferred with "
          "CancelledError (test_noCanceller)")
{
    Deferred<std::string> deferred;
    Calls calls;
    deferred.addCallbacks(
        [&](std::string value) {
            calls("callback");
            return value;
        },
        [&](Failure failure) {
            calls(failure.check<CancelledError>() ? "cancelled" : "other");
            return std::string{};
        });
    deferred.cancel();
    CHECK(calls.names == std::vector<std::string>{"cancelled"});
}

// region: no-canceller-test
TEST_CASE("after cancel() without a canceller, the producer's one late "
          "callback or errback is let through, and the next is "
          "AlreadyCalledError (test_raisesAfterCancelAndCallback, "
          "test_raisesAfterCancelAndErrback)")
{
    Deferred<int> calledBack;
    auto first = takeFailure(calledBack);
    calledBack.cancel();
    calledBack.callback(1); // swallowed
    CHECK_THROWS_AS(calledBack.callback(2), AlreadyCalledError);
    CHECK_THROWS_AS(calledBack.errback(GenericError{}), AlreadyCalledError);
    CHECK((*first)->check<CancelledError>());

    Deferred<int> erredBack;
    auto second = takeFailure(erredBack);
    erredBack.cancel();
    erredBack.errback(GenericError{}); // swallowed
    CHECK_THROWS_AS(erredBack.callback(2), AlreadyCalledError);
    CHECK_THROWS_AS(erredBack.errback(GenericError{}), AlreadyCalledError);
    CHECK((*second)->check<CancelledError>()); // still the cancel's
}
// endregion: no-canceller-test

TEST_CASE("a second cancel() does nothing "
          "(test_noCancellerMultipleCancel, "
          "test_noCancellerMultipleCancelsAfterCancelAndCallback)")
{
    Deferred<int> deferred;
    int errbacks = 0;
    deferred.addErrback([&](Failure) {
        ++errbacks;
        return 0;
    });
    deferred.cancel();
    deferred.cancel();
    deferred.callback(1); // the late one, swallowed
    deferred.cancel();
    CHECK(errbacks == 1);
}

// region: canceller-test
TEST_CASE("cancel() calls the canceller once, with the Deferred, and fails "
          "the Deferred if the canceller did not fire it "
          "(test_simpleCanceller, test_cancellerMultipleCancel)")
{
    int cancellerCalls = 0;
    Deferred<int> deferred{[&](Deferred<int>& cancelled) {
        ++cancellerCalls;
        CHECK_FALSE(cancelled.called());
    }};
    auto failure = takeFailure(deferred);
    deferred.cancel();
    deferred.cancel();
    CHECK(cancellerCalls == 1);
    CHECK((*failure)->check<CancelledError>());
    // With a canceller, the producer was told: a late result is an error.
    CHECK_THROWS_AS(deferred.callback(1), AlreadyCalledError);
    CHECK_THROWS_AS(deferred.errback(GenericError{}), AlreadyCalledError);
}
// endregion: canceller-test

TEST_CASE("a canceller may fail the Deferred its own way, or give it a "
          "result (test_cancellerThatErrbacks, test_cancellerThatCallbacks)")
{
    Deferred<std::string> failed{[](Deferred<std::string>& self) {
        self.errback(GenericError{});
    }};
    auto failure = takeFailure(failed);
    failed.cancel();
    CHECK((*failure)->check<GenericError>());

    Deferred<std::string> answered{[](Deferred<std::string>& self) {
        self.callback("hello!");
    }};
    auto result = resultOf(answered);
    answered.cancel();
    CHECK(*result == "hello!");
}

TEST_CASE("cancel() after the result has arrived does nothing "
          "(test_cancelAfterCallback, test_cancelAfterErrback)")
{
    int cancellerCalls = 0;
    auto canceller = [&](Deferred<std::string>&) { ++cancellerCalls; };
    Deferred<std::string> succeeded{canceller};
    succeeded.callback("biff!");
    succeeded.cancel();
    CHECK(*resultOf(succeeded) == "biff!");

    Deferred<std::string> failed{canceller};
    failed.errback(GenericError{});
    failed.cancel();
    auto failure = takeFailure(failed);
    CHECK((*failure)->check<GenericError>());
    CHECK(cancellerCalls == 0);
}

// region: nested-cancel-test
TEST_CASE("cancelling a Deferred that waits for another cancels that one "
          "(test_cancelNestedDeferred)")
{
    int innerCancels = 0;
    Deferred<void> inner{[&](Deferred<void>&) { ++innerCancels; }};
    Deferred<void> outer{[](Deferred<void>&) {
        FAIL("the outer Deferred has fired: its canceller is not called");
    }};
    outer.callback();
    outer.addCallback([inner] { return inner; });
    outer.cancel();
    auto failure = takeFailure(outer);
    CHECK(innerCancels == 1);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<CancelledError>());
}
// endregion: nested-cancel-test

TEST_CASE("a cancel goes down a line of waiting Deferreds to the last")
{
    int cancels = 0;
    Deferred<int> last{[&](Deferred<int>&) { ++cancels; }};
    Deferred<int> middle;
    middle.addCallback([last](int) { return last; });
    middle.callback(0);
    Deferred<int> first;
    first.addCallback([middle](int) { return middle; });
    first.callback(0);
    first.cancel();
    CHECK(cancels == 1);
    CHECK((*takeFailure(first))->check<CancelledError>());
}

TEST_CASE("cancelling what then() gave cancels the Deferred it came from")
{
    int cancels = 0;
    Deferred<int> source{[&](Deferred<int>&) { ++cancels; }};
    Deferred<std::string> text =
        source.then([](int value) { return std::to_string(value); });
    text.cancel();
    CHECK(cancels == 1);
    CHECK((*takeFailure(text))->check<CancelledError>());
}

TEST_CASE("a Deferred waiting for one that is gone (nobody can fire it) "
          "is cancelled itself")
{
    Deferred<int> outer;
    outer.addCallback([](int) { return Deferred<int>{}; }); // dropped
    outer.callback(0);
    outer.cancel();
    CHECK((*takeFailure(outer))->check<CancelledError>());
}

TEST_CASE("the canceller is let go once the Deferred has fired, and with it "
          "what it holds (test_canceller_circular_reference_callback)")
{
    auto producer = std::make_shared<int>(0);
    Deferred<int> deferred{[producer](Deferred<int>&) {}};
    CHECK(producer.use_count() == 2);
    deferred.callback(1);
    CHECK(producer.use_count() == 1);

    Deferred<int> cancelled{[producer](Deferred<int>&) {}};
    auto failure = takeFailure(cancelled);
    cancelled.cancel();
    CHECK(producer.use_count() == 1);
}

} // TEST_SUITE
