// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The reactor's dispatch rules, as in chapter 03, now for selectables; and
// the new rule that comes with owning them: a selectable lives until the
// call into it has returned, whatever it removes.
#include "reactor.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A selectable that calls the test's lambdas. The lambdas must not hold
// a shared_ptr to their own probe: that would be a cycle, and a leak.
class Probe : public Selectable {
public:
    explicit Probe(int fd) : fd_{fd} {}
    int fileno() const override { return fd_; }
    void doRead() override
    {
        if (onRead) {
            onRead();
        }
    }
    void doWrite() override
    {
        if (onWrite) {
            onWrite();
        }
    }

    std::function<void()> onRead;
    std::function<void()> onWrite;

private:
    int fd_;
};

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
    auto probe = std::make_shared<Probe>(pair.server());
    probe->onWrite = [&] { calls.push_back("writer"); };
    probe->onRead = [&] { calls.push_back("reader"); };
    reactor.addWriter(probe);
    reactor.addReader(probe);
    reactor.iterate(1000ms);
    CHECK(calls == std::vector<std::string>{"reader", "writer"});
}

TEST_CASE("a writer removed by a reader in the same turn does not run")
{
    // A transport that reads the end of the stream (or an error) tears
    // itself down: its writer must not run on the closed descriptor.
    ReadyPair pair;
    Reactor reactor;
    bool writerRan = false;
    auto probe = std::make_shared<Probe>(pair.server());
    Probe& self = *probe;
    probe->onRead = [&] {
        reactor.removeReader(self);
        reactor.removeWriter(self);
    };
    probe->onWrite = [&] { writerRan = true; };
    reactor.addReader(probe);
    reactor.addWriter(probe);
    reactor.iterate(1000ms);
    CHECK_FALSE(writerRan);
}

TEST_CASE("a reader removed by an earlier reader in the same turn does "
          "not run")
{
    ReadyPair first;
    ReadyPair second;
    Reactor reactor;
    auto one = std::make_shared<Probe>(first.server());
    auto two = std::make_shared<Probe>(second.server());
    int ran = 0;
    // Both are readable; whichever runs first removes the other.
    one->onRead = [&, &other = *two] {
        ++ran;
        reactor.removeReader(other);
    };
    two->onRead = [&, &other = *one] {
        ++ran;
        reactor.removeReader(other);
    };
    reactor.addReader(one);
    reactor.addReader(two);
    reactor.iterate(1000ms);
    CHECK(ran == 1);
}

TEST_CASE("removing what was never added is harmless")
{
    Reactor reactor;
    Probe stranger{12345};
    reactor.removeReader(stranger);
    reactor.removeWriter(stranger);
    reactor.run(); // nothing registered: returns at once
    CHECK(true);
}

TEST_CASE("removing an object does not remove another on the same "
          "descriptor")
{
    // A descriptor closed and reused belongs to a new object; the old
    // object's late removeReader must not unregister the new one.
    ReadyPair pair;
    Reactor reactor;
    Probe old{pair.server()};
    auto current = std::make_shared<Probe>(pair.server());
    bool ran = false;
    current->onRead = [&] {
        ran = true;
        reactor.removeReader(*current);
    };
    reactor.addReader(current);
    reactor.removeReader(old);
    reactor.iterate(1000ms);
    CHECK(ran);
}

// region: lifetime-test
TEST_CASE("a selectable that removes itself lives until its call returns")
{
    ReadyPair pair;
    Reactor reactor;
    auto probe = std::make_shared<Probe>(pair.server());
    const std::weak_ptr<Probe> watch = probe;
    Probe& self = *probe;
    std::string seen;
    probe->onRead = [&] {
        reactor.removeReader(self); // drops the last owner but the turn's
        seen = std::to_string(self.fileno()); // still safe: ASan checks
    };
    reactor.addReader(std::move(probe)); // the reactor is the only owner
    reactor.iterate(1000ms);
    CHECK(seen == std::to_string(pair.server()));
    CHECK(watch.expired()); // and once the turn is over, it is gone
}
// endregion: lifetime-test

TEST_CASE("a turn with nothing ready returns after the timeout")
{
    auto [client, server] = common::connectedPair();
    Reactor reactor;
    bool ran = false;
    auto probe = std::make_shared<Probe>(server.get());
    probe->onRead = [&] { ran = true; };
    reactor.addReader(probe);
    reactor.iterate(10ms);
    CHECK_FALSE(ran);
}

TEST_CASE("run() keeps turning until the last selectable is removed")
{
    ReadyPair pair;
    Reactor reactor;
    int turns = 0;
    auto probe = std::make_shared<Probe>(pair.client());
    Probe& self = *probe;
    probe->onWrite = [&] {
        if (++turns == 3) {
            reactor.removeWriter(self);
        }
    };
    reactor.addWriter(std::move(probe));
    reactor.run();
    CHECK(turns == 3);
}
