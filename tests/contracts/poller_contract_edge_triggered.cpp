// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// Why our epoll backend is level-triggered: with EPOLLET, a reader that
// stops before EAGAIN is never woken for the bytes it left behind. This
// test shows the lost wake-up on raw epoll, beside the level-triggered
// answer to the same question.
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cstdint>

namespace {

// Ready descriptors after a look (timeout 0) at `epoll` watching `fd`.
int readyAfterPartialRead(std::uint32_t mode)
{
    auto [client, server] = common::connectedPair();
    common::FileDescriptor epoll{::epoll_create1(EPOLL_CLOEXEC)};
    REQUIRE(epoll.valid());
    epoll_event event{};
    event.events = EPOLLIN | mode;
    event.data.fd = server.get();
    REQUIRE(::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, server.get(), &event) ==
            0);
    REQUIRE(::send(client.get(), "two bytes", 9, 0) == 9);

    epoll_event ready{};
    REQUIRE(::epoll_wait(epoll.get(), &ready, 1, 1000) == 1);
    char byte = 0;
    REQUIRE(::recv(server.get(), &byte, 1, 0) == 1); // one of nine
    // Eight bytes are still unread. Is the socket reported again?
    return ::epoll_wait(epoll.get(), &ready, 1, 0);
}

} // namespace

// region: edge-test
TEST_CASE("edge-triggered: a read that stops before EAGAIN loses its "
          "wake-up")
{
    CHECK(readyAfterPartialRead(EPOLLET) == 0); // the bytes wait forever
    CHECK(readyAfterPartialRead(0) == 1);       // level: asked again
}
// endregion: edge-test
