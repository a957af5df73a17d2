// The room's graceful shutdown on real sockets: a signal while members are
// connected and lines are queued for them loses none of those lines; a
// member that never reads is cut when the grace runs out; a second signal
// during the shutdown ends the program at once, with 130.
#include "address.hpp"
#include "chat_room.hpp"
#include "chat_session.hpp"
#include "chat_shutdown.hpp"
#include "open_connection.hpp"
#include "process.hpp"
#include "reactor.hpp"
#include "sleep.hpp"
#include "start_server.hpp"
#include "task.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace {

// The room, served on a port the OS picks, closing gracefully on signals.
struct ClosingRoom {
    explicit ClosingRoom(Duration grace, ChatSettings settings = {})
        : room{reactor, settings},
          server{startServer(
              reactor, Address::tcp("127.0.0.1", 0),
              [this](StreamReader reader, StreamWriter writer) {
                  return chatSession(room, std::move(reader),
                                     std::move(writer));
              })},
          shutdown{reactor, room, *server, grace}
    {
    }

    Reactor reactor;
    ChatRoom room;
    std::unique_ptr<StreamServer> server;
    ChatShutdown shutdown;
};

Task<Streams> join(Reactor& reactor, std::uint16_t port, std::string name)
{
    Streams streams =
        co_await openConnection(reactor, Address::tcp("127.0.0.1", port));
    co_await streams.reader.readLine(); // the welcome
    streams.writer.write(name + "\n");
    co_await streams.reader.readLine(); // who is here
    co_return streams;
}

// Limits high enough that a member who never reads is not cut for it:
// only the shutdown's grace will cut it.
ChatSettings patient()
{
    ChatSettings settings;
    settings.limits.hard = 64 * 1024 * 1024;
    settings.limits.soft = 64 * 1024 * 1024;
    return settings;
}

// More than the kernel's buffers hold on loopback: sent to a member that
// never reads, the room cannot finish sending it.
constexpr int floodLines = 16 * 1024; // of 1 KiB: 16 MiB

// Every line up to the end of the stream.
Task<std::vector<std::string>> readToEnd(StreamReader reader)
{
    std::vector<std::string> lines;
    for (;;) {
        std::string line = co_await reader.readLine();
        if (line.empty()) {
            co_return lines;
        }
        line.pop_back();
        lines.push_back(std::move(line));
    }
}

// talker says `count` lines; once the room has queued them all for the
// listener, who has read none of them, the test signals itself. The
// listener then reads what the closing room sends, to the end.
Task<std::vector<std::string>> talkThenSignal(ClosingRoom& served,
                                              int count)
{
    const std::uint16_t port = served.server->port();
    Streams listener = co_await join(served.reactor, port, "listener");
    Streams talker = co_await join(served.reactor, port, "talker");
    co_await listener.reader.readLine(); // "* talker joined"
    const std::uint64_t before = served.room.queued();
    for (int i = 0; i < count; ++i) {
        talker.writer.write("line " + std::to_string(i) + "\n");
    }
    co_await talker.writer.drain();
    while (served.room.queued() < before + static_cast<std::uint64_t>(count)) {
        co_await sleep(served.reactor, 1ms);
    }
    ::kill(::getpid(), SIGTERM);
    std::vector<std::string> heard = co_await readToEnd(listener.reader);
    co_await readToEnd(talker.reader);
    co_return heard;
}

} // namespace

TEST_CASE("chat shutdown: a signal while lines are queued for a member "
          "loses none of them, and the closing notice comes last")
{
    ClosingRoom served{5s};
    auto heard = talkThenSignal(served, 200);
    heard.start();
    served.reactor.run(); // the signal stops it, once the room has closed
    REQUIRE(heard.done());
    const std::vector<std::string> lines = heard.result();
    REQUIRE(lines.size() == 201);
    for (int i = 0; i < 200; ++i) {
        CHECK(lines[static_cast<std::size_t>(i)] ==
              "talker: line " + std::to_string(i));
    }
    CHECK(lines.back() == "* the server is going away; goodbye");
    CHECK(served.shutdown.report().signal == "SIGTERM");
    CHECK(served.shutdown.report().told == 2);
    CHECK(served.shutdown.report().aborted == 0);
    CHECK(served.server->connections() == 0);
}

TEST_CASE("chat shutdown: a member that never reads is cut when the grace "
          "runs out, and the shutdown ends anyway")
{
    ClosingRoom served{200ms, patient()};
    auto script = [](ClosingRoom& room) -> Task<void> {
        const std::uint16_t port = room.server->port();
        Streams sleeper = co_await join(room.reactor, port, "sleeper");
        Streams talker = co_await join(room.reactor, port, "talker");
        const std::string line(1023, 'x');
        for (int i = 0; i < floodLines; ++i) {
            talker.writer.write(line + "\n");
            co_await talker.writer.drain();
        }
        ::kill(::getpid(), SIGTERM);
        co_await readToEnd(talker.reader);
        (void)sleeper; // never read: the grace cuts it
    }(served);
    script.start();
    served.reactor.run();
    CHECK(served.shutdown.report().aborted == 1);
    CHECK(served.server->connections() == 0);
}

TEST_CASE("chat shutdown: a second signal during the shutdown exits at "
          "once, with 130")
{
    const auto result = testing::runInChild([] {
        ClosingRoom served{30s, patient()};
        auto script = [](ClosingRoom& room) -> Task<void> {
            const std::uint16_t port = room.server->port();
            Streams sleeper = co_await join(room.reactor, port, "sleeper");
            Streams talker = co_await join(room.reactor, port, "talker");
            const std::string line(1023, 'x');
            for (int i = 0; i < floodLines; ++i) {
                talker.writer.write(line + "\n");
                co_await talker.writer.drain();
            }
            ::kill(::getpid(), SIGTERM); // the shutdown waits for sleeper
            co_await sleep(room.reactor, 100ms);
            ::kill(::getpid(), SIGINT); // the impatient second press
            co_await sleep(room.reactor, 30s);
            (void)sleeper;
        }(served);
        script.start();
        served.reactor.run();
        return 0; // not reached: the second signal exits
    });
    INFO("the child's output: ", result.output);
    CHECK(result.exitCode == 130);
    CHECK(result.output.find("SIGINT again during the shutdown") !=
          std::string::npos);
}
