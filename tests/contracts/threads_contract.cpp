// The contract of chapter 15's door into the loop, written once for every
// chapter that has it: callFromThread (Twisted's test_threads.py and
// CallFromThreadTests, libuv's test-async.c) and deferToThread with the
// reactor's pool (test_threads.py, libuv's test-threadpool-cancel.c).
#include "connector.hpp"
#include "defer_to_thread.hpp"
#include "reactor.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

TEST_CASE("threads: calls from several threads all run, on the loop "
          "thread, each thread's in the order it made them")
{
    Reactor reactor;
    const std::thread::id loop = std::this_thread::get_id();
    constexpr int threads = 4;
    constexpr int calls = 250;
    std::vector<std::vector<int>> seen(threads);
    int offLoop = 0;
    int ran = 0;
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t) {
        callers.emplace_back([&, t] {
            for (int i = 0; i < calls; ++i) {
                reactor.callFromThread([&, t, i] {
                    offLoop += std::this_thread::get_id() != loop;
                    seen[static_cast<std::size_t>(t)].push_back(i);
                    if (++ran == threads * calls) {
                        reactor.stop();
                    }
                });
            }
        });
    }
    for (std::thread& caller : callers) {
        caller.join();
    }
    reactor.run();
    CHECK(ran == threads * calls);
    CHECK(offLoop == 0);
    for (const std::vector<int>& order : seen) {
        REQUIRE(order.size() == calls);
        CHECK(std::is_sorted(order.begin(), order.end()));
    }
}

TEST_CASE("threads: nothing runs before run(), and what was queued then "
          "keeps run() from ending as idle")
{
    Reactor reactor;
    bool ran = false;
    std::thread{[&] { reactor.callFromThread([&] { ran = true; }); }}.join();
    CHECK_FALSE(ran);
    reactor.run(); // idle but for the call: it runs, then run() ends
    CHECK(ran);
}

TEST_CASE("threads: a loop blocked with nothing to wake it wakes for a "
          "call from a thread")
{
    Reactor reactor;
    // A reader that never fires and no timer: the poller waits forever.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    struct Never : Selectable {
        int fd;
        explicit Never(int f) : fd{f} {}
        int fileno() const override { return fd; }
        void doRead() override {}
        void doWrite() override {}
    };
    reactor.addReader(std::make_shared<Never>(fds[0]));
    std::thread caller{[&] {
        std::this_thread::sleep_for(50ms); // most likely blocked by now
        reactor.callFromThread([&] { reactor.stop(); });
    }};
    reactor.run(); // returns only if the call woke it
    caller.join();
    ::close(fds[0]);
    ::close(fds[1]);
    CHECK(reactor.turns() >= 1);
}

TEST_CASE("threads: many calls made while the loop sleeps are taken in "
          "one wake-up")
{
    Reactor reactor;
    int ran = 0;
    std::thread{[&] {
        for (int i = 0; i < 1000; ++i) {
            reactor.callFromThread([&] { ++ran; });
        }
    }}.join();
    reactor.iterate(0s);
    CHECK(ran == 1000);
    CHECK(reactor.turns() == 1);
    reactor.iterate(0s); // drained: nothing left to wake it again
    CHECK(ran == 1000);
}

TEST_CASE("threads: a call made from inside a call runs on the next turn")
{
    Reactor reactor;
    std::vector<std::string> order;
    reactor.callFromThread([&] {
        order.push_back("first");
        reactor.callFromThread([&] { order.push_back("nested"); });
    });
    reactor.iterate(0s);
    CHECK(order == std::vector<std::string>{"first"});
    reactor.iterate(0s);
    CHECK(order == std::vector<std::string>{"first", "nested"});
}

TEST_CASE("threads: the pool starts with run() and is joined when it ends")
{
    Reactor reactor;
    ThreadPool& pool = reactor.getThreadPool();
    CHECK_FALSE(pool.started());
    bool startedInRun = false;
    reactor.callWhenRunning([&] {
        startedInRun = pool.started();
        reactor.stop();
    });
    reactor.run();
    CHECK(startedInRun);
    CHECK_FALSE(pool.started());
}

TEST_CASE("threads: deferToThread runs the work off the loop and fires on "
          "it with the result")
{
    Reactor reactor;
    const std::thread::id loop = std::this_thread::get_id();
    std::thread::id worker;
    std::thread::id fired;
    int result = 0;
    deferToThread(reactor, [&] {
        worker = std::this_thread::get_id();
        return 6 * 7;
    }).addCallback([&](int value) {
        fired = std::this_thread::get_id();
        result = value;
        return value;
    });
    reactor.run(); // ends once the result is in: nothing else is owed
    CHECK(result == 42);
    CHECK(worker != loop);
    CHECK(fired == loop);
}

TEST_CASE("threads: what the work throws fails the Deferred")
{
    Reactor reactor;
    std::string error;
    deferToThread(reactor, []() -> int {
        throw std::runtime_error{"the disk is on fire"};
    }).addErrback([&](const Failure& failure) {
        error = failure.what();
        return 0;
    });
    reactor.run();
    CHECK(error.find("the disk is on fire") != std::string::npos);
}

TEST_CASE("threads: cancelling work that still waits for a worker fails it "
          "with CancelledError, and the work never runs")
{
    Reactor reactor;
    ThreadPool& pool = reactor.getThreadPool();
    REQUIRE(pool.size() >= 1);
    // Every worker busy until released, so the next job has to wait.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    for (std::size_t i = 0; i < pool.size(); ++i) {
        deferToThread(reactor, [released] { released.wait(); });
    }
    bool ran = false;
    bool cancelled = false;
    Deferred<void> waiting = deferToThread(reactor, [&] { ran = true; });
    waiting.addErrback([&](const Failure& failure) {
        cancelled = failure.check<CancelledError>().has_value();
    });
    reactor.callWhenRunning([&] {
        waiting.cancel();
        release.set_value();
    });
    reactor.run();
    CHECK(cancelled);
    CHECK_FALSE(ran);
}

TEST_CASE("threads: a host name is looked up in the pool, and an attempt "
          "stopped during the lookup is cancelled, connecting nowhere")
{
    Reactor reactor;
    ThreadPool& pool = reactor.getThreadPool();
    // Work for every worker, so the lookup has to wait in the queue.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    for (std::size_t i = 0; i < pool.size(); ++i) {
        deferToThread(reactor, [released] { released.wait(); });
    }
    std::vector<std::string> failures;
    struct Factory : ClientFactory {
        std::vector<std::string>* failures;
        std::shared_ptr<Protocol> buildProtocol() override
        {
            return nullptr; // never connects
        }
        void clientConnectionFailed(Connector&, const Reason& why) override
        {
            failures->push_back(why.text());
        }
    };
    auto factory = std::make_shared<Factory>();
    factory->failures = &failures;
    const std::size_t busy = pool.queued(); // not started: all wait
    const auto connector = connectTCP(reactor, "localhost", 9, factory);
    CHECK(pool.queued() == busy + 1); // the lookup waits: nothing blocked
    connector->stopConnecting();
    CHECK(failures == std::vector<std::string>{"connect to localhost:9: "
                                               "cancelled"});
    CHECK(pool.queued() == busy);
    release.set_value();
    reactor.run();
    CHECK(failures.size() == 1);
    CHECK(connector->state() == Connector::State::disconnected);
}
