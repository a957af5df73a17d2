#include "reactor.hpp"

#include "descriptors.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A connected pair whose server end is readable (the client sent a byte)
// and, like any socket with room in its send buffer, writable.
struct ReadyPair {
    std::pair<common::FileDescriptor, common::FileDescriptor> sockets =
        common::connectedPair();
    int client() const { return sockets.first.get(); }
    int server() const { return sockets.second.get(); }
    ReadyPair() { REQUIRE(::send(client(), "x", 1, 0) == 1); }
};

} // namespace

TEST_CASE("readers are dispatched before writers in a turn")
{
    ReadyPair pair;
    Reactor reactor;
    std::vector<std::string> calls;
    reactor.addWriter(pair.server(),
                      [&](Reactor&, int) { calls.push_back("writer"); });
    reactor.addReader(pair.server(),
                      [&](Reactor&, int) { calls.push_back("reader"); });
    reactor.iterate(1000ms);
    CHECK(calls == std::vector<std::string>{"reader", "writer"});
}

TEST_CASE("a writer removed by a reader in the same turn does not run")
{
    // Why it matters: a reader that sees end of stream closes the socket
    // and removes its writer. select() already said the socket was writable;
    // without the check the writer would run on a closed descriptor (or on
    // a new socket that reused the number).
    ReadyPair pair;
    Reactor reactor;
    bool writerRan = false;
    reactor.addReader(pair.server(), [&](Reactor& r, int fd) {
        r.removeReader(fd);
        r.removeWriter(fd);
        pair.sockets.second.reset(); // closes the socket
    });
    reactor.addWriter(pair.server(),
                      [&](Reactor&, int) { writerRan = true; });
    reactor.iterate(1000ms);
    CHECK_FALSE(writerRan);
    CHECK_FALSE(pair.sockets.second.valid());
}

TEST_CASE("a reader removed by an earlier reader in the same turn does not run")
{
    ReadyPair first;
    ReadyPair second;
    Reactor reactor;
    int ran = 0;
    // Both are readable; whichever runs first removes the other.
    reactor.addReader(first.server(), [&](Reactor& r, int) {
        ++ran;
        r.removeReader(second.server());
    });
    reactor.addReader(second.server(), [&](Reactor& r, int) {
        ++ran;
        r.removeReader(first.server());
    });
    reactor.iterate(1000ms);
    CHECK(ran == 1);
}

TEST_CASE("removing what was never added is harmless")
{
    Reactor reactor;
    reactor.removeReader(12345);
    reactor.removeWriter(12345);
    reactor.run(); // nothing registered: returns at once
    CHECK(true);
}

TEST_CASE("a handler may remove itself while it runs")
{
    ReadyPair pair;
    Reactor reactor;
    int calls = 0;
    std::string captured = "state the handler owns";
    reactor.addReader(pair.server(), [&, captured](Reactor& r, int fd) {
        r.removeReader(fd); // destroys the registered copy of this lambda
        calls += captured.empty() ? 0 : 1; // still safe to use its state
    });
    reactor.run(); // ends: the only handler removed itself
    CHECK(calls == 1);
}

TEST_CASE("a turn with nothing ready returns after the timeout")
{
    auto [client, server] = common::connectedPair();
    Reactor reactor;
    bool ran = false;
    reactor.addReader(server.get(), [&](Reactor&, int) { ran = true; });
    reactor.iterate(10ms);
    CHECK_FALSE(ran);
}

TEST_CASE("run() keeps turning until the last handler is removed")
{
    ReadyPair pair;
    Reactor reactor;
    int turns = 0;
    reactor.addWriter(pair.client(), [&](Reactor& r, int fd) {
        if (++turns == 3) {
            r.removeWriter(fd);
        }
    });
    reactor.run();
    CHECK(turns == 3);
}

TEST_CASE("a descriptor select() cannot hold is refused, not corrupted")
{
    auto [client, server] = common::connectedPair();
    const auto high = testing::duplicateAtFdSetSize(server.get());
    if (!high) {
        MESSAGE("skipped: the hard descriptor limit is below FD_SETSIZE");
        return;
    }
    Reactor reactor;
    reactor.addReader(high->get(), [](Reactor&, int) {});
    CHECK_THROWS_AS(reactor.iterate(0ms), std::out_of_range);
}
