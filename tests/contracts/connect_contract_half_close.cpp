// The connect contract, continued: half-close. loseWriteConnection sends
// what is buffered, then tells the peer "no more" while reading goes on; a
// half-closeable protocol hears readConnectionLost when the peer has
// finished, and may go on writing; a protocol that is not half-closeable
// loses the connection at the peer's end, as before. When both halves are
// closed the connection ends: connectionLost once, never a hang.
#include "connect_support.hpp"
#include "listener.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

namespace {

// region: half-closeable-recorder
/// A RecordingProtocol that is half-closeable, and records that too.
class HalfCloseRecorder : public RecordingProtocol,
                          public IHalfCloseableProtocol {
public:
    std::function<void(ITransport&)> onReadLost;
    std::function<void(ITransport&)> onWriteLost;

    void makeConnection(ITransport& transport) override
    {
        transport_ = &transport;
        RecordingProtocol::makeConnection(transport);
    }
    void readConnectionLost() override
    {
        CHECK(lost == 0);
        ++readLost;
        if (onReadLost) {
            onReadLost(*transport_);
        }
    }
    void writeConnectionLost() override
    {
        CHECK(lost == 0);
        ++writeLost;
        if (onWriteLost) {
            onWriteLost(*transport_);
        }
    }

    int readLost = 0;
    int writeLost = 0;

private:
    ITransport* transport_ = nullptr;
};
// endregion: half-closeable-recorder

void shutWrite(const common::FileDescriptor& fd)
{
    REQUIRE(::shutdown(fd.get(), SHUT_WR) == 0);
}

} // namespace

TEST_SUITE("connect contract: half-close")
{

// region: half-close-test
TEST_CASE("the peer half-closes: a half-closeable protocol hears "
          "readConnectionLost and goes on writing")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<HalfCloseRecorder>();
    protocol->onReadLost = [](ITransport& transport) {
        transport.write("your words were: ");
        transport.write("question");
        transport.loseConnection();
    };
    protocol->onData = [](ITransport&, std::string_view) {};
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    sendText(client, "question");
    shutWrite(client); // "that is all I have to say"

    std::string answer;
    turnUntil(reactor, [&] { return readAvailable(client.get(), answer); });
    CHECK(answer == "your words were: question");
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->received == "question");
    CHECK(protocol->readLost == 1);
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
    reactor.run();
    CHECK(transport.expired());
}
// endregion: half-close-test

TEST_CASE("a protocol that is not half-closeable loses the connection at "
          "the peer's end, as before")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    shutWrite(client);
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->reason->clean());
    std::string rest;
    turnUntil(reactor, [&] { return readAvailable(client.get(), rest); });
    reactor.run();
    CHECK(transport.expired());
}

TEST_CASE("a half-closed transport stays alive for its protocol, which may "
          "write later, from a timer")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<HalfCloseRecorder>();
    protocol->onReadLost = [&reactor](ITransport& transport) {
        // Nothing to read, nothing to send: only the timer knows of it.
        reactor.callLater(0s, [&transport] {
            transport.write("later");
            transport.loseConnection();
        });
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    shutWrite(client);
    turnUntil(reactor, [&] { return protocol->readLost == 1; });
    CHECK_FALSE(transport.expired());
    std::string answer;
    turnUntil(reactor, [&] { return readAvailable(client.get(), answer); });
    CHECK(answer == "later");
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    reactor.run();
    CHECK(transport.expired()); // and freed afterwards
}

// region: lose-write-test
TEST_CASE("loseWriteConnection sends what is buffered, then the end, and "
          "goes on reading")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    const std::string big(1 << 20, 'p'); // more than one send() takes
    protocol->onConnect = [&](ITransport& transport) {
        transport.write(big);
        transport.loseWriteConnection();
        transport.write("dropped: after loseWriteConnection");
        transport.loseWriteConnection(); // twice: nothing more
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    std::string received;
    turnUntil(reactor, [&] { return readAvailable(client.get(), received); });
    CHECK(received == big); // all of it, then the end of stream
    CHECK(protocol->lost == 0); // still reading

    sendText(client, "still listening?");
    turnUntil(reactor,
              [&] { return protocol->received == "still listening?"; });
    client.reset(); // the other half: the connection ends
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
    reactor.run();
    CHECK(transport.expired());
}
// endregion: lose-write-test

TEST_CASE("a half-closeable protocol hears writeConnectionLost, then "
          "readConnectionLost and connectionLost when the peer ends too")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<HalfCloseRecorder>();
    protocol->onConnect = [](ITransport& transport) {
        transport.write("bye");
        transport.loseWriteConnection();
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    std::string received;
    turnUntil(reactor, [&] { return readAvailable(client.get(), received); });
    CHECK(received == "bye");
    turnUntil(reactor, [&] { return protocol->writeLost == 1; });
    CHECK(protocol->lost == 0);
    shutWrite(client);
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->readLost == 1);
    CHECK(protocol->writeLost == 1);
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
    reactor.run();
    CHECK(reactor.watched() == 0);
    CHECK(transport.expired());
}

