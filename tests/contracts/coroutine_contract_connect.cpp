// The coroutines' contract: sockConnect (asyncio's sock_connect), a
// non-blocking connect written as one co_await: made, refused, over a Unix
// domain socket, and cancelled while the kernel still waits for the peer.
// Each case runs on the real epoll reactor with a deadline.
#include "coroutine_support.hpp"
#include "descriptor_wait.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "sock_ops.hpp"
#include "socket_address.hpp"
#include "task.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

using namespace std::chrono_literals;

namespace {

common::FileDescriptor socketFor(const SocketAddress& address)
{
    common::FileDescriptor fd{::socket(
        address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
    REQUIRE(fd.valid());
    return fd;
}

// A server whose queue of connections not yet accepted is full: the
// kernel drops a new connect's SYN, and the connect waits.
struct NeverAnswers {
    common::FileDescriptor listener = common::listenTcp("127.0.0.1", 0, 0);
    std::uint16_t port = common::boundPort(listener.get());
    common::FileDescriptor queued = common::connectTcp("127.0.0.1", port);
    NeverAnswers()
    {
        pollfd watched{listener.get(), POLLIN, 0};
        REQUIRE(::poll(&watched, 1, 5000) == 1);
    }
};

} // namespace

TEST_SUITE("coroutine contract: sockConnect")
{

// region: sock-connect-test
TEST_CASE("sockConnect connects a non-blocking socket to a listening one")
{
    Reactor reactor;
    common::FileDescriptor listener = common::listenTcp();
    const SocketAddress address =
        resolveTcp("127.0.0.1", common::boundPort(listener.get())).front();
    common::FileDescriptor socket = socketFor(address);
    runWithDeadline(reactor, sockConnect(reactor, socket.get(), address));
    common::FileDescriptor accepted =
        common::acceptConnection(listener.get());
    CHECK(::send(socket.get(), "x", 1, MSG_NOSIGNAL) == 1);
    CHECK(reactor.watched() == 0);
}

TEST_CASE("a refused connect is a system_error naming connect")
{
    Reactor reactor;
    // Bound, never listening: a connect there is refused.
    const SocketAddress closed = resolveTcp("127.0.0.1", 0).front();
    common::FileDescriptor holder = socketFor(closed);
    REQUIRE(::bind(holder.get(), closed.get(), closed.length) == 0);
    const SocketAddress address =
        resolveTcp("127.0.0.1", common::boundPort(holder.get())).front();
    common::FileDescriptor socket = socketFor(address);
    try {
        runWithDeadline(reactor, sockConnect(reactor, socket.get(), address));
        FAIL("the connect was not refused");
    } catch (const std::system_error& error) {
        CHECK(error.code().value() == ECONNREFUSED);
        CHECK(std::string{error.what()} == "connect: Connection refused");
    }
}
// endregion: sock-connect-test

TEST_CASE("sockConnect over a Unix domain socket")
{
    Reactor reactor;
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("coroutine-contract-" + std::to_string(::getpid()) + ".sock");
    const SocketAddress address = unixAddress(path.string());
    common::FileDescriptor listener = socketFor(address);
    REQUIRE(::bind(listener.get(), address.get(), address.length) == 0);
    REQUIRE(::listen(listener.get(), 4) == 0);
    common::FileDescriptor socket = socketFor(address);
    runWithDeadline(reactor, sockConnect(reactor, socket.get(), address));
    std::filesystem::remove(path);
    CHECK(common::acceptConnection(listener.get()).valid());
}

TEST_CASE("a connect still waiting for its peer, cancelled, throws "
          "CancelledError and leaves nothing registered")
{
    Reactor reactor;
    const NeverAnswers server;
    const SocketAddress address =
        resolveTcp("127.0.0.1", server.port).front();
    common::FileDescriptor socket = socketFor(address);
    Task<void> task = sockConnect(reactor, socket.get(), address);
    task.start();
    REQUIRE_FALSE(task.done());
    CHECK(reactor.watched() == 1);
    reactor.callLater(0s, [&] {
        task.cancel();
        reactor.stop();
    });
    reactor.run();
    REQUIRE(task.done());
    CHECK_THROWS_AS(task.result(), CancelledError);
    CHECK(reactor.watched() == 0);
}

} // TEST_SUITE
