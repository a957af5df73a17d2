// PingPongProtocol without a socket or a loop: the protocol is called
// directly, and its transport is a string.
#include "ping_pong.hpp"
#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <sstream>
#include <string>

// region: ping-pong-tests
TEST_CASE("ping-pong serves one byte when the connection is made")
{
    std::ostringstream out;
    PingPongProtocol protocol{"Client", 100, out};
    StringTransport transport;
    protocol.makeConnection(transport);
    CHECK(transport.written == "*");
}

TEST_CASE("ping-pong answers every read with one byte, and says so")
{
    std::ostringstream out;
    PingPongProtocol protocol{"Client", 100, out};
    StringTransport transport;
    protocol.makeConnection(transport);
    protocol.dataReceived("*");
    protocol.dataReceived("**"); // two bytes in one read: one answer
    CHECK(transport.written == "***");
    CHECK(out.str() == "Client wrote a byte\nClient wrote a byte\n");
    CHECK_FALSE(transport.disconnecting);
}

TEST_CASE("ping-pong closes the connection once it has its maximum")
{
    std::ostringstream out;
    PingPongProtocol protocol{"Client", 100, out};
    StringTransport transport;
    protocol.makeConnection(transport);
    protocol.dataReceived(std::string(100, '*'));
    CHECK(transport.disconnecting);
    CHECK(transport.written == "*"); // no answer to the last read
    CHECK(out.str() == "Client is closing the connection\n");
}
// endregion: ping-pong-tests

TEST_CASE("ping-pong without a maximum plays until the peer closes")
{
    std::ostringstream out;
    PingPongProtocol protocol{"Server", std::nullopt, out};
    StringTransport transport;
    protocol.makeConnection(transport);
    for (int i = 0; i < 1000; ++i) {
        protocol.dataReceived("*");
    }
    CHECK_FALSE(transport.disconnecting);
    CHECK(transport.written.size() == 1001);
    CHECK(protocol.received() == 1000);
    CHECK(protocol.reads() == 1000);
}

TEST_CASE("ping-pong says why it lost the connection")
{
    std::ostringstream out;
    PingPongProtocol protocol{"Server", std::nullopt, out};
    StringTransport transport;
    protocol.makeConnection(transport);
    protocol.connectionLost(Reason::failed("recv", ECONNRESET));
    CHECK(protocol.lost());
    CHECK(out.str() ==
          "Server lost the connection: recv: Connection reset by peer\n");
}
