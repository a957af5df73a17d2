#include "error.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

using common::FileDescriptor;

namespace {

bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) != -1;
}

} // namespace

TEST_CASE("FileDescriptor closes once, on destruction, and moves ownership")
{
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    int number = fds[0];
    {
        FileDescriptor owner{fds[0]};
        FileDescriptor moved{std::move(owner)};
        CHECK_FALSE(owner.valid());
        CHECK(moved.get() == number);
        CHECK(isOpen(number));
    }
    CHECK_FALSE(isOpen(number));

    FileDescriptor released{fds[1]};
    const int raw = released.release();
    CHECK_FALSE(released.valid());
    CHECK(isOpen(raw));
    ::close(raw);
}

TEST_CASE("a loopback pair carries bytes both ways")
{
    auto [client, server] = common::connectedPair();
    CHECK(::send(client.get(), "xyz", 3, 0) == 3);
    char buffer[8] = {};
    CHECK(::recv(server.get(), buffer, sizeof buffer, 0) == 3);
    CHECK(std::string{buffer} == "xyz");
}

TEST_CASE("listenTcp on port 0 gets a real port from the OS")
{
    FileDescriptor listener = common::listenTcp();
    CHECK(common::boundPort(listener.get()) != 0);
}

TEST_CASE("setNonBlocking turns a would-block read into EAGAIN")
{
    auto [client, server] = common::connectedPair();
    common::setNonBlocking(server.get());
    char byte;
    CHECK(::recv(server.get(), &byte, 1, 0) == -1);
    CHECK((errno == EAGAIN || errno == EWOULDBLOCK));
    common::setNonBlocking(server.get(), false);
    CHECK((::fcntl(server.get(), F_GETFL) & O_NONBLOCK) == 0);
}

TEST_CASE("a failure names the call and carries errno")
{
    FileDescriptor listener = common::listenTcp();
    const auto port = common::boundPort(listener.get());
    try {
        common::listenTcp("127.0.0.1", port); // the port is taken
        FAIL("a second bind to the same port succeeded");
    } catch (const std::system_error& error) {
        CHECK(error.code().value() == EADDRINUSE);
        CHECK(std::string{error.what()}.find("bind(127.0.0.1:") == 0);
    }
    CHECK_THROWS_AS(common::setNonBlocking(-1), std::system_error);
}

TEST_CASE("connectTcp names its peer while connect() waits, and only then")
{
    CHECK(common::connectingTo().empty());
    CHECK(common::describeConnecting().empty());
    {
        testing::BlockedConnect blocked;
        const std::string peer =
            "127.0.0.1:" + std::to_string(blocked.port());
        CHECK(common::connectingTo() == peer);
        const std::string story = common::describeConnecting();
        CHECK(story.find("blocked in connect() to " + peer + ".") !=
              std::string::npos);
        CHECK(story.find("queue of connections not yet\naccepted is full") !=
              std::string::npos);
        blocked.finish(); // the connect succeeds once there is room
    }
    CHECK(common::connectingTo().empty());
    CHECK(common::describeConnecting().empty());
}

TEST_CASE("a failed connectTcp leaves no peer named")
{
    FileDescriptor listener = common::listenTcp();
    const auto port = common::boundPort(listener.get());
    listener.reset(); // nothing listens there now
    CHECK_THROWS_AS(common::connectTcp("127.0.0.1", port), std::system_error);
    CHECK(common::connectingTo().empty());
}
