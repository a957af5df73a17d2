// The poller contract: what the reactor promises on every backend. Written
// once and compiled into the tests of every chapter from 08 on, against
// that chapter's own reactor.hpp (add_chapter(... CONTRACTS poller)). A
// chapter that changes this contract copies the file and says why.
#include "reactor.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

using namespace std::chrono_literals;

namespace {

// One type per backend, so that doctest names the backend of a failure.
struct SelectBackend {
    static std::unique_ptr<Poller> make() { return makeSelectPoller(); }
};
struct PollBackend {
    static std::unique_ptr<Poller> make() { return makePollPoller(); }
};
struct EpollBackend {
    static std::unique_ptr<Poller> make() { return makeEpollPoller(); }
};

// A selectable that counts its calls and runs the test's lambdas.
class Counter : public Selectable {
public:
    explicit Counter(int fd) : fd_{fd} {}
    int fileno() const override { return fd_; }
    void doRead() override
    {
        ++reads;
        if (onRead) {
            onRead();
        }
    }
    void doWrite() override
    {
        ++writes;
        if (onWrite) {
            onWrite();
        }
    }

    int reads = 0;
    int writes = 0;
    std::function<void()> onRead;
    std::function<void()> onWrite;

private:
    int fd_;
};

// A connected pair; `server()` is readable once sendByte() has been called.
struct Pair {
    std::pair<common::FileDescriptor, common::FileDescriptor> sockets =
        common::connectedPair();
    int client() const { return sockets.first.get(); }
    int server() const { return sockets.second.get(); }
    void sendByte() const { REQUIRE(::send(client(), "x", 1, 0) == 1); }
};

// Turns that are not meant to block: a timeout of zero.
void turns(Reactor& reactor, int count)
{
    for (int i = 0; i < count; ++i) {
        reactor.iterate(0ms);
    }
}

} // namespace

#define BACKENDS SelectBackend, PollBackend, EpollBackend

TEST_CASE_TEMPLATE("a reader is called while readable, and never after "
                   "its removal",
                   Backend, BACKENDS)
{
    Pair pair;
    Reactor reactor{Backend::make()};
    auto reader = std::make_shared<Counter>(pair.server());
    reactor.addReader(reader);
    turns(reactor, 2);
    CHECK(reader->reads == 0); // nothing to read yet
    pair.sendByte();
    turns(reactor, 2);
    CHECK(reader->reads == 2); // level-triggered: unread, still ready
    reactor.removeReader(*reader);
    turns(reactor, 2);
    CHECK(reader->reads == 2);
    CHECK(reactor.watched() == 0);
}

TEST_CASE_TEMPLATE("a writer is called while writable, and never after "
                   "its removal",
                   Backend, BACKENDS)
{
    Pair pair;
    Reactor reactor{Backend::make()};
    auto both = std::make_shared<Counter>(pair.server());
    reactor.addReader(both);
    reactor.addWriter(both);
    turns(reactor, 2);
    CHECK(both->writes == 2);
    CHECK(both->reads == 0);
    reactor.removeWriter(*both); // read interest stays
    pair.sendByte();
    turns(reactor, 1);
    CHECK(both->writes == 2);
    CHECK(both->reads == 1);
    CHECK(reactor.watched() == 1);
}

TEST_CASE_TEMPLATE("a selectable removed during a turn is not called in it",
                   Backend, BACKENDS)
{
    Pair first;
    Pair second;
    first.sendByte();
    second.sendByte();
    Reactor reactor{Backend::make()};
    auto one = std::make_shared<Counter>(first.server());
    auto two = std::make_shared<Counter>(second.server());
    // Whichever runs first removes the other, reader and writer.
    one->onRead = [&, &other = *two] {
        reactor.removeReader(other);
        reactor.removeWriter(other);
    };
    two->onRead = [&, &other = *one] {
        reactor.removeReader(other);
        reactor.removeWriter(other);
    };
    for (const auto& counter : {one, two}) {
        reactor.addReader(counter);
        reactor.addWriter(counter);
    }
    turns(reactor, 1);
    CHECK(one->reads + two->reads == 1);
    CHECK(one->writes + two->writes == 1); // only the survivor's
}

