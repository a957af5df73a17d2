// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The echo demo's protocols: on the in-memory transport, then the server
// against the seed's 20 concurrent clients on real sockets, on every
// backend, every byte checked.
#include "echo.hpp"
#include "listener.hpp"
#include "reactor.hpp"
#include "stream.hpp"

#include "recording_protocol.hpp"
#include "string_transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <memory>
#include <string>
#include <vector>

TEST_CASE("EchoProtocol writes back every byte, in order")
{
    auto stats = std::make_shared<EchoStats>();
    EchoProtocol echo{stats};
    StringTransport transport;
    echo.makeConnection(transport);
    echo.dataReceived("hello");
    echo.dataReceived(std::string(3, '\0'));
    echo.dataReceived(" world");
    CHECK(transport.written == "hello" + std::string(3, '\0') + " world");
    CHECK(stats->bytes == 14);
    CHECK(stats->open == 1);
    echo.connectionLost(Reason::closedCleanly());
    CHECK(stats->open == 0);
    CHECK(stats->connections == 1);
}

TEST_CASE("PingClient sends the next ping only once the echo is whole")
{
    PingClient client{2, 8};
    StringTransport transport;
    client.makeConnection(transport);
    CHECK(transport.written == streamBytes(0, 8));
    client.dataReceived(streamBytes(0, 5)); // a piece of the echo
    CHECK(transport.written.size() == 8);
    client.dataReceived(streamBytes(5, 3));
    CHECK(transport.written == streamBytes(0, 16));
    client.dataReceived(streamBytes(8, 8));
    CHECK(transport.disconnecting); // two rounds: done
    client.connectionLost(Reason::closedCleanly());
    CHECK(client.succeeded());
}

TEST_CASE("PingClient notices a wrong byte in the echo")
{
    PingClient client{5, 8};
    StringTransport transport;
    client.makeConnection(transport);
    std::string echo = streamBytes(0, 8);
    echo[3] = '!';
    client.dataReceived(echo);
    CHECK(transport.disconnecting);
    client.connectionLost(Reason::closedCleanly());
    CHECK_FALSE(client.succeeded());
    CHECK(client.failure() == "byte 3 of the echo is not the one sent");
}

// region: many-clients-test
TEST_CASE("the echo server answers 20 concurrent clients, every byte "
          "checked")
{
    for (const char* backend : {"select", "poll", "epoll"}) {
        CAPTURE(backend);
        Reactor reactor{makePoller(backend)};
        auto stats = std::make_shared<EchoStats>();
        auto listener = std::make_shared<Listener>(
            reactor, common::listenTcp(),
            [stats] { return std::make_shared<EchoProtocol>(stats); });
        listener->activate();
        const std::uint16_t port = common::boundPort(listener->fileno());
        // As the seed's Go test: 20 clients connect at once and each
        // sends its own message; here each is also a different length.
        std::vector<common::FileDescriptor> clients;
        std::vector<std::string> sent;
        for (int i = 0; i < 20; ++i) {
            clients.push_back(common::connectTcp("127.0.0.1", port));
            sent.push_back("hello " + std::to_string(i) + ' ' +
                           streamBytes(static_cast<unsigned>(i),
                                       1000u * static_cast<unsigned>(i)));
            common::setNonBlocking(clients.back().get());
        }
        for (int i = 0; i < 20; ++i) {
            const std::string& text = sent[static_cast<std::size_t>(i)];
            REQUIRE(::send(clients[static_cast<std::size_t>(i)].get(),
                           text.data(), text.size(), 0) ==
                    static_cast<ssize_t>(text.size()));
        }
        std::vector<std::string> got(20);
        const auto allBack = [&] {
            for (std::size_t i = 0; i < 20; ++i) {
                char buffer[65536];
                const ssize_t n =
                    ::recv(clients[i].get(), buffer, sizeof buffer, 0);
                if (n > 0) {
                    got[i].append(buffer, static_cast<std::size_t>(n));
                }
            }
            return got == sent;
        };
        turnUntil(reactor, allBack, 10000);
        CHECK(stats->connections == 20);
        clients.clear();
        turnUntil(reactor, [&] { return stats->open == 0; });
        listener->stopListening();
    }
}
// endregion: many-clients-test