// region: double-half-close-test
TEST_CASE("both sides half-close: the connection ends on both, instead of "
          "hanging")
{
    // Both ends are our transports, in one reactor: the client made by
    // connectTCP, the server by a listener.
    Reactor reactor;
    std::shared_ptr<HalfCloseRecorder> server;
    const auto listener = listenTCP(reactor, 0, [&] {
        server = std::make_shared<HalfCloseRecorder>();
        server->onReadLost = [](ITransport& transport) {
            transport.write("answer");
            transport.loseWriteConnection();
        };
        return server;
    });
    auto factory = std::make_shared<RecordingFactory>();
    std::shared_ptr<HalfCloseRecorder> client;
    factory->build = [&] {
        client = std::make_shared<HalfCloseRecorder>();
        client->onConnect = [](ITransport& transport) {
            transport.write("question");
            transport.loseWriteConnection();
        };
        return client;
    };
    connectTCP(reactor, "127.0.0.1", listener->port(), factory);
    // Bounded in turns, not only by the test's timeout: a connection that
    // hangs leaves the loop with nothing to wait for, a second a turn.
    turnUntil(reactor, [&] { return server && server->lost > 0; }, 20);
    listener->stopListening();
    reactor.run(); // returns: nothing is left open
    CHECK(server->received == "question");
    CHECK(client->received == "answer");
    for (const auto& side : {server, client}) {
        CHECK(side->readLost == 1);
        CHECK(side->writeLost == 1);
        CHECK(side->lost == 1);
        CHECK(side->reason->clean());
    }
    REQUIRE(factory->losses.size() == 1);
    CHECK(factory->losses.front().clean());
    CHECK(reactor.watched() == 0);
}
// endregion: double-half-close-test

TEST_CASE("the peer closes; this side half-closes, then closes from "
          "writeConnectionLost")
{
    // Twisted's test_doubleHalfClose, the case of its ticket #3037.
    Reactor reactor;
    std::shared_ptr<HalfCloseRecorder> server;
    const auto listener = listenTCP(reactor, 0, [&] {
        server = std::make_shared<HalfCloseRecorder>();
        server->onReadLost = [](ITransport& transport) {
            transport.loseWriteConnection();
        };
        server->onWriteLost = [](ITransport& transport) {
            transport.loseConnection();
        };
        return server;
    });
    auto factory = std::make_shared<RecordingFactory>();
    auto client = std::make_shared<RecordingProtocol>();
    client->onConnect = [](ITransport& transport) {
        transport.loseConnection();
    };
    factory->build = [&] { return client; };
    connectTCP(reactor, "127.0.0.1", listener->port(), factory);
    turnUntil(reactor, [&] { return server && server->lost > 0; }, 20);
    listener->stopListening();
    reactor.run();
    CHECK(server->readLost == 1);
    CHECK(server->writeLost == 1);
    CHECK(server->lost == 1);
    CHECK(server->reason->clean());
    CHECK(client->lost == 1);
}

TEST_CASE("both sides half-close at once, before either has read")
{
    Reactor reactor;
    std::shared_ptr<HalfCloseRecorder> server;
    const auto listener = listenTCP(reactor, 0, [&] {
        server = std::make_shared<HalfCloseRecorder>();
        server->onConnect = [](ITransport& transport) {
            transport.loseWriteConnection();
        };
        return server;
    });
    auto factory = std::make_shared<RecordingFactory>();
    std::shared_ptr<HalfCloseRecorder> client;
    factory->build = [&] {
        client = std::make_shared<HalfCloseRecorder>();
        client->onConnect = [](ITransport& transport) {
            transport.loseWriteConnection();
        };
        return client;
    };
    connectTCP(reactor, "127.0.0.1", listener->port(), factory);
    // Bounded in turns, not only by the test's timeout: a connection that
    // hangs leaves the loop with nothing to wait for, a second a turn.
    turnUntil(reactor, [&] { return server && server->lost > 0; }, 20);
    listener->stopListening();
    reactor.run();
    CHECK(server->lost == 1);
    CHECK(client->lost == 1);
    CHECK(factory->losses.size() == 1);
}

TEST_CASE("a readConnectionLost that throws costs the connection")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<HalfCloseRecorder>();
    protocol->onReadLost = [](ITransport&) {
        throw std::runtime_error{"boom"};
    };
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    shutWrite(client);
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->reason->text() ==
          "the protocol's readConnectionLost threw: boom");
    reactor.run();
    CHECK(transport.expired());
}

TEST_CASE("loseWriteConnection after loseConnection does nothing; "
          "loseConnection after it closes once the buffer is sent")
{
    Reactor reactor;
    // Not a structured binding: clang 14 lets no lambda capture one.
    auto ends = common::connectedPair();
    common::FileDescriptor& client = ends.first;
    auto protocol = std::make_shared<RecordingProtocol>();
    SUBCASE("after loseConnection")
    {
        protocol->onConnect = [](ITransport& transport) {
            transport.write("all");
            transport.loseConnection();
            transport.loseWriteConnection();
        };
    }
    SUBCASE("before loseConnection")
    {
        protocol->onConnect = [](ITransport& transport) {
            transport.write("all");
            transport.loseWriteConnection();
            transport.loseConnection();
        };
    }
    const auto transport = serve(reactor, std::move(ends.second), protocol);
    std::string received;
    turnUntil(reactor, [&] { return readAvailable(client.get(), received); });
    CHECK(received == "all");
    turnUntil(reactor, [&] { return protocol->lost > 0; }, 20);
    CHECK(protocol->lost == 1);
    CHECK(protocol->reason->clean());
}

} // TEST_SUITE
