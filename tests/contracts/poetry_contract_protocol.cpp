// A contract of chapters 10 on (CONTRACTS in CMakeLists.txt): the poetry
// client's protocol on the in-memory transport. TCP may cut a poem
// anywhere, so every cut of a short poem is tried, and random cuts of the
// long ones (with a fixed seed, so a failure can be replayed); then the
// server's bytes are fed to the client as they come off the fake clock.
#include "clock.hpp"
#include "poems.hpp"
#include "poetry_protocol.hpp"
#include "poetry_server.hpp"

#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

// What the protocol told its owner.
struct Told {
    std::vector<std::string> chunks;
    std::optional<std::string> poem;
    std::optional<std::string> failure;
    std::size_t receivedBeforeFailure = 0;
    int ends = 0;

    PoetryProtocol::Callbacks callbacks()
    {
        return {[this](std::string_view chunk) { chunks.emplace_back(chunk); },
                [this](std::string text) {
                    poem = std::move(text);
                    ++ends;
                },
                [this](const Reason& reason, std::size_t received) {
                    failure = reason.text();
                    receivedBeforeFailure = received;
                    ++ends;
                }};
    }
};

// Feeds `text` to a fresh client protocol cut at `cuts`, then closes.
Told receive(std::string_view text, const std::vector<std::size_t>& cuts)
{
    Told told;
    PoetryProtocol client{told.callbacks()};
    StringTransport transport;
    client.makeConnection(transport);
    std::size_t from = 0;
    for (const std::size_t cut : cuts) {
        client.dataReceived(text.substr(from, cut - from));
        from = cut;
    }
    client.dataReceived(text.substr(from));
    client.connectionLost(Reason::closedCleanly());
    CHECK(transport.written.empty()); // a poetry client says nothing
    return told;
}

std::string joined(const std::vector<std::string>& chunks)
{
    std::string all;
    for (const std::string& chunk : chunks) {
        all += chunk;
    }
    return all;
}

} // namespace

// region: every-split
TEST_CASE("a poem cut at any point arrives whole")
{
    const std::string_view poem = findPoem("science")->text;
    for (std::size_t cut = 0; cut <= poem.size(); ++cut) {
        CAPTURE(cut);
        const Told told = receive(poem, {cut});
        REQUIRE(told.poem);
        CHECK(*told.poem == poem);
        CHECK(joined(told.chunks) == poem);
        CHECK(told.ends == 1);
    }
}
// endregion: every-split

TEST_CASE("a poem cut at random points arrives whole")
{
    std::mt19937 random{20261123}; // fixed: a failure can be replayed
    for (const Poem& poem : poems()) {
        for (std::size_t round = 0; round < 50; ++round) {
            std::uniform_int_distribution<std::size_t> at{0, poem.text.size()};
            std::vector<std::size_t> cuts(round % 20);
            for (std::size_t& cut : cuts) {
                cut = at(random);
            }
            std::sort(cuts.begin(), cuts.end()); // empty pieces included
            CAPTURE(poem.name);
            CAPTURE(round);
            const Told told = receive(poem.text, cuts);
            REQUIRE(told.poem);
            CHECK(*told.poem == poem.text);
            CHECK(told.chunks.size() == cuts.size() + 1);
        }
    }
}

TEST_CASE("a poem cut short by a failed connection is a failure, with "
          "what had come")
{
    Told told;
    PoetryProtocol client{told.callbacks()};
    StringTransport transport;
    client.makeConnection(transport);
    client.dataReceived("Shall I compare");
    client.connectionLost(Reason::failed("recv", ECONNRESET));
    CHECK(!told.poem);
    REQUIRE(told.failure);
    CHECK(*told.failure == "recv: Connection reset by peer");
    CHECK(told.receivedBeforeFailure == 15);
    CHECK(told.ends == 1);
}

TEST_CASE("the slow server's bytes, fed to the client as the fake clock "
          "sends them, are the poem")
{
    for (const Poem& poem : poems()) {
        CAPTURE(poem.name);
        Clock clock;
        StringTransport toClient;
        SlowPoetryProtocol server{
            clock, std::make_shared<const std::string>(poem.text), {50ms, 64}};
        Told told;
        PoetryProtocol client{told.callbacks()};
        StringTransport toServer;
        client.makeConnection(toServer);
        server.makeConnection(toClient);
        // Each turn of the clock, what the server wrote crosses over.
        for (int turn = 0; turn < 1000 && !toClient.disconnecting; ++turn) {
            client.dataReceived(toClient.written);
            toClient.written.clear();
            clock.advance(50ms);
        }
        REQUIRE(toClient.disconnecting);
        server.connectionLost(Reason::closedCleanly());
        client.connectionLost(Reason::closedCleanly());
        REQUIRE(told.poem);
        CHECK(*told.poem == poem.text);
        CHECK(told.chunks.size() == (poem.text.size() + 63) / 64);
    }
}

TEST_CASE("a server silent for the limit is given up, and every chunk "
          "starts the wait again")
{
    Clock clock;
    Told told;
    PoetryProtocol client{told.callbacks(), clock, 2s};
    StringTransport transport;
    client.makeConnection(transport);
    clock.advance(1500ms);
    client.dataReceived("Shall I");
    clock.advance(1500ms); // 1.5 s since the chunk, 3 s since the start
    CHECK(!transport.disconnecting);
    clock.advance(500ms);
    CHECK(transport.disconnecting); // aborted; connectionLost comes next
    client.connectionLost(Reason::aborted());
    CHECK(!told.poem);
    REQUIRE(told.failure);
    CHECK(*told.failure ==
          "waiting for the next chunk: timed out after 2.00 s");
    CHECK(told.receivedBeforeFailure == 7);
    CHECK(told.ends == 1);
}

TEST_CASE("a poem that ends, or fails, in time leaves no timer behind")
{
    Clock clock;
    for (const bool clean : {true, false}) {
        CAPTURE(clean);
        Told told;
        PoetryProtocol client{told.callbacks(), clock, 2s};
        StringTransport transport;
        client.makeConnection(transport);
        client.dataReceived("Shall I compare thee");
        client.connectionLost(clean ? Reason::closedCleanly()
                                    : Reason::failed("recv", ECONNRESET));
        CHECK(clock.getDelayedCalls().empty());
        clock.advance(10s);
        CHECK(!transport.disconnecting);
        CHECK(told.ends == 1);
        if (!clean) {
            CHECK(*told.failure == "recv: Connection reset by peer");
        }
    }
}
