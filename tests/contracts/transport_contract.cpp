// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The transport's contract, over real sockets: connectionLost exactly once
// on every path, with the right reason, and a broken protocol costing only
// its own connection.
#include "recording_protocol.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

// Serves `socket` with `protocol`; the reactor becomes the transport's
// only owner, and the returned weak_ptr says when it is gone.
std::weak_ptr<Transport> serve(Reactor& reactor, common::FileDescriptor socket,
                               std::shared_ptr<Protocol> protocol)
{
    auto transport = std::make_shared<Transport>(reactor, std::move(socket),
                                                 std::move(protocol));
    transport->activate();
    return transport;
}

// Closes `socket` with a reset (RST) instead of an orderly close (FIN):
// SO_LINGER with a zero timeout throws away what is unsent.
void resetOnClose(common::FileDescriptor& socket)
{
    const linger abort{1, 0};
    REQUIRE(::setsockopt(socket.get(), SOL_SOCKET, SO_LINGER, &abort,
                         sizeof abort) == 0);
    socket.reset();
}

std::string patterned(std::size_t size)
{
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>('a' + i % 26);
    }
    return bytes;
}

// Reads a blocking socket to the end of the stream.
std::string readToEnd(int fd)
{
    std::string all;
    char chunk[4096];
    for (ssize_t n; (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) {
        all.append(chunk, static_cast<std::size_t>(n));
    }
    return all;
}

} // namespace

TEST_CASE("the peer's close is connectionLost, cleanly, exactly once")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    const auto transport = serve(reactor, std::move(server), protocol);
    REQUIRE(::send(client.get(), "hi", 2, 0) == 2);
    client.reset();
    reactor.run(); // returns once the transport has unregistered itself
    CHECK(protocol->made == 1);
    CHECK(protocol->received == "hi");
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
    CHECK(transport.expired()); // nothing else held it
}

TEST_CASE("loseConnection closes from the loop, not inside the call")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [&](ITransport& transport) {
        transport.loseConnection();
        transport.loseConnection(); // twice is the same as once
        CHECK(protocol->lost == 0); // the protocol is still in its call
    };
    serve(reactor, std::move(server), protocol);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
    CHECK(readToEnd(client.get()).empty()); // the peer sees the end
}

// region: pending-close-test
TEST_CASE("loseConnection with bytes still buffered sends them all first")
{
    // The path where the original's listing calls a method that does not
    // exist: the buffer is not empty when the protocol asks to close.
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    const std::string data = patterned(8 * 1024 * 1024);
    auto writer = std::make_shared<RecordingProtocol>();
    writer->onConnect = [&](ITransport& transport) {
        transport.write(data); // nothing is sent until the loop turns
        transport.loseConnection();
    };
    auto reader = std::make_shared<RecordingProtocol>();
    serve(reactor, std::move(client), reader);
    serve(reactor, std::move(server), writer);
    reactor.run(); // until both transports are gone
    CHECK((reader->received == data)); // (( )): no megabyte dump
    CHECK(writer->lost == 1);
    CHECK(writer->reason->clean());
    CHECK(reader->lost == 1);
    CHECK(reader->reason->clean());
}
// endregion: pending-close-test

TEST_CASE("a write after loseConnection is dropped")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto writer = std::make_shared<RecordingProtocol>();
    writer->onConnect = [](ITransport& transport) {
        transport.write("kept");
        transport.loseConnection();
        transport.write("dropped");
    };
    auto reader = std::make_shared<RecordingProtocol>();
    serve(reactor, std::move(client), reader);
    serve(reactor, std::move(server), writer);
    reactor.run();
    CHECK(reader->received == "kept");
}

TEST_CASE("a peer's reset is connectionLost with ECONNRESET, exactly once")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    serve(reactor, std::move(server), protocol);
    resetOnClose(client);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNRESET);
    CHECK(protocol->reason->text() == "recv: Connection reset by peer");
}

TEST_CASE("a reset while bytes are still buffered ends the close, once")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [](ITransport& transport) {
        transport.write(patterned(8 * 1024 * 1024));
        transport.loseConnection();
    };
    serve(reactor, std::move(server), protocol);
    resetOnClose(client);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK_FALSE(protocol->reason->clean());
    const int error = protocol->reason->error();
    CHECK((error == ECONNRESET || error == EPIPE));
}

TEST_CASE("a failed send is connectionLost with its errno, exactly once")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    const int fd = server.get();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [](ITransport& transport) { transport.write("x"); };
    serve(reactor, std::move(server), protocol);
    // Behind the transport's back, so that its next send() fails.
    REQUIRE(::shutdown(fd, SHUT_WR) == 0);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == EPIPE);
    CHECK(protocol->reason->text() == "send: Broken pipe");
}

TEST_CASE("a peer that half-closes still gets the reply, then the close")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [](ITransport& transport, std::string_view) {
        transport.write("pong");
    };
    serve(reactor, std::move(server), protocol);
    REQUIRE(::send(client.get(), "ping", 4, 0) == 4);
    REQUIRE(::shutdown(client.get(), SHUT_WR) == 0); // "I am done talking"
    reactor.run();
    CHECK(readToEnd(client.get()) == "pong");
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
}

