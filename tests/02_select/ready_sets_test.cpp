#include "ready_sets.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

using namespace std::chrono_literals;

namespace {

void sendXyz(int fd)
{
    REQUIRE(::send(fd, "xyz", 3, 0) == 3);
}

} // namespace

TEST_CASE("an idle connected pair is writable at both ends, readable at none")
{
    auto [client, server] = common::connectedPair();
    const int c = client.get();
    const int s = server.get();
    const ReadySets ready = selectReady({c, s}, {c, s}, 0s);
    CHECK(ready.readable.empty());
    CHECK(ready.writable == std::vector<int>{c, s});
}

TEST_CASE("with no timeout, select() returns once data is pending")
{
    auto [client, server] = common::connectedPair();
    sendXyz(client.get());
    const ReadySets ready =
        selectReady({client.get(), server.get()}, {}, forever);
    CHECK(ready.readable == std::vector<int>{server.get()});
    CHECK(ready.writable.empty());
}

TEST_CASE("readiness is level-triggered: it lasts until the data is read")
{
    auto [client, server] = common::connectedPair();
    sendXyz(client.get());
    const std::vector<int> readers{server.get()};
    CHECK(selectReady(readers, {}, forever).readable == readers);
    CHECK(selectReady(readers, {}, 0s).readable == readers);

    char buffer[3];
    REQUIRE(::recv(server.get(), buffer, sizeof buffer, MSG_WAITALL) == 3);
    CHECK(selectReady(readers, {}, 0s).readable.empty());
}

TEST_CASE("a timeout with nothing ready returns empty sets")
{
    auto [client, server] = common::connectedPair();
    const ReadySets ready = selectReady({client.get(), server.get()}, {}, 10ms);
    CHECK(ready == ReadySets{});
}

TEST_CASE("a pending connection makes the listener readable")
{
    const common::FileDescriptor listener = common::listenTcp();
    const std::vector<int> readers{listener.get()};
    CHECK(selectReady(readers, {}, 0s).readable.empty());

    const common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener.get()));
    CHECK(selectReady(readers, {}, forever).readable == readers);

    const common::FileDescriptor server =
        common::acceptConnection(listener.get());
    CHECK(selectReady(readers, {}, 0s).readable.empty());
}

TEST_CASE("a descriptor at or past FD_SETSIZE is refused before select()")
{
    CHECK_THROWS_AS(selectReady({FD_SETSIZE}, {}, 0s), std::invalid_argument);
    CHECK_THROWS_AS(selectReady({}, {-1}, 0s), std::invalid_argument);
}

TEST_CASE("a failed select() names the call and carries errno")
{
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    ::close(fds[1]);
    try {
        selectReady({fds[0]}, {}, 0s);
        FAIL("select() accepted a closed descriptor");
    } catch (const std::system_error& error) {
        CHECK(error.code().value() == EBADF);
        CHECK(std::string{error.what()}.rfind("select", 0) == 0);
    }
}
