// The streams' contract on real sockets: the reader stops a real
// transport's reading, drain() holds a writer to the pace of a peer that
// stops reading and throws once a peer resets, and startServer and
// openConnection carry asyncio's test_start_server (20 clients, each its own
// bytes back, no handler error) and test_open_connection_error. Each run
// is bounded by a deadline (runWithDeadline), never by a sleep.
#include "connect_support.hpp"
#include "coroutine_support.hpp"
#include "streams_support.hpp"

#include "address.hpp"
#include "gather.hpp"
#include "open_connection.hpp"
#include "start_server.hpp"
#include "stream_errors.hpp"
#include "stream_protocol.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A StreamProtocol on one end of a loopback TCP pair, served by a real
// Transport; the other end is the test's, blocking, to read or not.
struct StreamPair {
    explicit StreamPair(Reactor& reactor,
                        std::size_t limit = StreamReader::defaultLimit)
        : protocol{std::make_shared<StreamProtocol>(limit)},
          writer{protocol}
    {
        auto [ours, theirs] = common::connectedPair();
        peer = std::move(theirs);
        transport = std::make_shared<Transport>(reactor, std::move(ours),
                                                protocol);
        transport->activate();
    }

    std::shared_ptr<StreamProtocol> protocol;
    StreamWriter writer;
    std::shared_ptr<Transport> transport;
    common::FileDescriptor peer;
};

// `size` bytes that say where they are: a byte lost or moved shows.
std::string pattern(std::size_t size)
{
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        text[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    }
    return text;
}

// Turns the loop without waiting until `done` says so; false if it never
// does within `turns` turns.
template <typename Done>
bool turnUntil(Reactor& reactor, Done done, int turns = 10'000)
{
    for (int i = 0; i < turns && !done(); ++i) {
        reactor.iterate(Duration::zero());
    }
    return done();
}

Task<std::size_t> writeUntilPaused(StreamWriter writer, std::string chunk,
                                   std::size_t total)
{
    std::size_t sent = 0;
    while (sent < total) {
        writer.write(chunk);
        sent += chunk.size();
        co_await writer.drain();
    }
    co_return sent;
}

// Turns the loop until no descriptor is watched: the closes that the last
// task asked for are done, and no transport outlives the reactor.
bool settle(Reactor& reactor)
{
    return turnUntil(reactor, [&] { return reactor.watched() == 0; });
}

} // namespace

// region: test-transport-pauses
TEST_CASE("streams: a full reader stops its transport reading; reads "
          "start it again, and no byte is lost")
{
    Reactor reactor;
    StreamPair pair{reactor, 1024};
    const std::string sent = pattern(512 * 1024);
    common::setNonBlocking(pair.peer.get());
    std::size_t offset = 0;
    // The peer sends what the kernel takes, and the loop turns, until the
    // reader has stopped reading.
    REQUIRE(turnUntil(reactor, [&] {
        const ssize_t n = ::send(pair.peer.get(), sent.data() + offset,
                                 sent.size() - offset, MSG_NOSIGNAL);
        if (n > 0) {
            offset += static_cast<std::size_t>(n);
        }
        return pair.transport->readingPaused();
    }));
    StreamReader reader = pair.protocol->reader();
    CHECK(reader.readingPaused());
    // At most one recv() past twice the limit, however much was sent.
    const std::size_t held = reader.buffered();
    CHECK(held > 2 * 1024);
    CHECK(held <= 2 * 1024 + Transport::maxReadSize);
    for (int i = 0; i < 100; ++i) {
        reactor.iterate(Duration::zero());
    }
    CHECK(reader.buffered() == held); // not reading

    // Now the reader takes everything, the peer sending the rest.
    auto all = started(reader.readExactly(sent.size()));
    REQUIRE(turnUntil(reactor, [&] {
        if (offset < sent.size()) {
            const ssize_t n = ::send(pair.peer.get(), sent.data() + offset,
                                     sent.size() - offset, MSG_NOSIGNAL);
            if (n > 0) {
                offset += static_cast<std::size_t>(n);
            }
        }
        return all.done();
    }));
    CHECK(all.result() == sent);
    pair.writer.abort();
    reactor.iterate(Duration::zero());
}
// endregion: test-transport-pauses

