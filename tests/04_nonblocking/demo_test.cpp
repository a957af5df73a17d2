#include "demo.hpp"
#include "reactor.hpp"
#include "stream.hpp"

#include "socket.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <cerrno>
#include <functional>
#include <string>

TEST_CASE("the stream says where each byte belongs")
{
    CHECK(streamBytes(0, 5) == "abcde");
    CHECK(streamBytes(24, 4) == "yzab");
    CHECK(streamByte(26 * 1000 + 2) == 'c');
}

TEST_CASE("a non-blocking send() returns EAGAIN instead of waiting")
{
    auto [client, server] = common::connectedPair();
    common::setNonBlocking(client.get());
    const std::string block(64 * 1024, '*');
    std::size_t taken = 0;
    ssize_t n = 0;
    // Nobody reads the server end: the buffers must fill, and then the
    // blocking version of this loop would hang where this one returns.
    while ((n = ::send(client.get(), block.data(), block.size(),
                       MSG_NOSIGNAL)) > 0) {
        taken += static_cast<std::size_t>(n);
        REQUIRE(taken < 512 * 1024 * 1024); // the buffers are not endless
    }
    CHECK(n == -1);
    CHECK((errno == EAGAIN || errno == EWOULDBLOCK));
    CHECK(taken > 0);
}

TEST_CASE("the demo's server receives exactly what send() reported")
{
    common::FileDescriptor listener = common::listenTcp();
    common::setReceiveBufferSize(listener.get(), 16 * 1024);
    common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener.get()));
    common::setSendBufferSize(client.get(), 16 * 1024);
    common::setNonBlocking(client.get());

    Demo demo;
    Reactor reactor;
    reactor.addReader(listener.get(), std::bind_front(&Demo::accept, &demo));
    reactor.addWriter(client.get(), std::bind_front(&Demo::write, &demo));
    reactor.run();

    CHECK(demo.balanced());
    CHECK(demo.accounts().find("every byte in its place") != std::string::npos);
}

TEST_CASE("a client blocked in connect() is described as one")
{
    Demo demo;
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("The loop") == std::string::npos);
}
