// The Deferred's contract: Failure, the exception a chain carries on its
// errback side (Twisted's twisted.python.failure.Failure: check, trap,
// value, raiseException).
#include "failure.hpp"

#include <doctest/doctest.h>

#include <exception>
#include <stdexcept>
#include <string>

namespace {

class ConnectionRefused : public std::runtime_error {
public:
    ConnectionRefused() : std::runtime_error{"connection refused"} {}
};

} // namespace

TEST_SUITE("deferred contract")
{

TEST_CASE("check<E...>() says which of the types the exception is, a "
          "derived class counting as its base")
{
    const Failure refused{ConnectionRefused{}};
    CHECK(refused.check<ConnectionRefused>() == 0U);
    CHECK(refused.check<std::logic_error, ConnectionRefused>() == 1U);
    CHECK(refused.check<std::runtime_error>() == 0U); // a base matches
    CHECK(refused.check<std::exception, ConnectionRefused>() == 0U);
    CHECK_FALSE(refused.check<std::logic_error>());
    CHECK_FALSE(refused.check<std::logic_error, std::bad_alloc>());
}

TEST_CASE("trap<E...>() returns which type matched, or throws the same "
          "exception again")
{
    const Failure refused{ConnectionRefused{}};
    CHECK(refused.trap<std::logic_error, ConnectionRefused>() == 1U);
    try {
        refused.trap<std::logic_error>();
        FAIL("trap let through an exception it does not match");
    } catch (const ConnectionRefused&) {
        CHECK(std::current_exception() == refused.value());
    }
}

TEST_CASE("raise() throws the exception itself")
{
    const Failure failure{std::invalid_argument{"bad"}};
    CHECK_THROWS_WITH_AS(failure.raise(), "bad", std::invalid_argument);
}

TEST_CASE("value() is the exception; value<E>() the exception as an E")
{
    const Failure refused{ConnectionRefused{}};
    REQUIRE(refused.value<ConnectionRefused>() != nullptr);
    CHECK(std::string{refused.value<std::runtime_error>()->what()} ==
          "connection refused");
    CHECK(refused.value<std::logic_error>() == nullptr);
    CHECK(refused.value<ConnectionRefused>() ==
          refused.value<ConnectionRefused>()); // one object, kept
}

TEST_CASE("what() and describe() give the text, and the type")
{
    const Failure refused{ConnectionRefused{}};
    CHECK(refused.what() == "connection refused");
    CHECK(refused.describe() == "ConnectionRefused: connection refused");
    const Failure odd{std::make_exception_ptr(42)};
    CHECK(odd.what() == "something that is not a std::exception");
    CHECK_FALSE(odd.check<std::exception>());
    CHECK(odd.check<int>() == 0U);
}

TEST_CASE("a Failure made from what a catch caught is that exception")
{
    try {
        throw std::out_of_range{"index"};
    } catch (...) {
        const Failure caught{std::current_exception()};
        CHECK(caught.check<std::out_of_range>());
        CHECK(caught.what() == "index");
    }
}

TEST_CASE("a Failure of no exception is refused")
{
    CHECK_THROWS_AS(Failure{std::exception_ptr{}}, std::invalid_argument);
}

TEST_CASE("CancelledError says what happened")
{
    const Failure cancelled{CancelledError{}};
    CHECK(cancelled.describe() ==
          "CancelledError: the operation was cancelled");
}

} // TEST_SUITE
