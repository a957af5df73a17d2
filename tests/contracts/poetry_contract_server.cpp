// A contract of chapters 10 on (CONTRACTS in CMakeLists.txt): the slow
// poetry server's protocol on the fake clock and the in-memory transport,
// so that its pace is checked to the nanosecond without a single sleep.
#include "clock.hpp"
#include "poems.hpp"
#include "poetry_server.hpp"

#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>

using namespace std::chrono_literals;

namespace {

std::shared_ptr<const std::string> text(std::string poem)
{
    return std::make_shared<const std::string>(std::move(poem));
}

} // namespace

// region: server-test
TEST_CASE("the slow server sends a chunk at once, one per delay, and "
          "closes one delay after the last")
{
    Clock clock;
    StringTransport transport;
    SlowPoetryProtocol server{clock, text("abcdefgh"), {100ms, 3}};
    server.makeConnection(transport);
    CHECK(transport.written == "abc");
    clock.advance(99ms);
    CHECK(transport.written == "abc");
    clock.advance(1ms);
    CHECK(transport.written == "abcdef");
    clock.advance(100ms);
    CHECK(transport.written == "abcdefgh"); // the last chunk is shorter
    CHECK(!transport.disconnecting);
    clock.advance(100ms);
    CHECK(transport.disconnecting);
    server.connectionLost(Reason::closedCleanly());
    CHECK(clock.getDelayedCalls().empty());
}
// endregion: server-test

TEST_CASE("the slow server's chunks are exact: the poem, in order, once")
{
    for (const Poem& poem : poems()) {
        for (const std::size_t chunk :
             {std::size_t{1}, std::size_t{7}, std::size_t{30}, std::size_t{100},
              std::size_t{100000}}) {
            CAPTURE(poem.name);
            CAPTURE(chunk);
            Clock clock;
            StringTransport transport;
            SlowPoetryProtocol server{
                clock, text(std::string{poem.text}), {10ms, chunk}};
            server.makeConnection(transport);
            const std::size_t chunks = (poem.text.size() + chunk - 1) / chunk;
            for (std::size_t i = 1; i < chunks; ++i) {
                clock.advance(10ms);
            }
            CHECK(transport.written == poem.text);
            CHECK(server.sent() == poem.text.size());
            CHECK(!transport.disconnecting);
            clock.advance(10ms);
            CHECK(transport.disconnecting);
        }
    }
}

TEST_CASE("a client that leaves early stops the server's timer")
{
    Clock clock;
    StringTransport transport;
    std::ostringstream log;
    SlowPoetryProtocol server{clock, text("abcdefgh"), {1s, 2}, &log, 7};
    server.makeConnection(transport);
    clock.advance(1s);
    CHECK(clock.getDelayedCalls().size() == 1);
    server.connectionLost(Reason::failed("recv", ECONNRESET));
    CHECK(clock.getDelayedCalls().empty());
    clock.advance(10s);
    CHECK(transport.written == "abcd");
    CHECK(log.str() == "Client 7 connected.\n"
                       "Client 7 left after 4 of 8 bytes: recv: Connection "
                       "reset by peer.\n");
}

TEST_CASE("the slow server's log, for a client that got everything")
{
    Clock clock;
    StringTransport transport;
    std::ostringstream log;
    SlowPoetryProtocol server{clock, text("ab"), {1s, 2}, &log, 1};
    server.makeConnection(transport);
    clock.advance(1s);
    REQUIRE(transport.disconnecting);
    server.connectionLost(Reason::closedCleanly());
    CHECK(log.str() ==
          "Client 1 connected.\nClient 1 has the whole poem, 2 bytes.\n");
}

TEST_CASE("a client that half-closes still gets the whole poem")
{
    // `nc -N` shuts down its sending side at once: end of stream, which
    // the server must not take for goodbye.
    Clock clock;
    StringTransport transport;
    SlowPoetryProtocol server{clock, text("abcd"), {1s, 2}};
    IHalfCloseableProtocol& halfCloseable = server;
    server.makeConnection(transport);
    halfCloseable.readConnectionLost();
    CHECK(!transport.disconnecting);
    clock.advance(1s);
    CHECK(transport.written == "abcd");
}

TEST_CASE("with no delay, a chunk a turn")
{
    Clock clock;
    StringTransport transport;
    SlowPoetryProtocol server{clock, text("abc"), {0ms, 1}};
    server.makeConnection(transport);
    CHECK(transport.written == "a");
    clock.advance(0ms);
    CHECK(transport.written == "ab");
    clock.advance(0ms);
    clock.advance(0ms);
    CHECK(transport.disconnecting);
}

TEST_CASE("describePace")
{
    CHECK(describePace({100ms, 30}) == "30 bytes every 100 ms");
    CHECK(describePace({1500ms, 1}) == "1 byte every 1.50 s");
}
