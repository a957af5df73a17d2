// The coroutines' contract, on the reactor: runUntilComplete, sleep on the
// reactor's clock, and the socket operations (asyncio's sock_recv,
// sock_sendall, sock_accept) against real sockets, cancelled while they
// wait. Time-based cases run on a reactor whose fake clock jumps to the
// next deadline, so an hour's sleep takes no time; the socket cases run on
// the real epoll reactor, each bounded by a deadline that fails the test
// instead of hanging it.
#include "clock.hpp"
#include "coroutine_support.hpp"
#include "descriptor_wait.hpp"
#include "gather.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "sleep.hpp"
#include "sock_ops.hpp"
#include "task.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>

#include <chrono>
#include <coroutine>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A poller that watches nothing and, instead of waiting, moves the fake
// clock on to the end of the wait: the next deadline comes at once.
class JumpingPoller : public Poller {
public:
    explicit JumpingPoller(Clock& clock) : clock_{clock} {}
    std::string_view name() const override { return "jumping"; }
    void add(int, Interest) override {}
    void modify(int, Interest) override {}
    void remove(int) override {}
    std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::nanoseconds> timeout) override
    {
        if (timeout) {
            clock_.advance(*timeout);
        }
        return {};
    }
    std::size_t watched() const override { return 0; }

private:
    Clock& clock_;
};

// A reactor on a fake clock that jumps.
struct FakeTimeReactor {
    Clock clock;
    Reactor reactor{std::make_unique<JumpingPoller>(clock),
                    [this] { return clock.seconds(); }};
};

Task<std::string> sleepThenAnswer(Reactor& reactor, Duration delay)
{
    co_await sleep(reactor, delay);
    co_return "answer";
}

Task<int> failsAfterSleeping(Reactor& reactor)
{
    co_await sleep(reactor, 1s);
    throw std::runtime_error{"boom"};
}

Task<int> neverSuspends()
{
    co_return 5;
}

Task<void> waitsForever()
{
    co_await std::suspend_always{}; // nothing will ever resume it
}

Task<void> nested(Reactor& reactor)
{
    runUntilComplete(reactor, neverSuspends()); // inside run(): refused
    co_return;
}

// Reads until the end of the stream.
Task<std::string> receiveAll(Reactor& reactor, int fd)
{
    std::string all;
    for (;;) {
        std::string chunk = co_await sockRecv(reactor, fd, 64 * 1024);
        if (chunk.empty()) {
            co_return all;
        }
        all += chunk;
    }
}

// Sends `data`, then shuts the sending side so the peer sees the end.
Task<std::string> sendAndShut(Reactor& reactor, int fd, std::string data)
{
    co_await sockSendall(reactor, fd, std::move(data));
    ::shutdown(fd, SHUT_WR);
    co_return "sent";
}

Task<std::string> recvOrCancelled(Reactor& reactor, int fd)
{
    try {
        co_return co_await sockRecv(reactor, fd, 100);
    } catch (const CancelledError&) {
        co_return "cancelled";
    }
}

// Both ends of a connection, non-blocking.
struct Ends {
    common::FileDescriptor client;
    common::FileDescriptor server;
};

Ends nonBlockingPair()
{
    auto [client, server] = common::connectedPair();
    common::setNonBlocking(client.get());
    common::setNonBlocking(server.get());
    return {std::move(client), std::move(server)};
}

Ends unixPair()
{
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    return {common::FileDescriptor{fds[0]}, common::FileDescriptor{fds[1]}};
}

void sendNow(int fd, const std::string& data)
{
    REQUIRE(::send(fd, data.data(), data.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(data.size()));
}

} // namespace

TEST_SUITE("coroutine contract: the reactor")
{

// region: run-until-complete-test
TEST_CASE("runUntilComplete runs the reactor until the task is done and "
          "returns its value")
{
    FakeTimeReactor fake;
    const Time start = fake.reactor.seconds();
    CHECK(runUntilComplete(fake.reactor,
                           sleepThenAnswer(fake.reactor, 1h)) == "answer");
    CHECK(fake.reactor.seconds() - start == 1h);
    CHECK_FALSE(fake.reactor.running());
}
// endregion: run-until-complete-test

TEST_CASE("runUntilComplete throws what the task threw")
{
    FakeTimeReactor fake;
    CHECK_THROWS_WITH_AS(
        runUntilComplete(fake.reactor, failsAfterSleeping(fake.reactor)),
        "boom", std::runtime_error);
}

TEST_CASE("runUntilComplete of a task that never suspends")
{
    FakeTimeReactor fake;
    CHECK(runUntilComplete(fake.reactor, neverSuspends()) == 5);
}

TEST_CASE("runUntilComplete throws TaskNotComplete when nothing is left "
          "that could resume the task")
{
    FakeTimeReactor fake;
    CHECK_THROWS_AS(runUntilComplete(fake.reactor, waitsForever()),
                    TaskNotComplete);
}

TEST_CASE("runUntilComplete inside run() is refused")
{
    FakeTimeReactor fake;
    CHECK_THROWS_AS(runUntilComplete(fake.reactor, nested(fake.reactor)),
                    ReactorAlreadyRunning);
}

TEST_CASE("tasks sleeping side by side take as long as the longest sleep")
{
    FakeTimeReactor fake;
    std::vector<Task<std::string>> tasks;
    tasks.push_back(sleepThenAnswer(fake.reactor, 2s));
    tasks.push_back(sleepThenAnswer(fake.reactor, 3s));
    tasks.push_back(sleepThenAnswer(fake.reactor, 1s));
    const Time start = fake.reactor.seconds();
    runUntilComplete(fake.reactor, gather(std::move(tasks)));
    CHECK(fake.reactor.seconds() - start == 3s);
}

// region: sock-recv-test
TEST_CASE("sockRecv waits for data, and gives what arrived")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    reactor.callLater(0s, [fd = ends.client.get()] { sendNow(fd, "hello"); });
    CHECK(runWithDeadline(reactor, sockRecv(reactor, ends.server.get(), 100)) ==
          "hello");
    CHECK(reactor.watched() == 0); // one wake-up, then unregistered
}
// endregion: sock-recv-test

