// Chapter 13's demo: the echo server written with streams, and the seed's
// test of it. A thousand clients at once, every byte of every echo
// checked; a message long enough to deadlock a client that sent before it
// read; and servers that echo wrongly (short, long, altered, silent) or
// are not there, each caught by the client and said in its outcome.
#include "echo_clients.hpp"
#include "open_files.hpp"
#include "stream_echo.hpp"

#include "address.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "start_server.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

using namespace std::chrono_literals;

namespace {

// One run of `clients` clients against `server`, on `reactor`.
EchoTally runClients(Reactor& reactor, std::uint16_t port,
                     std::uint64_t clients, std::size_t size,
                     std::optional<Duration> timeout = std::chrono::seconds{30})
{
    EchoProgress progress;
    EchoTally tally = runUntilComplete(
        reactor, runEchoClients(reactor, Address::tcp("127.0.0.1", port),
                                {clients, size, timeout}, &progress));
    CHECK(progress.finished == clients);
    CHECK(progress.failed == tally.failures());
    return tally;
}

// The one client of a run against a server that echoes wrongly.
EchoOutcome against(StreamServer::Handler handler, std::size_t size,
                    std::optional<Duration> timeout = std::chrono::seconds{30})
{
    Reactor reactor;
    const auto server = startServer(reactor, Address::tcp("127.0.0.1", 0),
                                    std::move(handler));
    const EchoTally tally = runClients(reactor, server->port(), 1, size,
                                       timeout);
    REQUIRE(tally.outcomes.size() == 1);
    return tally.outcomes.front();
}

// Servers that get the echo wrong, each in its own way. Each reads the
// whole message first (the client half-closes after it).
Task<void> dropsTheLastByte(StreamReader reader, StreamWriter writer)
{
    const std::string all = co_await reader.read();
    writer.write(all.substr(0, all.size() - 1));
}

Task<void> addsAByte(StreamReader reader, StreamWriter writer)
{
    const std::string all = co_await reader.read();
    writer.write(all + "!");
}

Task<void> altersByteSeven(StreamReader reader, StreamWriter writer)
{
    std::string all = co_await reader.read();
    all[7] = '#';
    writer.write(all);
}

Task<void> neverAnswers(StreamReader /*reader*/, StreamWriter writer)
{
    co_await writer.waitClosed(); // until the server is destroyed
}

} // namespace

// region: test-thousand
TEST_CASE("a thousand clients at once each get exactly their own bytes back")
{
    constexpr std::uint64_t clients = 1000;
    if (raiseOpenFilesLimit(2 * clients + 64) < 2 * clients + 64) {
        MESSAGE("skipped: the hard descriptor limit is too low");
        return;
    }
    Reactor reactor;
    auto stats = std::make_shared<EchoServerStats>();
    const auto server =
        startEchoServer(reactor, Address::tcp("127.0.0.1", 0), stats);
    // 3,000 bytes: more than one segment on the way, so that the server's
    // coroutine may loop, and every message longer than its greeting.
    const EchoTally tally = runClients(reactor, server->port(), clients, 3000);

    REQUIRE(tally.outcomes.size() == clients);
    for (std::uint64_t i = 0; i < clients; ++i) {
        const EchoOutcome& outcome = tally.outcomes[i];
        CAPTURE(outcome.failure);
        CHECK(outcome.index == i + 1); // in the order of the clients
        CHECK(outcome.ok());
        CHECK(outcome.sent == 3000);
        CHECK(outcome.received == 3000);
    }
    CHECK(tally.failures() == 0);
    CHECK(tally.bytesSent() == clients * 3000);
    CHECK(tally.bytesReceived() == clients * 3000);

    server->close();
    runUntilComplete(reactor, server->waitClosed());
    CHECK(server->accepted() == clients);
    CHECK(server->handlerErrors() == 0);
    CHECK(stats->served == clients);
    CHECK(stats->open == 0);
    CHECK(stats->peakOpen >= 1);
    CHECK(stats->bytes == clients * 3000);
    CHECK(stats->lost == 0);
}
// endregion: test-thousand