// region: test-drain-slow-peer
TEST_CASE("streams: drain holds a writer to a peer that stops reading")
{
    Reactor reactor;
    StreamPair pair{reactor};
    const std::string chunk = pattern(16 * 1024);
    // Small kernel buffers, fixed (loopback's autotuning would otherwise
    // grow them to megabytes): 8 MiB is then far more than they hold.
    common::setSendBufferSize(pair.transport->fileno(), 64 * 1024);
    common::setReceiveBufferSize(pair.peer.get(), 64 * 1024);
    const std::size_t total = 8 * 1024 * 1024;
    auto writing = started(writeUntilPaused(pair.writer, chunk, total));
    // The peer reads nothing: the kernel's buffers fill, then ours, and
    // the task waits in drain with about one high mark buffered.
    REQUIRE(turnUntil(reactor, [&] {
        return pair.protocol->writingPaused() &&
               pair.transport->peakBuffered() > Transport::defaultHighWater;
    }));
    for (int i = 0; i < 100; ++i) {
        reactor.iterate(Duration::zero());
    }
    CHECK_FALSE(writing.done());
    CHECK(pair.protocol->writingPaused());
    CHECK(pair.transport->peakBuffered() <=
          Transport::defaultHighWater + chunk.size());

    // The peer reads again: the writer finishes, every byte in order.
    std::string received;
    REQUIRE(turnUntil(
        reactor,
        [&] {
            readAvailable(pair.peer.get(), received);
            return writing.done();
        },
        1'000'000));
    CHECK(writing.result() == total);
    pair.writer.close();
    REQUIRE(turnUntil(reactor, [&] {
        return readAvailable(pair.peer.get(), received);
    }, 1'000'000));
    REQUIRE(received.size() == total);
    bool intact = true;
    for (std::size_t i = 0; i < total; i += chunk.size()) {
        intact = intact && received.compare(i, chunk.size(), chunk) == 0;
    }
    CHECK(intact);
}
// endregion: test-drain-slow-peer

