// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// --read-size: a transport, and the transports a listener makes, can read
// as chapter 05 did (1 KiB per recv()) so the two chapters compare like
// with like.
#include "listener.hpp"
#include "recording_protocol.hpp"
#include "transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Records the size of every dataReceived.
std::shared_ptr<RecordingProtocol> recordSizes(std::vector<std::size_t>& sizes)
{
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [&sizes](ITransport&, std::string_view data) {
        sizes.push_back(data.size());
    };
    return protocol;
}

} // namespace

TEST_CASE("a transport reads at most its read size per recv()")
{
    auto [near, far] = common::connectedPair();
    Reactor reactor;
    std::vector<std::size_t> sizes;
    auto protocol = recordSizes(sizes);
    auto transport =
        std::make_shared<Transport>(reactor, std::move(near), protocol);
    transport->setReadSize(1024);
    transport->activate();
    const std::string bytes(10 * 1024, 'x');
    REQUIRE(::send(far.get(), bytes.data(), bytes.size(), 0) ==
            static_cast<ssize_t>(bytes.size()));
    turnUntil(reactor, [&] { return protocol->received.size() == 10 * 1024; });
    CHECK(sizes.size() >= 10);
    CHECK(*std::max_element(sizes.begin(), sizes.end()) <= 1024);
}

TEST_CASE("a listener gives its read size to every transport it makes")
{
    Reactor reactor;
    std::vector<std::size_t> sizes;
    std::shared_ptr<RecordingProtocol> server;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&] {
            server = recordSizes(sizes);
            return server;
        });
    listener->setReadSize(100);
    listener->activate();
    common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener->fileno()));
    const std::string bytes(1000, 'y');
    REQUIRE(::send(client.get(), bytes.data(), bytes.size(), 0) == 1000);
    turnUntil(reactor, [&] {
        return server != nullptr && server->received.size() == 1000;
    });
    CHECK(*std::max_element(sizes.begin(), sizes.end()) <= 100);
    listener->stopListening();
}

TEST_CASE("a read size is from 1 byte to 64 KiB")
{
    Reactor reactor;
    auto transport = std::make_shared<Transport>(
        reactor, common::connectedPair().first,
        std::make_shared<RecordingProtocol>());
    CHECK_THROWS_AS(transport->setReadSize(0), std::invalid_argument);
    CHECK_THROWS_AS(transport->setReadSize(Transport::maxReadSize + 1),
                    std::invalid_argument);
    transport->setReadSize(1);
    transport->setReadSize(Transport::maxReadSize);
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(),
        [] { return std::make_shared<RecordingProtocol>(); });
    CHECK_THROWS_AS(listener->setReadSize(0), std::invalid_argument);
    CHECK_THROWS_AS(listener->setReadSize(Transport::maxReadSize + 1),
                    std::invalid_argument);
}
