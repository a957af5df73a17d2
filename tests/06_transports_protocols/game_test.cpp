// The pieces together: a listener, two transports and the ping-pong game,
// in one loop, as the demo runs them.
#include "listener.hpp"
#include "ping_pong.hpp"
#include "recording_protocol.hpp"
#include "transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

TEST_CASE("a listener gives each connection its own new protocol")
{
    Reactor reactor;
    std::vector<std::shared_ptr<RecordingProtocol>> made;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&made] {
            made.push_back(std::make_shared<RecordingProtocol>());
            return made.back();
        });
    listener->activate();
    const std::uint16_t port = common::boundPort(listener->fileno());

    std::vector<common::FileDescriptor> clients;
    for (const char* greeting : {"a", "b", "c"}) {
        clients.push_back(common::connectTcp("127.0.0.1", port));
        REQUIRE(::send(clients.back().get(), greeting, 1, 0) == 1);
    }
    turnUntil(reactor, [&] {
        return made.size() == 3 && !made[0]->received.empty() &&
               !made[1]->received.empty() && !made[2]->received.empty();
    });
    CHECK(made[0]->received + made[1]->received + made[2]->received ==
          "abc");

    listener->stopListening();
    CHECK_THROWS_AS(common::connectTcp("127.0.0.1", port), std::system_error);
    clients.clear(); // the connections already made end on their own
    reactor.run();
    for (const auto& protocol : made) {
        CHECK(protocol->lost == 1);
    }
}

// region: game-test
TEST_CASE("ping-pong in one process: the client gets its maximum, both end")
{
    std::ostringstream out;
    Reactor reactor;
    std::shared_ptr<PingPongProtocol> server;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&] {
            server = std::make_shared<PingPongProtocol>("Server",
                                                        std::nullopt, out);
            return server;
        });
    listener->activate();
    auto client = std::make_shared<PingPongProtocol>("Client", 50, out);
    std::make_shared<Transport>(
        reactor,
        common::connectTcp("127.0.0.1", common::boundPort(listener->fileno())),
        client)
        ->activate();

    turnUntil(reactor, [&] { return client->lost(); });
    listener->stopListening();
    reactor.run();

    CHECK(client->received() == 50);
    REQUIRE(server != nullptr);
    CHECK(server->lost());
    const std::string text = out.str();
    CHECK(text.ends_with("Client is closing the connection\n"
                         "Client lost the connection: closed cleanly\n"
                         "Server lost the connection: closed cleanly\n"));
}
// endregion: game-test
