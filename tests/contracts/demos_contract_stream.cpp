// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
#include "demo.hpp"
#include "listener.hpp"
#include "recording_protocol.hpp"
#include "transport.hpp"

#include "memory_cap.hpp"
#include "socket.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Sends std::cout to a string for the life of the guard: the demo's
// producer and checker print there.
class CaptureOutput {
public:
    CaptureOutput() : saved_{std::cout.rdbuf(captured_.rdbuf())} {}
    ~CaptureOutput() { std::cout.rdbuf(saved_); }
    CaptureOutput(const CaptureOutput&) = delete;
    CaptureOutput& operator=(const CaptureOutput&) = delete;
    std::string text() const { return captured_.str(); }

private:
    std::ostringstream captured_;
    std::streambuf* saved_;
};

// The demo's stream, both sides in one loop as main() runs them, and its
// report.
std::string playAndReport(Demo& demo)
{
    CaptureOutput output;
    Reactor reactor;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&demo] { return demo.newServer(); });
    listener->activate();
    auto connection = std::make_shared<Transport>(
        reactor,
        common::connectTcp("127.0.0.1", common::boundPort(listener->fileno())),
        demo.client());
    demo.start(*connection);
    connection->activate();
    turnUntil(reactor, [&demo] { return demo.client()->lost(); }, 100'000);
    listener->stopListening();
    reactor.run();
    CHECK(demo.report(*connection) == 0);
    return output.text();
}

} // namespace

TEST_CASE("a client blocked in connect() is described as one, not a server")
{
    Demo demo{Settings{}};
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("The server was waiting") == std::string::npos);
}

TEST_CASE("the report says 'no cap' when there is none, never 'cap 0 bytes'")
{
    REQUIRE(common::memory::limit() == 0); // tests run without a cap
    Settings settings;
    settings.total = 256 * 1024;
    Demo demo{settings};
    const std::string report = playAndReport(demo);
    CHECK(contains(report, "Sent 256.0 KiB in "));
    CHECK(contains(report, " (no cap); peak resident memory "));
    CHECK_FALSE(contains(report, "cap 0 bytes"));
}

TEST_CASE("counts in the demo's lines agree with their nouns")
{
    Settings settings;
    settings.total = 1;
    Demo demo{settings};
    CHECK(contains(demo.describe(), "it has had 0 connections."));
    const std::string report = playAndReport(demo);
    CHECK(contains(report, "Client wrote 1 byte in 1 write, paused 0 times"));
    CHECK(contains(report, "Server checked 1 byte, every one in its place."));
    CHECK(contains(report, "The producer was paused 0 times and resumed 0 "
                           "times."));
    CHECK(contains(demo.describe(), "of its 1 byte,\nand its producer had "
                                    "been paused 0 times."));
}

TEST_CASE("the stall story fits 80 columns, whatever the counts")
{
    Settings settings;
    settings.total = 4'294'967'296; // never sent: only its width matters
    Demo demo{settings};
    Reactor reactor;
    auto connection = std::make_shared<Transport>(
        reactor, common::connectedPair().first, demo.client());
    demo.start(*connection);
    std::istringstream lines{demo.describe()};
    for (std::string line; std::getline(lines, line);) {
        CHECK(line.size() <= 80);
    }
}

TEST_CASE("out of memory without a client: no producer is blamed")
{
    // --listen: the server side only, no stream started here.
    Demo demo{Settings{}};
    demo.newServer();
    const std::string why = demo.explainOutOfMemory();
    CHECK(contains(why, "only a server, with 1 connection so far"));
    CHECK_FALSE(contains(why, "producer"));
}

TEST_CASE("out of memory with a producer names the high water mark")
{
    Settings settings;
    settings.total = 1;
    settings.highWater = 200 * 1024 * 1024;
    Demo demo{settings};
    playAndReport(demo);
    const std::string why = demo.explainOutOfMemory();
    CHECK(contains(why, "200.0 MiB high water mark"));
    CHECK_FALSE(contains(why, "too small for even that"));
}
