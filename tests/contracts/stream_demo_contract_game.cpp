// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The pieces together: a listener, two transports, the producer and the
// checker, in one loop, as the demo runs them.
#include "doubling_producer.hpp"
#include "listener.hpp"
#include "recording_protocol.hpp"
#include "stream_checker.hpp"
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

// region: stream-test
TEST_CASE("the doubling stream in one process: every byte, in order")
{
    std::ostringstream out;
    Reactor reactor;
    std::shared_ptr<StreamChecker> server;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&] {
            server = std::make_shared<StreamChecker>(out);
            return server;
        });
    listener->activate();
    const std::uint64_t total = 8 * 1024 * 1024 + 3; // cut short at the end
    auto client = std::make_shared<DoublingProducer>(total, false, out);
    auto connection = std::make_shared<Transport>(
        reactor,
        common::connectTcp("127.0.0.1", common::boundPort(listener->fileno())),
        client);
    connection->setWaterMarks(32 * 1024, 8 * 1024);
    connection->activate();

    turnUntil(reactor, [&] { return client->lost(); }, 100'000);
    listener->stopListening();
    reactor.run();

    REQUIRE(server != nullptr);
    CHECK(server->received() == total); // each one checked on arrival
    CHECK(server->reason()->clean());
    CHECK(client->lostCleanly());
    CHECK(client->pauses() > 0);
    CHECK(connection->peakBuffered() <=
          32 * 1024 + DoublingProducer::chunkSize);
}
// endregion: stream-test
