// The timers' contract, continued: time in the reactor. Where the poller's
// timeout comes from (a poller that records it stands in for the kernel),
// callSoon and callWhenRunning, stop() and run(), and the real poller
// serving I/O while timers keep firing.
#include "clock.hpp"
#include "looping_call.hpp"
#include "reactor.hpp"

#include "descriptors.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <chrono>
#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

// A poller that watches nothing and records what each wait was given.
class RecordingPoller : public Poller {
public:
    explicit RecordingPoller(std::vector<std::optional<nanoseconds>>& waits)
        : waits_{waits}
    {
    }
    std::string_view name() const override { return "recording"; }
    void add(int, Interest) override {}
    void modify(int, Interest) override {}
    void remove(int) override {}
    std::vector<ReadyDescriptor>
    wait(std::optional<nanoseconds> timeout) override
    {
        waits_.push_back(timeout);
        return {};
    }
    std::size_t watched() const override { return 0; }

private:
    std::vector<std::optional<nanoseconds>>& waits_;
};

// A reactor on a fake clock and a recording poller.
struct FakeReactor {
    Clock clock;
    std::vector<std::optional<nanoseconds>> waits;
    Reactor reactor{std::make_unique<RecordingPoller>(waits),
                    [this] { return clock.seconds(); }};
};

// A selectable that counts its reads and drains its socket.
class Reader : public Selectable {
public:
    explicit Reader(int fd) : fd_{fd} {}
    int fileno() const override { return fd_; }
    void doRead() override
    {
        char byte = 0;
        if (::recv(fd_, &byte, 1, 0) == 1) {
            ++reads;
        }
    }
    void doWrite() override {}
    int reads = 0;

private:
    int fd_;
};

// A reader that holds the loop for 300 ms of its fake clock.
class SlowReader : public Reader {
public:
    SlowReader(int fd, Clock& clock) : Reader{fd}, clock_{clock} {}
    void doRead() override
    {
        Reader::doRead();
        clock_.advance(300ms);
    }

private:
    Clock& clock_;
};

} // namespace

