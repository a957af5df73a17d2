// The connect contract, continued: abortConnection. Closed at once, what
// is buffered dropped, connectionLost exactly once and never from inside
// the call that aborted, in every state a connection can be in; nothing
// left behind afterwards (no descriptor watched, no timer, no transport).
#include "connect_support.hpp"
#include "listener.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"
#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

namespace {

// Everything the client's end receives until the stream ends.
std::string receivedToEnd(Reactor& reactor, const common::FileDescriptor& fd)
{
    std::string received;
    turnUntil(reactor, [&] { return readAvailable(fd.get(), received); });
    return received;
}

} // namespace

TEST_SUITE("connect contract: abortConnection")
{

// region: abort-test
TEST_CASE("abortConnection inside dataReceived: connectionLost once, "
          "after dataReceived has returned, not clean")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    bool inside = false;
    protocol->onData = [&](ITransport& transport, std::string_view) {
        inside = true;
        transport.write("never sent");
        transport.abortConnection();
        CHECK(protocol->lost == 0); // not yet: we are inside dataReceived
        inside = false;
    };
    protocol->onLost = [&](const Reason&) { CHECK_FALSE(inside); };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    sendText(client, "hi");
    turnUntil(reactor, [&] { return protocol->lost > 0; });
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNABORTED);
    CHECK_FALSE(protocol->reason->clean());
    CHECK(protocol->reason->text() ==
          "aborted: closed at once, unsent bytes dropped");
    CHECK(receivedToEnd(reactor, client).empty()); // the write was dropped
    CHECK(reactor.watched() == 0);
    CHECK(reactor.getDelayedCalls().empty());
    CHECK(transport.expired());
}
// endregion: abort-test

TEST_CASE("abortConnection twice, or followed by loseConnection or a "
          "write: still connectionLost once, aborted")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    SUBCASE("twice")
    {
        protocol->onData = [](ITransport& transport, std::string_view) {
            transport.abortConnection();
            transport.abortConnection();
        };
    }
    SUBCASE("then loseConnection")
    {
        protocol->onData = [](ITransport& transport, std::string_view) {
            transport.abortConnection();
            transport.loseConnection();
        };
    }
    SUBCASE("then loseWriteConnection and a write")
    {
        protocol->onData = [](ITransport& transport, std::string_view) {
            transport.abortConnection();
            transport.loseWriteConnection();
            transport.write("dropped");
        };
    }
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    sendText(client, "hi");
    turnUntil(reactor, [&] { return protocol->lost > 0; });
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNABORTED);
    CHECK(transport.expired());
}

TEST_CASE("abortConnection after loseConnection drops the buffer that "
          "loseConnection was waiting to send")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    // write() only queues: nothing is sent before the loop turns.
    ITransport& t = *transport.lock();
    t.write(std::string(1 << 20, 'x'));
    t.loseConnection();
    t.abortConnection();
    CHECK(protocol->lost == 0); // never inside the call
    turnUntil(reactor, [&] { return protocol->lost > 0; });
    CHECK(receivedToEnd(reactor, client).empty());
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNABORTED);
    reactor.run();
    CHECK(transport.expired());
}

TEST_CASE("abortConnection from outside the protocol (a timer): the peer "
          "sees a reset, connectionLost comes on a later turn")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    bool aborted = false;
    reactor.callLater(0s, [&] {
        transport.lock()->abortConnection();
        aborted = true;
        CHECK(protocol->lost == 0);
    });
    turnUntil(reactor, [&] { return aborted; });
    // A reset, not an end of stream: the peer knows it was no clean end.
    pollfd watched{client.get(), POLLIN, 0};
    REQUIRE(::poll(&watched, 1, 20'000) == 1); // a hang guard
    char byte = 0;
    CHECK(::recv(client.get(), &byte, 1, 0) == -1);
    CHECK(errno == ECONNRESET);
    turnUntil(reactor, [&] { return protocol->lost > 0; });
    CHECK(protocol->lost == 1);
}

TEST_CASE("abortConnection inside makeConnection")
{
    Reactor reactor;
    // The client's end, ends.first, stays open until the test is over.
    auto ends = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [&](ITransport& transport) {
        transport.abortConnection();
        CHECK(protocol->lost == 0);
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    CHECK(protocol->lost == 0);
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNABORTED);
    CHECK(transport.expired());
}

TEST_CASE("abortConnection after the peer's reset, or inside "
          "connectionLost, does nothing more")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    ITransport* held = nullptr;
    protocol->onConnect = [&](ITransport& transport) { held = &transport; };
    protocol->onLost = [&](const Reason&) { held->abortConnection(); };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    const linger reset{1, 0};
    REQUIRE(::setsockopt(client.get(), SOL_SOCKET, SO_LINGER, &reset,
                         sizeof reset) == 0);
    client.reset(); // RST
    const auto keep = transport.lock(); // so that it can be called after
    turnUntil(reactor, [&] { return protocol->lost > 0; });
    CHECK(protocol->reason->error() == ECONNRESET);
    keep->abortConnection(); // after the end: nothing
    reactor.run();
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->error() == ECONNRESET);
}

TEST_CASE("abortConnection stops a registered producer, once")
{
    class CountingProducer : public IPushProducer {
    public:
        void pauseProducing() override {}
        void resumeProducing() override {}
        void stopProducing() override { ++stopped; }
        int stopped = 0;
    } producer;
    Reactor reactor;
    // The client's end, ends.first, stays open until the test is over.
    auto ends = common::connectedPair();
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onConnect = [&](ITransport& transport) {
        transport.registerProducer(producer);
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    transport.lock()->abortConnection();
    reactor.run();
    CHECK(producer.stopped == 1);
    CHECK(protocol->lost == 1);
}

TEST_CASE("abortConnection on a connector's transport: the factory hears "
          "clientConnectionLost, aborted")
{
    Reactor reactor;
    const auto server = listenTCP(
        reactor, 0, [] { return std::make_shared<RecordingProtocol>(); });
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector =
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
    turnUntil(reactor, [&] { return factory->settled(); });
    connector->transport()->abortConnection();
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(factory->losses.front().error() == ECONNABORTED);
    CHECK(factory->protocols.front()->lost == 1);
}

TEST_CASE("a transport with nothing to drop aborts as it loses the "
          "connection, and cannot half-close")
{
    StringTransport transport;
    transport.abortConnection();
    CHECK(transport.disconnecting);
    CHECK_THROWS_AS(transport.loseWriteConnection(), std::logic_error);
}

} // TEST_SUITE