// region: reuse-test
TEST_CASE_TEMPLATE("a descriptor closed and reused never gets the old "
                   "one's events",
                   Backend, BACKENDS)
{
    Pair first;
    first.sendByte();
    auto old = std::make_unique<Pair>();
    old->sendByte(); // the old socket is readable in this very turn
    const int number = old->server();
    Reactor reactor{Backend::make()};
    auto closer = std::make_shared<Counter>(first.server());
    auto before = std::make_shared<Counter>(number);
    Pair fresh; // nothing sent: its server end is not readable
    std::shared_ptr<Counter> after;
    closer->onRead = [&] {
        // Ends the old connection the right way (remove, then close),
        // then puts a new socket on the same number and registers it,
        // all in the turn in which the old one was found readable.
        reactor.removeReader(*closer);
        reactor.removeReader(*before);
        old.reset();
        REQUIRE(::dup2(fresh.server(), number) == number);
        after = std::make_shared<Counter>(number);
        reactor.addReader(after);
    };
    reactor.addReader(closer); // the lower number: called first
    reactor.addReader(before);
    REQUIRE(first.server() < number);
    turns(reactor, 3);
    CHECK(before->reads == 0);
    REQUIRE(after);
    CHECK(after->reads == 0); // its socket has nothing to read
    fresh.sendByte();
    turns(reactor, 1);
    CHECK(after->reads == 1);
    reactor.removeReader(*after);
    ::close(number);
}
// endregion: reuse-test

// region: spurious-test
TEST_CASE_TEMPLATE("a spurious wake-up's EAGAIN is harmless", Backend,
                   BACKENDS)
{
    Pair thief; // created first: the lower number, called first
    Pair victim;
    thief.sendByte();
    victim.sendByte();
    common::setNonBlocking(victim.server());
    Reactor reactor{Backend::make()};
    auto stealer = std::make_shared<Counter>(thief.server());
    auto reader = std::make_shared<Counter>(victim.server());
    stealer->onRead = [&] {
        char byte = 0;
        // Takes the victim's byte too, after the poller said it was
        // readable: its reader is woken for nothing.
        ::recv(thief.server(), &byte, 1, 0);
        ::recv(victim.server(), &byte, 1, 0);
    };
    int eagain = 0;
    int bytes = 0;
    reader->onRead = [&] {
        char byte = 0;
        if (::recv(victim.server(), &byte, 1, 0) == 1) {
            ++bytes;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            ++eagain; // not an error: wait for the next readiness
        }
    };
    reactor.addReader(stealer);
    reactor.addReader(reader);
    turns(reactor, 1);
    CHECK(eagain == 1);
    turns(reactor, 2);
    CHECK(reader->reads == 1); // not called again until there is more
    victim.sendByte();
    turns(reactor, 1);
    CHECK(bytes == 1);
}
// endregion: spurious-test

TEST_CASE_TEMPLATE("a turn with nothing ready waits out its timeout",
                   Backend, BACKENDS)
{
    Pair pair;
    Reactor reactor{Backend::make()};
    auto reader = std::make_shared<Counter>(pair.server());
    reactor.addReader(reader);
    // Never early: a lower bound, which no machine's speed can break.
    const auto start = std::chrono::steady_clock::now();
    reactor.iterate(50ms);
    CHECK(std::chrono::steady_clock::now() - start >= 49ms);
    CHECK(reader->reads == 0);
    reactor.iterate(0ms); // zero: a look, not a wait
    CHECK(reader->reads == 0);
}

// region: idle-test
TEST_CASE_TEMPLATE("an idle loop blocks instead of spinning", Backend,
                   BACKENDS)
{
    Pair pair;
    Reactor reactor{Backend::make()};
    auto reader = std::make_shared<Counter>(pair.server());
    reactor.addReader(reader);
    // The byte comes later, from another thread. However long that
    // takes, a loop that blocks turns once; a spinning one many times.
    std::thread sender{[&pair] {
        std::this_thread::sleep_for(100ms);
        pair.sendByte();
    }};
    int turnCount = 0;
    while (reader->reads == 0 && turnCount < 1000) {
        reactor.iterate(); // no timeout: wait for the byte
        ++turnCount;
    }
    sender.join();
    CHECK(turnCount == 1);
}
// endregion: idle-test
