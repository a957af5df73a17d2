// Signals delivered on the loop thread (asyncio's test_events.py:
// test_signal_handling_while_selecting, test_add_signal_handler) and the
// shutdown triggers (Twisted's test_core.py: test_stopShutDownEvents).
#include "deferred.hpp"
#include "reactor.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

TEST_CASE("signals: SIGALRM arriving while the loop blocks in its poller "
          "runs the handler once, on the loop thread")
{
    Reactor reactor;
    const std::thread::id loop = std::this_thread::get_id();
    int calls = 0;
    bool onLoop = false;
    reactor.addSignalHandler(SIGALRM, [&] {
        ++calls;
        onLoop = std::this_thread::get_id() == loop;
        reactor.stop();
    });
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    struct Never : Selectable {
        int fd;
        explicit Never(int f) : fd{f} {}
        int fileno() const override { return fd; }
        void doRead() override {}
        void doWrite() override {}
    };
    reactor.addReader(std::make_shared<Never>(fds[0])); // block, no timer
    itimerval timer{};
    timer.it_value.tv_usec = 10'000; // once, 10 ms from now
    REQUIRE(::setitimer(ITIMER_REAL, &timer, nullptr) == 0);
    reactor.run();
    CHECK(calls == 1);
    CHECK(onLoop);
    CHECK(reactor.removeSignalHandler(SIGALRM));
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST_CASE("signals: SIGKILL, SIGSTOP and signals that do not exist are "
          "refused")
{
    Reactor reactor;
    CHECK_THROWS_AS(reactor.addSignalHandler(SIGKILL, [] {}),
                    std::invalid_argument);
    CHECK_THROWS_AS(reactor.addSignalHandler(SIGSTOP, [] {}),
                    std::invalid_argument);
    CHECK_THROWS_AS(reactor.addSignalHandler(0, [] {}), std::invalid_argument);
    CHECK_THROWS_AS(reactor.addSignalHandler(NSIG, [] {}),
                    std::invalid_argument);
    CHECK_FALSE(reactor.removeSignalHandler(SIGUSR1));
}

namespace {
int usr2Before = 0;
extern "C" void countUsr2(int) { ++usr2Before; }
} // namespace

TEST_CASE("signals: removing a handler gives the signal back its "
          "disposition from before")
{
    struct sigaction mine {};
    mine.sa_handler = countUsr2;
    sigemptyset(&mine.sa_mask);
    struct sigaction saved {};
    REQUIRE(::sigaction(SIGUSR2, &mine, &saved) == 0);
    {
        Reactor reactor;
        reactor.addSignalHandler(SIGUSR2, [] {});
        struct sigaction during {};
        ::sigaction(SIGUSR2, nullptr, &during);
        CHECK((during.sa_handler != countUsr2));
        CHECK(reactor.removeSignalHandler(SIGUSR2));
    }
    struct sigaction after {};
    ::sigaction(SIGUSR2, nullptr, &after);
    CHECK((after.sa_handler == countUsr2));
    ::raise(SIGUSR2);
    CHECK(usr2Before == 1);
    ::sigaction(SIGUSR2, &saved, nullptr);
}

TEST_CASE("shutdown: triggers run after stop() returns, before, during and "
          "after in turn, and a 'before' trigger's Deferred is waited for")
{
    Reactor reactor;
    std::vector<std::string> order;
    Deferred<void> flushed;
    reactor.addSystemEventTrigger(Reactor::Phase::after, "shutdown",
                                  [&] { order.push_back("after"); });
    reactor.addSystemEventTrigger(Reactor::Phase::during, "shutdown",
                                  [&] { order.push_back("during"); });
    reactor.addSystemEventTrigger(Reactor::Phase::before, "shutdown", [&] {
        order.push_back("before");
        // The flush takes a turn or two of the loop still running.
        reactor.callLater(0s, [&] {
            order.push_back("flushed");
            flushed.callback();
        });
        return flushed;
    });
    reactor.callWhenRunning([&] {
        reactor.stop();
        order.push_back("stop returned");
    });
    reactor.run();
    CHECK(order == std::vector<std::string>{"stop returned", "before",
                                            "flushed", "during", "after"});
}

TEST_CASE("shutdown: a removed trigger does not run, and only 'shutdown' "
          "is an event")
{
    Reactor reactor;
    bool ran = false;
    const auto id = reactor.addSystemEventTrigger(
        Reactor::Phase::during, "shutdown", [&] { ran = true; });
    CHECK(reactor.removeSystemEventTrigger(id));
    CHECK_FALSE(reactor.removeSystemEventTrigger(id));
    CHECK_THROWS_AS(reactor.addSystemEventTrigger(Reactor::Phase::before,
                                                  "startup", [] {}),
                    std::invalid_argument);
    reactor.callWhenRunning([&] { reactor.stop(); });
    reactor.run();
    CHECK_FALSE(ran);
}
