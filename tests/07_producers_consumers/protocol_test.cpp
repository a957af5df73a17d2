// The protocol's side of the contract: what a reason says.
#include "protocol.hpp"

#include <doctest/doctest.h>

#include <cerrno>
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
