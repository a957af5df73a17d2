// A contract of chapters 08 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// A listener serves every client it can, and refuses (closes at once) the
// connections it cannot serve without ending: out of descriptors, a
// descriptor past what select() can watch, a protocol factory that throws.
#include "listener.hpp"
#include "recording_protocol.hpp"

#include "descriptors.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/select.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// A listener on a loopback port whose connections get RecordingProtocols,
// kept in `served`.
struct Server {
    explicit Server(std::unique_ptr<Poller> poller = makeEpollPoller())
        : reactor{std::move(poller)}
    {
        listener->activate();
    }

    Reactor reactor;
    std::vector<std::shared_ptr<RecordingProtocol>> served;
    std::shared_ptr<Listener> listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [this] {
            served.push_back(std::make_shared<RecordingProtocol>());
            return served.back();
        });

    ~Server() { listener->stopListening(); }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    common::FileDescriptor connect() const
    {
        return common::connectTcp("127.0.0.1",
                                  common::boundPort(listener->fileno()));
    }
};

// Reads what is left on a blocking socket whose peer has already closed.
std::string readRest(int fd)
{
    std::string all;
    char chunk[256];
    for (ssize_t n; (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) {
        all.append(chunk, static_cast<std::size_t>(n));
    }
    return all;
}

// Counts the lines of `text`.
std::size_t lines(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count(text.begin(), text.end(), '\n'));
}

} // namespace

// region: emfile-test
TEST_CASE("a listener out of descriptors refuses, then serves the next")
{
    Server server;
    // One client is served first, so that the loop has been down every
    // path once before the shortage. The sanitizers need that too: the
    // first time UBSan checks a type it opens a pipe, which fails while
    // the process has no descriptor to spare.
    common::FileDescriptor early = server.connect();
    REQUIRE(::send(early.get(), "0", 1, 0) == 1);
    turnUntil(server.reactor, [&] {
        return server.served.size() == 1 && server.served[0]->received == "0";
    });
    common::FileDescriptor first = server.connect();
    common::FileDescriptor second = server.connect();
    CapturedStderr err;
    testing::OutOfDescriptors exhausted; // as at `ulimit -n`: accept EMFILE
    // Before the fix, accept's EMFILE ended the loop with an exception.
    turnUntil(server.reactor, [&] { return server.listener->refused() == 2; });
    CHECK(server.served.size() == 1); // nobody new was served
    CHECK(readRest(first.get()).empty()); // each client sees the end now,
    CHECK(readRest(second.get()).empty()); // not after a timeout
    CHECK(err.text().find("Refused a connection: accept: Too many open "
                          "files") == 0);
    CHECK(lines(err.text()) == 1); // said once, not once per connection

    exhausted.free(); // room for the next client's two ends
    exhausted.free();
    common::FileDescriptor third = server.connect();
    REQUIRE(::send(third.get(), "hi", 2, 0) == 2);
    turnUntil(server.reactor, [&] {
        return server.served.size() == 2 && server.served[1]->received == "hi";
    });
    CHECK(server.listener->refused() == 2);
}
// endregion: emfile-test

// The listener of 07 refused such a descriptor itself; now the select
// backend refuses it, and the listener turns that into one refused client.
TEST_CASE("a connection select() could not watch is refused, not served")
{
    Server server{makeSelectPoller()};
    common::FileDescriptor client = server.connect();
    common::FileDescriptor other = server.connect();
    auto high = testing::duplicateAtFdSetSize(client.get());
    if (!high) {
        MESSAGE("skipped: the hard descriptor limit does not go past "
                "FD_SETSIZE");
        return;
    }
    // Every number below FD_SETSIZE is taken, and FD_SETSIZE is freed:
    // the next accept() returns a descriptor that select() cannot watch.
    // Before the fix, the transport made for it ended the loop with
    // std::out_of_range at the next select().
    auto below = testing::fillDescriptorsBelow(FD_SETSIZE);
    high->reset();
    CapturedStderr err;
    turnUntil(server.reactor, [&] { return server.listener->refused() == 2; });
    // The factory made their protocols, but neither was connected.
    REQUIRE(server.served.size() == 2);
    CHECK(server.served[0]->made + server.served[1]->made == 0);
    server.served.clear();
    CHECK(readRest(client.get()).empty());
    REQUIRE(server.listener->unwatchable());
    CHECK(server.listener->unwatchable()->fd() == FD_SETSIZE);
    CHECK(err.text() == "Refused a connection: select() cannot watch "
                        "descriptor " +
                            std::to_string(FD_SETSIZE) + " (FD_SETSIZE is " +
                            std::to_string(FD_SETSIZE) +
                            ") (the server goes on; later refusals like this "
                            "one are not shown)\n");

    below.clear(); // low descriptors again: the next client is served
    common::FileDescriptor next = server.connect();
    REQUIRE(::send(next.get(), "hi", 2, 0) == 2);
    turnUntil(server.reactor, [&] {
        return server.served.size() == 1 && server.served[0]->received == "hi";
    });
}

TEST_CASE("a protocol factory that throws costs one connection")
{
    Reactor reactor;
    int calls = 0;
    std::shared_ptr<RecordingProtocol> made;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&]() -> std::shared_ptr<Protocol> {
            if (++calls == 1) {
                throw std::runtime_error{"no protocol for you"};
            }
            made = std::make_shared<RecordingProtocol>();
            return made;
        });
    listener->activate();
    const auto port = common::boundPort(listener->fileno());
    CapturedStderr err;
    common::FileDescriptor refused = common::connectTcp("127.0.0.1", port);
    turnUntil(reactor, [&] { return listener->refused() == 1; });
    CHECK(readRest(refused.get()).empty());
    CHECK(err.text().find("Refused a connection: the protocol's factory "
                          "threw: no protocol for you") == 0);

    common::FileDescriptor served = common::connectTcp("127.0.0.1", port);
    REQUIRE(::send(served.get(), "hi", 2, 0) == 2);
    turnUntil(reactor, [&] { return made && made->received == "hi"; });
    listener->stopListening();
}

TEST_CASE("a stale wake-up with nothing to accept is not an error")
{
    // Readiness can be stale (another process took the connection, or it
    // was reset in the queue): accept() says EAGAIN, and the listener
    // waits for the next one.
    Server server;
    CHECK_NOTHROW(server.listener->doRead());
    CHECK(server.listener->refused() == 0);
    common::FileDescriptor client = server.connect();
    REQUIRE(::send(client.get(), "hi", 2, 0) == 2);
    turnUntil(server.reactor, [&] {
        return server.served.size() == 1 && server.served[0]->received == "hi";
    });
}