TEST_CASE("sockRecv gives an empty string at the end of the stream")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    reactor.callLater(0s, [&ends] { ends.client.reset(); });
    CHECK(runWithDeadline(reactor, sockRecv(reactor, ends.server.get(), 100))
              .empty());
}

TEST_CASE("sockSendall sends 4 MiB through small buffers, waiting for room "
          "as often as it takes, while the peer reads")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    common::setSendBufferSize(ends.client.get(), 16 * 1024);
    common::setReceiveBufferSize(ends.server.get(), 16 * 1024);
    std::string data(4 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<char>('a' + i % 26);
    }
    std::vector<Task<std::string>> both;
    both.push_back(sendAndShut(reactor, ends.client.get(), data));
    both.push_back(receiveAll(reactor, ends.server.get()));
    const std::vector<std::string> results =
        runWithDeadline(reactor, gather(std::move(both)));
    CHECK(results[0] == "sent");
    CHECK(results[1].size() == data.size());
    CHECK(results[1] == data);
}

TEST_CASE("sockSendall to a peer that has gone fails, naming send")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    ends.server.reset();
    std::string data(8 * 1024 * 1024, 'x');
    try {
        runWithDeadline(
            reactor, sockSendall(reactor, ends.client.get(), std::move(data)));
        FAIL("sockSendall did not fail");
    } catch (const std::system_error& error) {
        CHECK(std::string{error.what()}.starts_with("send: "));
    }
}

TEST_CASE("sockAccept waits for a connection and gives a non-blocking "
          "socket")
{
    Reactor reactor;
    common::FileDescriptor listener = common::listenTcp();
    common::setNonBlocking(listener.get());
    const std::uint16_t port = common::boundPort(listener.get());
    common::FileDescriptor client;
    reactor.callLater(0s, [&client, port] {
        client = common::connectTcp("127.0.0.1", port);
    });
    common::FileDescriptor accepted =
        runWithDeadline(reactor, sockAccept(reactor, listener.get()));
    REQUIRE(accepted.valid());
    CHECK((::fcntl(accepted.get(), F_GETFL) & O_NONBLOCK) != 0);
    sendNow(client.get(), "hi");
    char buffer[2];
    CHECK(::recv(accepted.get(), buffer, 2, MSG_WAITALL) == 2);
}

TEST_CASE("sockRecv and sockSendall on a Unix domain socket pair")
{
    Reactor reactor;
    Ends ends = unixPair();
    std::vector<Task<std::string>> both;
    both.push_back(sendAndShut(reactor, ends.client.get(), "over a path"));
    both.push_back(receiveAll(reactor, ends.server.get()));
    CHECK(runWithDeadline(reactor, gather(std::move(both)))[1] ==
          "over a path");
}

// region: sock-cancel-test
TEST_CASE("a task waiting in sockRecv, cancelled from a timer, gets "
          "CancelledError there, and the descriptor is unregistered")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    Task<std::string> task = recvOrCancelled(reactor, ends.server.get());
    task.start();
    CHECK(reactor.watched() == 1);
    reactor.callLater(0s, [&] {
        task.cancel();
        reactor.stop();
    });
    reactor.run();
    REQUIRE(task.done());
    CHECK(task.result() == "cancelled");
    CHECK(reactor.watched() == 0);
}
// endregion: sock-cancel-test

TEST_CASE("destroying a task that waits for a descriptor unregisters it")
{
    Reactor reactor;
    Ends ends = nonBlockingPair();
    {
        Task<std::string> task = sockRecv(reactor, ends.server.get(), 100);
        task.start();
        CHECK(reactor.watched() == 1);
    }
    CHECK(reactor.watched() == 0);
}

} // TEST_SUITE