TEST_CASE("each client's message is its own: cross-talk would show")
{
    CHECK(echoMessage(7, 0) == "hello from client 7\n");
    CHECK(echoMessage(7, 5) == "hello from client 7\n"); // never shorter
    std::set<std::string> messages;
    for (std::uint64_t index = 1; index <= 200; ++index) {
        const std::string message = echoMessage(index, 100);
        CHECK(message.size() == 100);
        CHECK(message.starts_with("hello from client " +
                                  std::to_string(index) + " "));
        CHECK(message.back() == '\n');
        messages.insert(message.substr(message.find(' ', 18)));
    }
    CHECK(messages.size() == 200); // not even the padding repeats
    CHECK(echoMessage(3, 100) == echoMessage(3, 100)); // and it is repeatable
}

TEST_CASE("a message far above the water marks and the reader's limit: "
          "the client sends and reads at once, so nobody waits for ever")
{
    Reactor reactor;
    auto stats = std::make_shared<EchoServerStats>();
    const auto server =
        startEchoServer(reactor, Address::tcp("127.0.0.1", 0), stats);
    // 8 MiB: the server's drain() and the client's both wait, and the
    // client's reader pauses its transport, many times over.
    const EchoTally tally =
        runClients(reactor, server->port(), 2, 8 * 1024 * 1024);
    for (const EchoOutcome& outcome : tally.outcomes) {
        CAPTURE(outcome.failure);
        CHECK(outcome.ok());
        CHECK(outcome.received == 8 * 1024 * 1024);
    }
    CHECK(stats->bytes == 2 * 8 * 1024 * 1024);
}

TEST_CASE("a short echo is caught: the client says how much came back")
{
    const EchoOutcome outcome = against(dropsTheLastByte, 64);
    CHECK_FALSE(outcome.ok());
    CHECK(outcome.sent == 64);
    CHECK(outcome.received == 63);
    CHECK(outcome.failure == "only 63 of its 64 bytes came back");
}

TEST_CASE("an echo with a byte too many is caught")
{
    const EchoOutcome outcome = against(addsAByte, 64);
    CHECK(outcome.received == 65);
    CHECK(outcome.failure == "1 byte more than it sent came back");
}

TEST_CASE("an altered echo is caught, at the first byte that differs")
{
    const EchoOutcome outcome = against(altersByteSeven, 64);
    CHECK(outcome.received == 64);
    CHECK(outcome.failure == "the echo differs from its message from byte 7 "
                             "on");
}

TEST_CASE("a server that never answers: the client's timeout ends it")
{
    const EchoOutcome outcome =
        against(neverAnswers, 64, std::chrono::milliseconds{50});
    CHECK(outcome.received == 0);
    CHECK(outcome.failure == "no whole echo within 50 ms");
}

TEST_CASE("nobody listening: every client fails with the reason, and the "
          "run goes on to the end")
{
    // A socket bound to a port but not listening: a connect to it is
    // refused, and no other test can take the port meanwhile.
    common::FileDescriptor bound{::socket(AF_INET, SOCK_STREAM, 0)};
    REQUIRE(bound.get() >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(bound.get(), reinterpret_cast<sockaddr*>(&address),
                   sizeof address) == 0);
    const std::uint16_t port = common::boundPort(bound.get());

    Reactor reactor;
    const EchoTally tally = runClients(reactor, port, 5, 0);
    REQUIRE(tally.outcomes.size() == 5);
    CHECK(tally.failures() == 5);
    CHECK(tally.bytesReceived() == 0);
    for (const EchoOutcome& outcome : tally.outcomes) {
        CHECK(outcome.failure == "connect to 127.0.0.1:" +
                                     std::to_string(port) +
                                     ": Connection refused");
    }
}