// region: test-drain-reset
TEST_CASE("streams: drain throws once a peer resets, instead of waiting "
          "for ever")
{
    Reactor reactor;
    StreamPair pair{reactor};
    auto writing =
        started(writeUntilPaused(pair.writer, pattern(16 * 1024), 1ULL << 40));
    REQUIRE(turnUntil(reactor,
                      [&] { return pair.protocol->writingPaused(); }));
    // A reset: close with a lingering time of zero.
    const linger reset{1, 0};
    ::setsockopt(pair.peer.get(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    pair.peer.reset();
    REQUIRE(turnUntil(reactor, [&] { return writing.done(); }));
    try {
        writing.result();
        FAIL("drain did not throw");
    } catch (const ConnectionError& e) {
        CHECK_FALSE(e.reason().clean());
        // The reset as recv or send hears it first.
        CHECK((e.reason().error() == ECONNRESET ||
               e.reason().error() == EPIPE));
        CHECK(std::string{e.what()}.starts_with("drain: connection lost: "));
    }
}
// endregion: test-drain-reset

namespace {

// region: echo-handler
Task<void> echoLine(StreamReader reader, StreamWriter writer)
{
    const std::string line = co_await reader.readLine();
    writer.write(line);
    co_await writer.drain();
}
// endregion: echo-handler

Task<bool> echoClient(Reactor& reactor, Address address, std::string text)
{
    Streams streams = co_await openConnection(reactor, address);
    streams.writer.write(text);
    const std::string back = co_await streams.reader.readLine();
    const std::string after = co_await streams.reader.read(10);
    streams.writer.close();
    co_return back == text && after.empty() && streams.reader.atEof();
}

Task<std::vector<bool>> clients(Reactor& reactor, Address address, int n)
{
    std::vector<Task<bool>> tasks;
    for (int i = 0; i < n; ++i) {
        tasks.push_back(echoClient(reactor, address,
                                   "hello from client " + std::to_string(i) +
                                       "\n"));
    }
    co_return co_await gather(std::move(tasks));
}

} // namespace

// region: test-start-server
TEST_CASE("streams: 20 clients of a stream server each get their own line "
          "back, and no handler fails (test_start_server)")
{
    Reactor reactor;
    const auto server =
        startServer(reactor, Address::tcp("127.0.0.1", 0), echoLine);
    REQUIRE(server->port() != 0);
    const auto results = runWithDeadline(
        reactor, clients(reactor, Address::tcp("127.0.0.1", server->port()),
                         20));
    CHECK(results == std::vector<bool>(20, true));
    CHECK(server->accepted() == 20);
    CHECK(server->handlerErrors() == 0);
    REQUIRE(server->listener() != nullptr);
    CHECK(server->listener()->refused() == 0);
    server->close();
    CHECK(settle(reactor));
}
// endregion: test-start-server

TEST_CASE("streams: the echo runs the same on select, poll and epoll")
{
    for (const char* backend : {"select", "poll", "epoll"}) {
        CAPTURE(backend);
        Reactor reactor{makePoller(backend)};
        const auto server =
            startServer(reactor, Address::tcp("127.0.0.1", 0), echoLine);
        const auto results = runWithDeadline(
            reactor,
            clients(reactor, Address::tcp("127.0.0.1", server->port()), 5));
        CHECK(results == std::vector<bool>(5, true));
        server->close();
        CHECK(settle(reactor));
    }
}

TEST_CASE("streams: a stream server on a Unix domain socket")
{
    Reactor reactor;
    TempDir dir;
    const Address address = Address::unixPath(dir.file("echo.sock"));
    const auto server = startServer(reactor, address, echoLine);
    CHECK(server->port() == 0);
    const auto results = runWithDeadline(reactor, clients(reactor, address, 3));
    CHECK(results == std::vector<bool>(3, true));
    server->close();
    CHECK(settle(reactor));
}

TEST_CASE("streams: openConnection where nobody listens throws "
          "ConnectionError (test_open_connection_error)")
{
    Reactor reactor;
    std::uint16_t port = 0;
    {
        const auto listener = common::listenTcp("127.0.0.1", 0);
        port = common::boundPort(listener.get());
    } // closed: nobody listens there now
    auto connect = [&]() -> Task<std::string> {
        try {
            co_await openConnection(reactor, Address::tcp("127.0.0.1", port));
        } catch (const ConnectionError& e) {
            CHECK(e.reason().error() == ECONNREFUSED);
            co_return e.what();
        }
        co_return "connected";
    };
    CHECK(runWithDeadline(reactor, connect()) ==
          "connect to 127.0.0.1:" + std::to_string(port) +
              ": Connection refused");
}

TEST_CASE("streams: openConnection cancelled while it connects stops the "
          "attempt")
{
    Reactor reactor;
    const FullListener full;
    auto connecting = started(
        openConnection(reactor, Address::tcp("127.0.0.1", full.port())));
    for (int i = 0; i < 3; ++i) {
        reactor.iterate(Duration::zero());
    }
    CHECK_FALSE(connecting.done());
    CHECK(reactor.watched() == 1); // the attempt's socket
    connecting.cancel();
    REQUIRE(connecting.done());
    CHECK_THROWS_AS(connecting.result(), CancelledError);
    CHECK(reactor.watched() == 0);
}

TEST_CASE("streams: after server close a new connect is refused "
          "(test_server_close), and waitClosed returns once the handlers "
          "have ended")
{
    Reactor reactor;
    auto server =
        startServer(reactor, Address::tcp("127.0.0.1", 0), echoLine);
    const Address address = Address::tcp("127.0.0.1", server->port());
    auto scenario = [&]() -> Task<std::string> {
        Streams open = co_await openConnection(reactor, address);
        server->close();
        CHECK_FALSE(server->isServing());
        std::string outcome;
        try {
            co_await openConnection(reactor, address);
            outcome = "connected";
        } catch (const ConnectionError& e) {
            outcome = e.what();
        }
        // The connection made before the close is still served.
        open.writer.write("still here\n");
        const std::string echoed = co_await open.reader.readLine();
        CHECK(echoed == "still here\n");
        co_await server->waitClosed();
        CHECK(server->connections() == 0);
        open.writer.close();
        co_return outcome;
    };
    CHECK(runWithDeadline(reactor, scenario()).ends_with(
        "Connection refused"));
    CHECK(settle(reactor));
}

// region: test-handler-ends
TEST_CASE("streams: the server closes a connection when its handler ends, "
          "and aborts it when the handler throws; the others go on")
{
    Reactor reactor;
    auto handler = [](StreamReader reader,
                      StreamWriter writer) -> Task<void> {
        const std::string line = co_await reader.readLine();
        if (line == "throw\n") {
            throw std::runtime_error{"asked to"};
        }
        writer.write("bye\n");
    };
    auto server = startServer(reactor, Address::tcp("127.0.0.1", 0), handler);
    const Address address = Address::tcp("127.0.0.1", server->port());
    auto scenario = [&]() -> Task<void> {
        Streams failing = co_await openConnection(reactor, address);
        Streams polite = co_await openConnection(reactor, address);
        failing.writer.write("throw\n");
        // Aborted: a reset, or at least the end, and no answer.
        try {
            const std::string rest = co_await failing.reader.read();
            CHECK(rest.empty());
        } catch (const ConnectionError& e) {
            CHECK(e.reason().error() == ECONNRESET);
        }
        polite.writer.write("hello\n");
        const std::string answer = co_await polite.reader.read();
        CHECK(answer == "bye\n"); // and then the end
        CHECK(polite.reader.atEof());
        polite.writer.close();
        failing.writer.close();
    };
    runWithDeadline(reactor, scenario());
    CHECK(server->handlerErrors() == 1);
    CHECK(server->accepted() == 2);
    server->close();
    CHECK(settle(reactor));
}
// endregion: test-handler-ends

// region: test-half-close
TEST_CASE("streams: a client that half-closes still gets its answer")
{
    Reactor reactor;
    auto reverse = [](StreamReader reader, StreamWriter writer) -> Task<void> {
        std::string all = co_await reader.read(); // to the end of stream
        writer.write(std::string{all.rbegin(), all.rend()});
    };
    auto server = startServer(reactor, Address::tcp("127.0.0.1", 0), reverse);
    auto client = [&]() -> Task<std::string> {
        Streams s = co_await openConnection(
            reactor, Address::tcp("127.0.0.1", server->port()));
        s.writer.write("stressed");
        s.writer.writeEof();
        std::string answer = co_await s.reader.read();
        co_await s.writer.waitClosed();
        CHECK(s.writer.lostReason()->clean());
        co_return answer;
    };
    CHECK(runWithDeadline(reactor, client()) == "desserts");
    server->close();
    CHECK(settle(reactor));
}
// endregion: test-half-close

TEST_CASE("streams: write and drain against a peer that accepted and "
          "closed throws within bounded time (test_drain_raises)")
{
    Reactor reactor;
    auto hangUp = [](StreamReader, StreamWriter) -> Task<void> { co_return; };
    auto server = startServer(reactor, Address::tcp("127.0.0.1", 0), hangUp);
    auto client = [&]() -> Task<std::string> {
        Streams s = co_await openConnection(
            reactor, Address::tcp("127.0.0.1", server->port()));
        const std::string chunk = pattern(64 * 1024);
        try {
            for (;;) {
                s.writer.write(chunk);
                co_await s.writer.drain();
            }
        } catch (const ConnectionError& e) {
            co_return e.what();
        }
    };
    const std::string why = runWithDeadline(reactor, client());
    CHECK(why.starts_with("drain: connection lost: "));
    server->close();
    CHECK(settle(reactor));
}

TEST_CASE("streams: destroying a server ends its handlers and closes their "
          "connections")
{
    Reactor reactor;
    bool destroyed = false;
    auto waitForever = [&destroyed](StreamReader reader,
                                    StreamWriter writer) -> Task<void> {
        const Sentinel sentinel{destroyed};
        writer.write("hello\n");
        co_await reader.readLine(); // the client sends none
    };
    auto server =
        startServer(reactor, Address::tcp("127.0.0.1", 0), waitForever);
    auto connecting = started(
        openConnection(reactor, Address::tcp("127.0.0.1", server->port())));
    REQUIRE(turnUntil(reactor, [&] {
        return connecting.done() && server->connections() == 1;
    }));
    Streams client = connecting.result();
    auto waiting = started(server->waitClosed());
    server.reset();
    CHECK(destroyed);
    REQUIRE(waiting.done());
    auto rest = [](StreamReader reader) -> Task<std::string> {
        co_return co_await reader.read();
    };
    CHECK(runWithDeadline(reactor, rest(client.reader)) == "hello\n");
    client.writer.close();
    CHECK(settle(reactor));
}

// region: test-line-too-long
TEST_CASE("streams: startServer's limit is its readers'; a line past it is "
          "answered and the connection goes on")
{
    Reactor reactor;
    auto lines = [](StreamReader reader, StreamWriter writer) -> Task<void> {
        CHECK(reader.limit() == 8);
        for (;;) {
            std::string line;
            try {
                line = co_await reader.readLine();
            } catch (const LimitOverrunError&) {
                writer.write("too long\n");
                continue;
            }
            if (line.empty()) {
                co_return; // the end of the stream
            }
            writer.write("ok: " + line);
        }
    };
    auto server =
        startServer(reactor, Address::tcp("127.0.0.1", 0), lines, 8);
    auto client = [&]() -> Task<std::string> {
        Streams s = co_await openConnection(
            reactor, Address::tcp("127.0.0.1", server->port()));
        s.writer.write("12345678\n0123456789\nshort\n");
        s.writer.writeEof();
        std::string answers = co_await s.reader.read();
        s.writer.close();
        co_return answers;
    };
    CHECK(runWithDeadline(reactor, client()) ==
          "ok: 12345678\ntoo long\nok: short\n");
    server->close();
    CHECK(settle(reactor));
}
// endregion: test-line-too-long

TEST_CASE("streams: a handler that throws before it is a task costs only "
          "its own connection")
{
    Reactor reactor;
    bool refuse = true;
    auto handler = [&refuse](StreamReader reader,
                             StreamWriter writer) -> Task<void> {
        if (std::exchange(refuse, false)) {
            throw std::runtime_error{"no task for you"}; // not a coroutine
        }
        return echoLine(std::move(reader), std::move(writer));
    };
    auto server = startServer(reactor, Address::tcp("127.0.0.1", 0), handler);
    const Address address = Address::tcp("127.0.0.1", server->port());
    auto scenario = [&]() -> Task<std::string> {
        Streams refused = co_await openConnection(reactor, address);
        std::string rest;
        try {
            rest = co_await refused.reader.read();
        } catch (const ConnectionError&) {
            rest = "reset";
        }
        refused.writer.close();
        Streams served = co_await openConnection(reactor, address);
        served.writer.write("fine\n");
        const std::string line = co_await served.reader.readLine();
        served.writer.close();
        co_return rest + "|" + line;
    };
    const std::string outcome = runWithDeadline(reactor, scenario());
    CHECK((outcome == "|fine\n" || outcome == "reset|fine\n"));
    CHECK(server->connections() == 0);
    CHECK(server->accepted() == 2);
    server->close();
    CHECK(settle(reactor));
}

// region: test-goes-with-reactor
TEST_CASE("streams: a transport that stopped reading goes with its "
          "reactor, never kept alive by itself")
{
    std::weak_ptr<Transport> halfClosed;
    std::weak_ptr<Transport> paused;
    common::FileDescriptor peers[2];
    {
        Reactor reactor;
        StreamPair first{reactor};
        StreamPair second{reactor, 1};
        halfClosed = first.transport;
        paused = second.transport;
        ::shutdown(first.peer.get(), SHUT_WR); // the peer's end of stream
        REQUIRE(::send(second.peer.get(), "abc", 3, 0) == 3); // past 2 x 1
        REQUIRE(turnUntil(reactor, [&] {
            return first.protocol->reader().atEof() &&
                   second.transport->readingPaused();
        }));
        peers[0] = std::move(first.peer);
        peers[1] = std::move(second.peer);
        // Neither is watched for anything now; only the reactor holds them.
        CHECK(reactor.watched() == 0);
    }
    CHECK(halfClosed.expired());
    CHECK(paused.expired());
}
// endregion: test-goes-with-reactor

TEST_CASE("streams: openConnection gives up after its timeout, on the "
          "reactor's clock")
{
    FakeClockReactor fake;
    const FullListener full;
    auto connecting = started(openConnection(
        fake.reactor, Address::tcp("127.0.0.1", full.port()),
        StreamReader::defaultLimit, std::chrono::seconds{2}));
    fake.advance(std::chrono::milliseconds{1999});
    CHECK_FALSE(connecting.done());
    fake.advance(std::chrono::milliseconds{1});
    REQUIRE(turnUntil(fake.reactor, [&] { return connecting.done(); }));
    try {
        connecting.result();
        FAIL("no ConnectionError");
    } catch (const ConnectionError& e) {
        CHECK(e.reason().error() == ETIMEDOUT);
        CHECK(std::string{e.what()}.ends_with("timed out after 2.00 s"));
    }
    CHECK(fake.reactor.watched() == 0);
}
