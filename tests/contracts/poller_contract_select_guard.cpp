// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// select()'s wall: a descriptor at FD_SETSIZE is refused by the select
// backend with an error naming it and the limit, before any FD_SET; poll
// and epoll watch the same descriptor without a second thought.
#include "reactor.hpp"

#include "descriptors.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/select.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>
#include <string>

using namespace std::chrono_literals;

namespace {

class Reads : public Selectable {
public:
    explicit Reads(int fd) : fd_{fd} {}
    int fileno() const override { return fd_; }
    void doRead() override { ++reads; }
    void doWrite() override {}
    int reads = 0;

private:
    int fd_;
};

} // namespace

TEST_CASE("the select backend refuses a descriptor at FD_SETSIZE")
{
    auto [client, server] = common::connectedPair();
    const auto high = testing::duplicateAtFdSetSize(server.get());
    if (!high) {
        MESSAGE("skipped: the hard descriptor limit is below FD_SETSIZE");
        return;
    }
    Reactor reactor{makeSelectPoller()};
    try {
        reactor.addReader(std::make_shared<Reads>(high->get()));
        FAIL("the select backend took descriptor " << high->get());
    } catch (const UnwatchableDescriptor& error) {
        CHECK(error.fd() == FD_SETSIZE);
        CHECK(error.limit() == FD_SETSIZE);
        CHECK(std::string{error.what()} ==
              "select() cannot watch descriptor " +
                  std::to_string(FD_SETSIZE) + " (FD_SETSIZE is " +
                  std::to_string(FD_SETSIZE) + ")");
    }
    // Nothing half-registered: the loop has nothing to wait for.
    CHECK(reactor.watched() == 0);
    reactor.run();
}

TEST_CASE("poll and epoll watch a descriptor past FD_SETSIZE")
{
    auto [client, server] = common::connectedPair();
    const auto high = testing::duplicateAtFdSetSize(server.get());
    if (!high) {
        MESSAGE("skipped: the hard descriptor limit is below FD_SETSIZE");
        return;
    }
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    for (auto make : {makePollPoller, makeEpollPoller}) {
        Reactor reactor{make()};
        auto reads = std::make_shared<Reads>(high->get());
        reactor.addReader(reads);
        reactor.iterate(1000ms);
        CHECK(reads->reads == 1);
        reactor.removeReader(*reads);
    }
}
