// What timers change for transports and protocols. A timed call reaches a
// protocol from outside any I/O handler, where nothing but the reactor's
// registration may be holding the transport; and the echo server's idle
// timeout is a callLater that every read pushes back.
#include "clock.hpp"
#include "echo.hpp"
#include "reactor.hpp"
#include "transport.hpp"

#include "recording_protocol.hpp"
#include "string_transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>

using namespace std::chrono_literals;

TEST_CASE("loseConnection from a timer, on a transport only the reactor "
          "holds, closes it cleanly")
{
    // Before chapter 09 every loseConnection came from inside the
    // transport's own doRead, whose turn kept it alive; from a timer,
    // removing the reader dropped the last reference in mid-call.
    auto [client, server] = common::connectedPair();
    Reactor reactor;
    auto protocol = std::make_shared<RecordingProtocol>();
    ITransport* transport = nullptr;
    protocol->onConnect = [&](ITransport& t) { transport = &t; };
    std::weak_ptr<Transport> weak;
    {
        auto owned = std::make_shared<Transport>(reactor, std::move(server),
                                                 protocol);
        owned->activate();
        weak = owned;
    }
    REQUIRE(transport != nullptr);
    reactor.callLater(0s, [&] { transport->loseConnection(); }, "close");
    turnUntil(reactor, [&] { return protocol->lost == 1; }, 10);
    CHECK(protocol->reason->clean());
    CHECK(weak.expired());
}

TEST_CASE("the idle timeout drops a silent connection, once")
{
    Clock clock;
    auto stats = std::make_shared<EchoStats>();
    EchoProtocol echo{stats, &clock, 2s};
    StringTransport transport;
    echo.makeConnection(transport);
    clock.advance(2s - 1ns);
    CHECK(!transport.disconnecting);
    clock.advance(1ns);
    CHECK(transport.disconnecting);
    CHECK(stats->dropped == 1);
    echo.connectionLost(Reason::closedCleanly());
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("every read pushes the idle timeout back")
{
    Clock clock;
    auto stats = std::make_shared<EchoStats>();
    EchoProtocol echo{stats, &clock, 2s};
    StringTransport transport;
    echo.makeConnection(transport);
    for (int i = 0; i < 5; ++i) {
        clock.advance(1500ms);
        echo.dataReceived("x");
    }
    CHECK(!transport.disconnecting); // 7.5 s, never 2 s of silence
    CHECK(clock.getDelayedCalls().size() == 1); // one call, moved
    clock.advance(2s);
    CHECK(transport.disconnecting);
}

TEST_CASE("a connection lost before its timeout leaves no timer behind")
{
    Clock clock;
    auto stats = std::make_shared<EchoStats>();
    {
        EchoProtocol echo{stats, &clock, 2s};
        StringTransport transport;
        echo.makeConnection(transport);
        echo.connectionLost(Reason::closedCleanly());
    }
    CHECK(clock.getDelayedCalls().empty());
    clock.advance(5s); // nothing runs on the protocol that is gone
    CHECK(stats->dropped == 0);
}

TEST_CASE("without a clock or with a zero timeout, nothing is scheduled")
{
    Clock clock;
    auto stats = std::make_shared<EchoStats>();
    EchoProtocol zero{stats, &clock, Duration::zero()};
    StringTransport transport;
    zero.makeConnection(transport);
    CHECK(clock.getDelayedCalls().empty());
}