TEST_SUITE("timers contract: the reactor")
{

TEST_CASE("with no timers the poller waits with no timeout")
{
    FakeReactor fake;
    fake.reactor.iterate();
    CHECK(fake.waits == std::vector<std::optional<nanoseconds>>{
                            std::nullopt});
}

// region: timeout-test
TEST_CASE("the poller's timeout is the time to the next deadline")
{
    FakeReactor fake;
    fake.reactor.callLater(50s, [] {});
    DelayedCall soonest = fake.reactor.callLater(10s, [] {});
    fake.reactor.callLater(100s, [] {});
    fake.reactor.iterate();
    CHECK(fake.waits.back() == milliseconds{10s});

    soonest.cancel();
    fake.clock.advance(25s); // time passes outside the loop
    fake.reactor.iterate();
    CHECK(fake.waits.back() == milliseconds{25s});
}
// endregion: timeout-test

TEST_CASE("the timeout is not rounded to milliseconds, and a caller's "
          "shorter limit wins")
{
    FakeReactor fake;
    fake.reactor.callLater(1500us, [] {});
    fake.reactor.iterate();
    CHECK(fake.waits.back() == 1500us); // 2 ms would make the call late
    fake.reactor.iterate(1ms);
    CHECK(fake.waits.back() == 1ms);
}

TEST_CASE("each backend's system call gets as fine a timeout as it takes")
{
    const timespec spec = timeoutSpec(1500us);
    CHECK(spec.tv_sec == 0);
    CHECK(spec.tv_nsec == 1'500'000);
    const timeval val = timeoutVal(2s + 1ns); // select(): microseconds, up
    CHECK(val.tv_sec == 2);
    CHECK(val.tv_usec == 1);
    CHECK(timeoutMilliseconds(1500us) == 2); // epoll_wait(): whole ms, up
    CHECK(timeoutMilliseconds(std::nullopt) == -1);
    CHECK(timeoutSpec(-5s).tv_sec == 0); // a past deadline: only look
}

TEST_CASE("after the last timer is cancelled the poller waits again with "
          "no timeout")
{
    FakeReactor fake;
    DelayedCall only = fake.reactor.callLater(1s, [] {});
    only.cancel();
    fake.reactor.iterate();
    CHECK(fake.waits.back() == std::nullopt);
}

TEST_CASE("a due timer or a soon call makes the poller only look")
{
    FakeReactor fake;
    fake.reactor.callLater(-1s, [] {});
    fake.reactor.iterate();
    CHECK(fake.waits.back() == 0ms);
    fake.reactor.callSoon([] {});
    fake.reactor.callLater(1h, [] {});
    fake.reactor.iterate();
    CHECK(fake.waits.back() == 0ms);
}

TEST_CASE("a deadline years away is a finite wait the poller can take")
{
    FakeReactor fake;
    fake.reactor.callLater(Duration::max(), [] {});
    fake.reactor.iterate();
    REQUIRE(fake.waits.back());
    CHECK(*fake.waits.back() > 24h * 365 * 100);
    CHECK(timeoutMilliseconds(fake.waits.back()) == INT_MAX);
    CHECK(timeoutSpec(*fake.waits.back()).tv_sec == INT_MAX / 1000);
}

TEST_CASE("timed calls run after the turn's I/O, on the reactor's clock")
{
    FakeReactor fake;
    fake.clock.advance(100s);
    std::vector<std::string> log;
    DelayedCall call =
        fake.reactor.callLater(5s, [&] { log.push_back("timer"); });
    CHECK(call.getTime() == Time{} + 105s);
    fake.reactor.iterate();
    CHECK(log.empty());
    fake.clock.advance(5s);
    fake.reactor.iterate();
    CHECK(log == std::vector<std::string>{"timer"});
}

TEST_CASE("callSoon is first in, first out, and never inside its caller")
{
    FakeReactor fake;
    std::vector<std::string> log;
    fake.reactor.callSoon([&] {
        log.push_back("a");
        fake.reactor.callSoon([&] { log.push_back("c"); });
    });
    fake.reactor.callSoon([&] { log.push_back("b"); });
    CHECK(log.empty());
    fake.reactor.iterate();
    CHECK(log == std::vector<std::string>{"a", "b"});
    fake.reactor.iterate();
    CHECK(log == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("callWhenRunning calls run in order, and only once run() starts")
{
    FakeReactor fake;
    std::vector<int> log;
    fake.reactor.callWhenRunning([&] { log.push_back(1); });
    fake.reactor.callWhenRunning([&] { log.push_back(2); });
    fake.reactor.iterate();
    CHECK(log.empty());
    fake.reactor.run();
    CHECK(log == std::vector<int>{1, 2});
}

TEST_CASE("run() ends once nothing is left to wait for, timers included")
{
    FakeReactor fake;
    int fired = 0;
    fake.reactor.callLater(0s, [&] {
        ++fired;
        fake.reactor.callLater(0s, [&] { ++fired; });
    });
    fake.reactor.run();
    CHECK(fired == 2);
    CHECK(!fake.reactor.running());
}

TEST_CASE("stop() ends run() after the current turn")
{
    FakeReactor fake;
    LoopingCall forever{fake.reactor, [] {}};
    forever.start(0s);
    int turns = 0;
    LoopingCall counter{fake.reactor, [&] {
                            if (++turns == 3) {
                                fake.reactor.stop();
                            }
                        }};
    counter.start(0s);
    fake.reactor.run();
    CHECK(turns == 3);
}

TEST_CASE("stop() when not running, a second stop(), and run() inside run() "
          "are errors")
{
    FakeReactor fake;
    CHECK_THROWS_AS(fake.reactor.stop(), ReactorNotRunning);

    bool secondStopThrew = false;
    bool nestedRunThrew = false;
    fake.reactor.callWhenRunning([&] {
        try {
            fake.reactor.run();
        } catch (const ReactorAlreadyRunning&) {
            nestedRunThrew = true;
        }
        fake.reactor.stop();
        try {
            fake.reactor.stop();
        } catch (const ReactorNotRunning&) {
            secondStopThrew = true;
        }
    });
    fake.reactor.callLater(1h, [] {}); // something to keep it running
    fake.reactor.run();
    CHECK(nestedRunThrew);
    CHECK(secondStopThrew);
    CHECK_THROWS_AS(fake.reactor.stop(), ReactorNotRunning);
}

TEST_CASE("a callback that throws is reported and the loop goes on")
{
    FakeReactor fake;
    std::vector<std::string> reports;
    fake.reactor.runner().setExceptionHandler(
        [&](std::string_view name, std::exception_ptr error) {
            reports.push_back(std::string{name} + ": " +
                              CallbackRunner::describe(error));
        });
    int after = 0;
    fake.reactor.callSoon([] { throw std::runtime_error{"soon"}; }, "s");
    fake.reactor.callLater(0s, [] { throw std::runtime_error{"later"}; },
                           "l");
    fake.reactor.callLater(0s, [&] { ++after; });
    fake.reactor.run();
    CHECK(reports == std::vector<std::string>{"s: std::runtime_error: soon",
                                              "l: std::runtime_error: later"});
    CHECK(after == 1);
}

TEST_CASE("the real poller: a timer that re-arms itself with no delay runs "
          "once a turn, and I/O is still served")
{
    auto [client, server] = common::connectedPair();
    Reactor reactor; // epoll, the monotonic clock
    auto reader = std::make_shared<Reader>(server.get());
    reactor.addReader(reader);

    int fired = 0;
    std::function<void()> rearm = [&] {
        ++fired;
        reactor.callLater(0s, rearm);
    };
    reactor.callLater(0s, rearm);
    for (int turn = 1; turn <= 5; ++turn) {
        REQUIRE(::send(client.get(), "x", 1, 0) == 1);
        reactor.iterate(); // never blocks: a timer is always due
        CHECK(fired == turn);
        CHECK(reader->reads == turn);
    }
    reactor.removeReader(*reader);
}

TEST_CASE("the real poller: a timer years away does not hold up a ready "
          "socket")
{
    auto [client, server] = common::connectedPair();
    Reactor reactor;
    auto reader = std::make_shared<Reader>(server.get());
    reactor.addReader(reader);
    reactor.callLater(Duration::max(), [] {});
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    reactor.iterate();
    CHECK(reader->reads == 1);
    reactor.removeReader(*reader);
}

TEST_CASE("debug mode names a slow timed call and a slow I/O handler")
{
    auto [client, server] = common::connectedPair();
    Clock clock;
    Reactor reactor{makeEpollPoller(), [&] { return clock.seconds(); }};
    std::vector<std::string> slow;
    reactor.runner().setDebug(true, 100ms);
    reactor.runner().setSlowCallbackHandler(
        [&](std::string_view name, Duration held) {
            slow.push_back(std::string{name} + " " +
                           std::to_string(held / 1ms));
        });
    auto reader = std::make_shared<SlowReader>(server.get(), clock);
    reactor.addReader(reader);
    reactor.callLater(0s, [&] { clock.advance(200ms); }, "the slow timer");
    REQUIRE(::send(client.get(), "x", 1, 0) == 1);
    reactor.iterate();
    REQUIRE(slow.size() == 2);
    CHECK(slow[0].find("SlowReader::doRead on descriptor") == 0);
    CHECK(slow[0].ends_with(" 300"));
    CHECK(slow[1] == "the slow timer 200");
    reactor.removeReader(*reader);
}

} // TEST_SUITE
