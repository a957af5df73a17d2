// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The protocol's side of the contract: what a reason says.
#include "protocol.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <new>
#include <stdexcept>

TEST_CASE("a reason says whether the connection closed cleanly, and why not")
{
    const Reason clean = Reason::closedCleanly();
    CHECK(clean.clean());
    CHECK(clean.error() == 0);
    CHECK(clean.text() == "closed cleanly");

    const Reason reset = Reason::failed("send", EPIPE);
    CHECK_FALSE(reset.clean());
    CHECK(reset.error() == EPIPE);
    CHECK(reset.text() == "send: Broken pipe");

    const Reason broken =
        Reason::threw("dataReceived", std::runtime_error{"bad byte"});
    CHECK_FALSE(broken.clean());
    CHECK(broken.error() == 0);
    CHECK(broken.text() == "the protocol's dataReceived threw: bad byte");
}

TEST_CASE("the guard on protocol code turns an exception into a reason")
{
    CHECK_FALSE(callGuarded("dataReceived", [] {}).has_value());

    const auto failure = callGuarded(
        "connectionLost", [] { throw std::logic_error{"bad goodbye"}; });
    REQUIRE(failure.has_value());
    CHECK(failure->text() ==
          "the protocol's connectionLost threw: bad goodbye");

    // Out of memory is not the protocol's fault: it goes on up, to main.
    CHECK_THROWS_AS(
        (void)callGuarded("dataReceived", [] { throw std::bad_alloc{}; }),
        std::bad_alloc);
}