// region: throwing-protocol-test
TEST_CASE("a protocol that throws loses its connection; the others go on")
{
    Reactor reactor;
    auto [brokenPeer, brokenEnd] = common::connectedPair();
    auto [echoPeer, echoEnd] = common::connectedPair();
    auto broken = std::make_shared<RecordingProtocol>();
    broken->onData = [](ITransport&, std::string_view) {
        throw std::runtime_error{"bad byte"};
    };
    auto echo = std::make_shared<RecordingProtocol>();
    echo->onData = [](ITransport& transport, std::string_view data) {
        transport.write(data);
    };
    serve(reactor, std::move(brokenEnd), broken);
    serve(reactor, std::move(echoEnd), echo);

    REQUIRE(::send(brokenPeer.get(), "x", 1, 0) == 1);
    turnUntil(reactor, [&] { return broken->lost == 1; });
    CHECK(broken->reason->text() ==
          "the protocol's dataReceived threw: bad byte");
    CHECK(readToEnd(brokenPeer.get()).empty()); // its peer sees the end

    REQUIRE(::send(echoPeer.get(), "still here", 10, 0) == 10);
    turnUntil(reactor, [&] { return echo->received == "still here"; });
    CHECK(echo->lost == 0);
}
// endregion: throwing-protocol-test

TEST_CASE("a protocol that throws in makeConnection loses its connection")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [](ITransport&) {
        throw std::runtime_error{"not today"};
    };
    serve(reactor, std::move(server), protocol);
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->text() ==
          "the protocol's makeConnection threw: not today");
    reactor.run(); // nothing is left registered
    CHECK(readToEnd(client.get()).empty());
}

TEST_CASE("closing and throwing in the same call is still one "
          "connectionLost")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [](ITransport& transport, std::string_view) {
        transport.loseConnection();
        throw std::runtime_error{"and then this"};
    };
    serve(reactor, std::move(server), protocol);
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->text() ==
          "the protocol's dataReceived threw: and then this");
}

TEST_CASE("a protocol that throws in connectionLost costs nothing more")
{
    // Before the fix the exception escaped the reactor and ended the loop,
    // and every other connection with it.
    Reactor reactor;
    auto [brokenPeer, brokenEnd] = common::connectedPair();
    auto [echoPeer, echoEnd] = common::connectedPair();
    auto broken = std::make_shared<RecordingProtocol>();
    broken->onLost = [](const Reason&) {
        throw std::runtime_error{"bad goodbye"};
    };
    auto echo = std::make_shared<RecordingProtocol>();
    echo->onData = [](ITransport& transport, std::string_view data) {
        transport.write(data);
    };
    serve(reactor, std::move(brokenEnd), broken);
    serve(reactor, std::move(echoEnd), echo);
    CapturedStderr err;

    brokenPeer.reset();
    turnUntil(reactor, [&] { return broken->lost == 1; });
    CHECK(broken->reason->clean()); // the reason it was given stands
    CHECK(err.text() == "Ignored (the connection was closing anyway): the "
                        "protocol's connectionLost threw: bad goodbye\n");

    REQUIRE(::send(echoPeer.get(), "still here", 10, 0) == 10);
    turnUntil(reactor, [&] { return echo->received == "still here"; });
    echoPeer.reset();
    reactor.run(); // the loop ends normally, once everything is closed
    CHECK(broken->lost == 1); // and exactly once
    CHECK(echo->lost == 1);
}

TEST_CASE("a protocol whose data and goodbye both throw is told once")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [](ITransport&, std::string_view) {
        throw std::runtime_error{"bad byte"};
    };
    protocol->onLost = [](const Reason&) {
        throw std::runtime_error{"bad goodbye"};
    };
    serve(reactor, std::move(server), protocol);
    CapturedStderr err;
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->text() ==
          "the protocol's dataReceived threw: bad byte");
    CHECK(err.text().find("connectionLost threw: bad goodbye") !=
          std::string::npos);
}

TEST_CASE("a protocol that throws something odd still costs one "
          "connection")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [](ITransport&, std::string_view) { throw 42; };
    serve(reactor, std::move(server), protocol);
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->text() == "the protocol's dataReceived threw: "
                                      "something that is not a "
                                      "std::exception");
}

TEST_CASE("calls on a transport after connectionLost change nothing")
{
    Reactor reactor;
    auto [client, server] = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    std::shared_ptr<Transport> kept; // a protocol that holds on too long
    protocol->onLost = [&](const Reason&) {
        kept->write("too late");
        kept->loseConnection();
    };
    kept = std::make_shared<Transport>(reactor, std::move(server), protocol);
    kept->activate();
    client.reset();
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(kept->fileno() == -1);
    // Stale readiness, as from a reactor that did not check: recv() on
    // the closed socket fails, and still the protocol hears only once.
    kept->doRead();
    kept->doWrite();
    CHECK(protocol->lost == 1);
    kept.reset(); // the transport must not outlive the test's reactor
}
