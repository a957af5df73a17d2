// The room on real sockets: a few dozen members at once, and a member
// flooding the room while one never reads and another reads everything.
#include "address.hpp"
#include "chat_room.hpp"
#include "chat_session.hpp"
#include "gather.hpp"
#include "open_connection.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "start_server.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A room served on a port the OS picks, and a limit on the whole test: the
// reactor stops after `deadline`, and runUntilComplete then throws.
struct Served {
    explicit Served(ChatSettings settings, Duration deadline = 60s)
        : room{reactor, settings},
          server{startServer(
              reactor, Address::tcp("127.0.0.1", 0),
              [this](StreamReader reader, StreamWriter writer) {
                  return chatSession(room, std::move(reader),
                                     std::move(writer));
              },
              settings.maxLine)}
    {
        reactor.callLater(deadline, [this] { reactor.stop(); }, "deadline");
    }

    Reactor reactor;
    ChatRoom room;
    std::unique_ptr<StreamServer> server;
};

Task<std::string> lineOf(StreamReader reader)
{
    std::string line = co_await reader.readLine();
    REQUIRE_FALSE(line.empty()); // the room did not close on us
    line.pop_back();
    co_return line;
}

Task<Streams> joinAs(Reactor& reactor, std::uint16_t port, std::string name)
{
    Streams streams =
        co_await openConnection(reactor, Address::tcp("127.0.0.1", port));
    co_await lineOf(streams.reader); // the welcome
    streams.writer.write(name + "\n");
    const std::string here = co_await lineOf(streams.reader);
    REQUIRE(here.find(" here: ") != std::string::npos);
    co_return streams;
}

// One member of the crowd: says hello once all have joined, and reads
// until it has every other member's hello.
Task<std::set<std::string>> helloRound(Streams streams, std::string name,
                                       std::size_t others)
{
    streams.writer.write("hello from " + name + "\n");
    std::set<std::string> heard;
    while (heard.size() < others) {
        const std::string line = co_await lineOf(streams.reader);
        if (!line.starts_with("* ")) {
            heard.insert(line);
        }
    }
    streams.writer.write("/quit\n");
    co_return heard;
}

Task<void> crowd(Served& served, std::size_t members)
{
    std::vector<Task<Streams>> joining;
    for (std::size_t i = 0; i < members; ++i) {
        joining.push_back(joinAs(served.reactor, served.server->port(),
                                 "m" + std::to_string(i)));
    }
    std::vector<Streams> joined = co_await gather(std::move(joining));
    CHECK(served.room.size() == members);
    std::vector<Task<std::set<std::string>>> talking;
    for (std::size_t i = 0; i < members; ++i) {
        talking.push_back(
            helloRound(joined[i], "m" + std::to_string(i), members - 1));
    }
    const std::vector<std::set<std::string>> heard =
        co_await gather(std::move(talking));
    for (std::size_t i = 0; i < members; ++i) {
        std::set<std::string> expected;
        for (std::size_t j = 0; j < members; ++j) {
            if (j != i) {
                const std::string name = "m" + std::to_string(j);
                expected.insert(name + ": hello from " + name);
            }
        }
        CHECK(heard[i] == expected);
    }
}

} // namespace

TEST_CASE("forty members at once: each hears every other's message, once, "
          "and never its own")
{
    Served served{ChatSettings{}};
    runUntilComplete(served.reactor, crowd(served, 40));
    CHECK(served.room.cutOff().empty());
}

namespace {

struct FloodCount {
    std::size_t sent = 0;
    std::size_t received = 0;
    bool inOrder = true;
    bool cut = false;
};

Task<void> floodUntilCut(Streams flooder, FloodCount& count)
{
    while (!count.cut && count.sent < 100000) {
        flooder.writer.write("flood " + std::to_string(count.sent) + " " +
                             std::string(200, '.') + "\n");
        ++count.sent;
        co_await flooder.writer.drain();
    }
    flooder.writer.write("/quit\n");
    co_await flooder.writer.drain();
}

Task<void> readAll(Streams reader, FloodCount& count)
{
    for (;;) {
        const std::string line = co_await lineOf(reader.reader);
        if (line.starts_with("flooder: flood ")) {
            count.inOrder = count.inOrder &&
                            line.starts_with("flooder: flood " +
                                             std::to_string(count.received) +
                                             " ");
            ++count.received;
        } else if (line.starts_with("* slow was cut off: ")) {
            count.cut = true;
        } else if (line == "* flooder left (quit)") {
            co_return;
        }
    }
}

Task<void> floodScene(Served& served, FloodCount& count)
{
    const std::uint16_t port = served.server->port();
    Streams slow = co_await joinAs(served.reactor, port, "slow");
    Streams reader = co_await joinAs(served.reactor, port, "reader");
    Streams flooder = co_await joinAs(served.reactor, port, "flooder");
    std::vector<Task<void>> sides;
    sides.push_back(floodUntilCut(flooder, count));
    sides.push_back(readAll(reader, count));
    co_await gather(std::move(sides));
    slow.writer.close();
    reader.writer.close();
}

} // namespace

TEST_CASE("a member flooding the room: the one that never reads is cut off "
          "past the hard limit, the one that reads gets every line in order")
{
    // The default limits: a hard limit much lower lets a member that does
    // read, in the same loop as the flooder, fall that far behind at times.
    ChatSettings settings;
    settings.limits.softFor = 3600s; // only the hard limit here
    Served served{settings};
    FloodCount count;
    runUntilComplete(served.reactor, floodScene(served, count));
    CHECK(count.cut);
    CHECK(count.received == count.sent);
    CHECK(count.inOrder);
    REQUIRE(served.room.cutOff().size() == 1);
    CHECK(served.room.cutOff()[0].nickname == "slow");
    CHECK(served.room.cutOff()[0].reason ==
          "its queue passed the hard limit (256.0 KiB)");
    // The queue is counted as lines arrive: it passed the limit by at most
    // one line before the cut.
    CHECK(served.room.cutOff()[0].peakQueued <= 256 * 1024 + 300);
}
