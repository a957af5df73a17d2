// The timers' contract, written once and compiled into the tests of every
// chapter from 09 on against that chapter's headers: DelayedCall, the
// TimerQueue under it, the fake Clock, LoopingCall and the CallbackRunner
// that reports what callbacks throw. Everything runs on a fake clock, so
// no test sleeps and none depends on the machine's speed.
#include "callback_runner.hpp"
#include "clock.hpp"
#include "delayed_call.hpp"
#include "looping_call.hpp"
#include "reactor_time.hpp"
#include "timer_queue.hpp"

#include "process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <new>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Records which callbacks ran, in order.
struct Log {
    std::vector<std::string> calls;
    std::function<void()> add(std::string name)
    {
        return [this, name] { calls.push_back(name); };
    }
};

// Collects what a runner reports instead of printing it.
struct Failures {
    std::vector<std::string> lines;
    void watch(CallbackRunner& runner)
    {
        runner.setExceptionHandler(
            [this](std::string_view name, std::exception_ptr error) {
                lines.push_back(std::string{name} + ": " +
                                CallbackRunner::describe(error));
            });
    }
};

Time at(Duration sinceZero)
{
    return Time{} + sinceZero;
}

} // namespace

TEST_SUITE("timers contract")
{

TEST_CASE("callLater(0) never runs inside callLater, and runs on the next "
          "turn")
{
    Clock clock;
    Log log;
    clock.callLater(0s, log.add("f"));
    CHECK(log.calls.empty());
    clock.advance(0s);
    CHECK(log.calls == std::vector<std::string>{"f"});
}

TEST_CASE("a call scheduled by a running call for now waits for the next "
          "turn")
{
    Clock clock;
    Log log;
    clock.callLater(0s, [&] {
        log.calls.push_back("first");
        clock.callLater(0s, log.add("second"));
    });
    clock.advance(0s);
    CHECK(log.calls == std::vector<std::string>{"first"});
    clock.advance(0s);
    CHECK(log.calls == std::vector<std::string>{"first", "second"});
}

TEST_CASE("a cancelled call never runs")
{
    Clock clock;
    Log log;
    DelayedCall call = clock.callLater(1s, log.add("f"));
    call.cancel();
    clock.pump({1s, 1s});
    CHECK(log.calls.empty());
    CHECK(!call.active());
}

TEST_CASE("cancelling twice is AlreadyCancelled; after or during the call, "
          "AlreadyCalled")
{
    Clock clock;
    DelayedCall cancelled = clock.callLater(1s, [] {});
    cancelled.cancel();
    CHECK_THROWS_AS(cancelled.cancel(), AlreadyCancelled);
    CHECK_THROWS_AS(cancelled.reset(1s), AlreadyCancelled);
    CHECK_THROWS_AS(cancelled.delay(1s), AlreadyCancelled);

    DelayedCall ran = clock.callLater(1s, [] {});
    DelayedCall self;
    bool threwInside = false;
    self = clock.callLater(1s, [&] {
        try {
            self.cancel();
        } catch (const AlreadyCalled&) {
            threwInside = true;
        }
    });
    clock.advance(1s);
    CHECK(threwInside);
    CHECK_THROWS_AS(ran.cancel(), AlreadyCalled);
    CHECK_THROWS_AS(ran.reset(1s), AlreadyCalled);
}

TEST_CASE("a handle on no call is inactive, and using it is an error")
{
    DelayedCall none;
    CHECK(!none.active());
    CHECK_THROWS_AS(none.cancel(), std::logic_error);
    CHECK_THROWS_AS(none.getTime(), std::logic_error);
}

TEST_CASE("active() until the call runs; getDelayedCalls lists exactly the "
          "pending calls")
{
    Clock clock;
    DelayedCall first = clock.callLater(1s, [] {});
    DelayedCall second = clock.callLater(2s, [] {});
    DelayedCall third = clock.callLater(3s, [] {});
    third.cancel();
    CHECK(first.active());
    auto pending = clock.getDelayedCalls();
    CHECK(pending.size() == 2);
    CHECK(std::count(pending.begin(), pending.end(), first) == 1);
    CHECK(std::count(pending.begin(), pending.end(), second) == 1);

    clock.advance(1s);
    CHECK(!first.active());
    CHECK(first.getTime() == at(1s)); // a spent handle still answers
    CHECK(clock.getDelayedCalls() ==
          std::vector<DelayedCall>{second});
}

TEST_CASE("getTime is the clock's time plus the delay")
{
    Clock clock;
    clock.advance(100s);
    CHECK(clock.callLater(5s, [] {}).getTime() == at(105s));
}

TEST_CASE("reset moves a call later or sooner, and the order follows")
{
    Clock clock;
    Log log;
    DelayedCall a = clock.callLater(1s, log.add("a"));
    clock.callLater(2s, log.add("b"));
    DelayedCall c = clock.callLater(3s, log.add("c"));

    a.reset(5s); // later: after c
    c.reset(500ms); // sooner: first
    CHECK(a.getTime() == at(5s));
    clock.pump({1s, 1s, 1s, 1s, 1s});
    CHECK(log.calls == std::vector<std::string>{"c", "b", "a"});
}

TEST_CASE("reset measures from now, not from the original scheduling")
{
    Clock clock;
    Log log;
    DelayedCall call = clock.callLater(2s, log.add("f"));
    clock.advance(1s);
    call.reset(2s);
    clock.advance(1s);
    CHECK(log.calls.empty());
    clock.advance(1s);
    CHECK(log.calls == std::vector<std::string>{"f"});
}

TEST_CASE("delay shifts a deadline either way")
{
    Clock clock;
    Log log;
    DelayedCall a = clock.callLater(2s, log.add("a"));
    DelayedCall b = clock.callLater(3s, log.add("b"));
    a.delay(2s);
    b.delay(-2s);
    CHECK(a.getTime() == at(4s));
    CHECK(b.getTime() == at(1s));
    clock.pump({1s, 1s, 1s, 1s});
    CHECK(log.calls == std::vector<std::string>{"b", "a"});
}

TEST_CASE("a reset inside another call keeps the calls in deadline order")
{
    Clock clock;
    Log log;
    DelayedCall late = clock.callLater(3s, log.add("late"));
    clock.callLater(1s, [&] {
        log.calls.push_back("first");
        late.reset(500ms); // due at 1.5 s: before "middle"
    });
    clock.callLater(2s, log.add("middle"));
    clock.advance(1s);
    clock.advance(500ms);
    clock.advance(500ms);
    CHECK(log.calls ==
          std::vector<std::string>{"first", "late", "middle"});
}

TEST_CASE("equal deadlines fire in the order they were scheduled")
{
    Clock clock;
    Log log;
    clock.callLater(1s, log.add("a"));
    clock.callLater(1s, log.add("b"));
    clock.callLater(1s, log.add("c"));
    clock.advance(1s);
    CHECK(log.calls == std::vector<std::string>{"a", "b", "c"});

    // Swapping the scheduling order swaps the firing order.
    clock.callLater(1s, log.add("c"));
    clock.callLater(1s, log.add("b"));
    clock.callLater(1s, log.add("a"));
    clock.advance(1s);
    CHECK(log.calls ==
          std::vector<std::string>{"a", "b", "c", "c", "b", "a"});
}

TEST_CASE("a thousand calls on one deadline, scheduled among others, keep "
          "their order")
{
    // Equal keys are where a heap without a tie-breaker shuffles.
    Clock clock;
    std::vector<int> fired;
    std::mt19937 random{8};
    std::uniform_int_distribution<int> noise{0, 3};
    for (int i = 0; i < 1000; ++i) {
        clock.callLater(2s, [&fired, i] { fired.push_back(i); });
        clock.callLater(std::chrono::seconds{noise(random)}, [] {});
    }
    clock.pump({1s, 1s});
    REQUIRE(fired.size() == 1000);
    CHECK(std::is_sorted(fired.begin(), fired.end()));
}

TEST_CASE("random deadlines fire in deadline order, each once")
{
    Clock clock;
    std::mt19937 random{9};
    std::uniform_int_distribution<std::int64_t> delay{0, 1'000'000};
    std::vector<Time> fired;
    for (int i = 0; i < 10'000; ++i) {
        const Duration d{delay(random)};
        clock.callLater(d, [&fired, &clock] {
            fired.push_back(clock.seconds());
        });
    }
    for (int step = 0; step < 1000; ++step) {
        clock.advance(1us);
    }
    CHECK(fired.size() == 10'000);
    CHECK(std::is_sorted(fired.begin(), fired.end()));
}

TEST_CASE("negative delays run as zero would, earliest deadline first")
{
    Clock clock;
    Log log;
    clock.advance(10s);
    clock.callLater(0s, log.add("zero"));
    DelayedCall a = clock.callLater(-1s, log.add("a"));
    clock.callLater(-2s, log.add("b"));
    CHECK(a.getTime() == at(9s));
    CHECK(log.calls.empty()); // not inside callLater, as with zero
    clock.advance(0s);
    CHECK(log.calls == std::vector<std::string>{"b", "a", "zero"});
}

TEST_CASE("a call never fires before its deadline")
{
    Clock clock;
    Log log;
    clock.callLater(1s, log.add("f"));
    clock.advance(1s - 1ns);
    CHECK(log.calls.empty());
    clock.advance(1ns);
    CHECK(log.calls == std::vector<std::string>{"f"});
}

TEST_CASE("on the monotonic clock, a call runs no earlier than its deadline")
{
    TimerQueue queue; // monotonic by default
    Time ranAt{};
    const DelayedCall call =
        queue.callLater(2ms, [&] { ranAt = monotonicSeconds(); });
    // Spin on runDue as a loop would; the bound is only a hang guard.
    const Time giveUp = monotonicSeconds() + 10s;
    while (call.active() && monotonicSeconds() < giveUp) {
        queue.runDue(monotonicSeconds());
    }
    REQUIRE(!call.active());
    CHECK(ranAt >= call.getTime());
}

TEST_CASE("a delay too long to represent means never, not the past")
{
    Clock clock;
    clock.advance(1h);
    Log log;
    const DelayedCall call = clock.callLater(Duration::max(), log.add("f"));
    CHECK(call.getTime() == Time::max());
    clock.advance(24h * 365 * 100);
    CHECK(log.calls.empty());
    CHECK(deadlineAfter(at(5s), -3s) == at(2s));
    CHECK(deadlineAfter(Time::min() + 1s, -2s) == Time::min());
    CHECK(deadlineAfter(Time::max() - 1s, 2s) == Time::max());
}

TEST_CASE("cancelled calls are compacted away once they outnumber live ones")
{
    TimerQueue queue{[] { return Time{}; }};
    std::vector<DelayedCall> calls;
    for (int i = 0; i < 200; ++i) {
        calls.push_back(queue.callLater(1s, [] {}));
    }
    for (int i = 0; i < 150; ++i) {
        calls[static_cast<std::size_t>(i)].cancel();
    }
    CHECK(queue.pending() == 50);
    CHECK(queue.stale() == 150); // cancelling alone removes nothing
    queue.runDue(Time{}); // nothing is due; the turn compacts
    CHECK(queue.stale() == 0);
    CHECK(queue.pending() == 50);
}

TEST_CASE("a few cancelled calls are left for the heap to skip")
{
    TimerQueue queue{[] { return Time{}; }};
    std::vector<DelayedCall> calls;
    for (int i = 0; i < 200; ++i) {
        calls.push_back(queue.callLater(1s, [] {}));
    }
    for (int i = 0; i < 40; ++i) {
        calls[static_cast<std::size_t>(i)].cancel();
    }
    queue.runDue(Time{});
    CHECK(queue.stale() == 40); // compacting would cost more than it saves
    CHECK(queue.nextDeadline() == at(1s));
}

TEST_CASE("a call refuses a reference past its record's 14-bit count")
{
    TimerQueue queue{[] { return Time{}; }};
    const DelayedCall call = queue.callLater(1s, [] {}); // 2: handle, entry
    std::vector<DelayedCall> copies(16381, call);          // 16,383 in all
    CHECK_THROWS_AS(copies.push_back(call), std::overflow_error);
    copies.clear();
    CHECK(call.active()); // the count came back down
}

TEST_CASE("moved calls leave stale entries that are compacted too")
{
    Clock clock;
    DelayedCall call = clock.callLater(1s, [] {});
    for (int i = 0; i < 100; ++i) {
        call.reset(1s); // an idle timeout pushed back by every read
    }
    CHECK(clock.getDelayedCalls().size() == 1);
    clock.advance(0s);
    CHECK(clock.getDelayedCalls().size() == 1);
    CHECK(call.active());
}

TEST_CASE("the next deadline skips cancelled calls; none when nothing waits")
{
    TimerQueue queue{[] { return Time{}; }};
    CHECK(!queue.nextDeadline());
    DelayedCall soon = queue.callLater(1s, [] {});
    queue.callLater(3s, [] {});
    soon.cancel();
    CHECK(queue.nextDeadline() == at(3s));
}

TEST_CASE("a queue that goes away leaves its handles cancelled, not "
          "dangling")
{
    DelayedCall call;
    {
        TimerQueue queue{[] { return Time{}; }};
        call = queue.callLater(1s, [] {});
    }
    CHECK(!call.active());
    CHECK_THROWS_AS(call.cancel(), AlreadyCancelled);
    CHECK(call.getTime() == at(1s));
}

TEST_CASE("a callback that throws is reported by name, and the next one "
          "runs")
{
    Clock clock;
    Failures failures;
    failures.watch(clock.runner());
    Log log;
    clock.callLater(1s, [] { throw std::runtime_error{"boom"}; }, "bomb");
    clock.callLater(1s, log.add("next"));
    clock.advance(1s);
    CHECK(failures.lines ==
          std::vector<std::string>{"bomb: std::runtime_error: boom"});
    CHECK(log.calls == std::vector<std::string>{"next"});
    CHECK(clock.runner().failures() == 1);
}

TEST_CASE("something thrown that is not a std::exception is reported too")
{
    Clock clock;
    Failures failures;
    failures.watch(clock.runner());
    clock.callLater(0s, [] { throw 42; }, "odd");
    clock.advance(0s);
    CHECK(failures.lines == std::vector<std::string>{
                                "odd: something that is not a "
                                "std::exception"});
}

TEST_CASE("out of memory is not a callback's failure: it goes on up")
{
    Clock clock;
    clock.callLater(0s, [] { throw std::bad_alloc{}; });
    CHECK_THROWS_AS(clock.advance(0s), std::bad_alloc);
}

TEST_CASE("the default report names the callback and what it threw")
{
    const auto result = testing::runInChild([] {
        Clock clock;
        clock.callLater(0s, [] { throw std::invalid_argument{"bad"}; },
                        "the nightly job");
        clock.advance(0s);
        return 0;
    });
    CHECK(result.exitCode == 0);
    CHECK(result.output == "Unhandled error in the nightly job: "
                           "std::invalid_argument: bad\n");
}

TEST_CASE("an exception handler that throws is reported, not fatal")
{
    const auto result = testing::runInChild([] {
        Clock clock;
        clock.runner().setExceptionHandler(
            [](std::string_view, std::exception_ptr) {
                throw std::runtime_error{"handler broke"};
            });
        int ran = 0;
        clock.callLater(0s, [] { throw std::runtime_error{"boom"}; },
                        "bomb");
        clock.callLater(0s, [&] { ++ran; });
        clock.advance(0s);
        return ran == 1 ? 0 : 1;
    });
    CHECK(result.exitCode == 0);
    CHECK(result.output ==
          "Unhandled error in the exception handler: std::runtime_error: "
          "handler broke\n"
          "Unhandled error in bomb: std::runtime_error: boom\n");
}

TEST_CASE("debug mode reports a callback that holds the loop past the "
          "threshold")
{
    // The runner times callbacks on a fake clock that the callbacks move.
    Time now{};
    CallbackRunner runner{[&] { return now; }};
    Failures failures;
    failures.watch(runner);
    std::vector<std::string> slow;
    runner.setDebug(true, 100ms);
    runner.setSlowCallbackHandler([&](std::string_view name, Duration held) {
        slow.push_back(std::string{name} + " " + std::to_string(held / 1ms));
    });
    runner.run("slow one", [&] { now += 150ms; });
    runner.run("quick one", [&] { now += 50ms; });
    runner.run("thrower", [&] {
        now += 200ms;
        throw std::runtime_error{"late and wrong"};
    });
    CHECK(slow == std::vector<std::string>{"slow one 150", "thrower 200"});
    CHECK(failures.lines.size() == 1);

    runner.setDebug(false);
    runner.run("unwatched", [&] { now += 150ms; });
    CHECK(slow.size() == 2);
}

TEST_CASE("debug mode's default report names the callback and the time")
{
    const auto result = testing::runInChild([] {
        Time now{};
        CallbackRunner runner{[&] { return now; }};
        runner.setDebug(true);
        runner.run("the slow handler", [&] { now += 250ms; });
        return 0;
    });
    CHECK(result.output ==
          "Slow callback: the slow handler held the loop for 250 ms\n");
}

// region: looping-test
TEST_CASE("LoopingCall skips the intervals it missed")
{
    Clock clock;
    std::vector<Time> times;
    LoopingCall loop{clock, [&] { times.push_back(clock.seconds()); }};
    loop.start(500ms);
    clock.advance(2s);
    clock.advance(1s);
    CHECK(times == std::vector<Time>{at(0s), at(2s), at(3s)});
}
// endregion: looping-test

TEST_CASE("a 10 ms LoopingCall after a 25 ms stall runs once, not twice")
{
    Clock clock;
    int calls = 0;
    LoopingCall loop{clock, [&] { ++calls; }};
    loop.start(10ms, false);
    clock.advance(25ms);
    CHECK(calls == 1);
    clock.advance(5ms); // back on the grid: 30 ms
    CHECK(calls == 2);
}

TEST_CASE("LoopingCall keeps to its grid when calls come on time")
{
    Clock clock;
    std::vector<Time> times;
    LoopingCall loop{clock, [&] { times.push_back(clock.seconds()); }};
    loop.start(1s, false);
    CHECK(times.empty());
    clock.pump({1s, 1s, 1s});
    CHECK(times == std::vector<Time>{at(1s), at(2s), at(3s)});
}

TEST_CASE("LoopingCall.stop leaves nothing scheduled, even from inside")
{
    Clock clock;
    int calls = 0;
    LoopingCall loop{clock, [&] { ++calls; }};
    loop.start(1s);
    CHECK(clock.getDelayedCalls().size() == 1);
    loop.stop();
    CHECK(!loop.running());
    CHECK(clock.getDelayedCalls().empty());

    LoopingCall* self = nullptr;
    LoopingCall selfStopping{clock, [&] { self->stop(); }};
    self = &selfStopping;
    selfStopping.start(1s);
    CHECK(!selfStopping.running());
    CHECK(clock.getDelayedCalls().empty());
}

TEST_CASE("LoopingCall refuses a negative interval, a second start and a "
          "stop when stopped")
{
    Clock clock;
    LoopingCall loop{clock, [] {}};
    CHECK_THROWS_AS(loop.start(-1s), std::invalid_argument);
    CHECK_THROWS_AS(loop.stop(), std::logic_error);
    loop.start(1s);
    CHECK_THROWS_AS(loop.start(1s), std::logic_error);
}

TEST_CASE("a failing LoopingCall stops that loop only, and says so")
{
    Clock clock;
    Failures failures;
    failures.watch(clock.runner());
    int calls = 0;
    LoopingCall failing{clock,
                        [&] {
                            if (++calls == 2) {
                                throw std::runtime_error{"tired"};
                            }
                        },
                        "the report"};
    int otherCalls = 0;
    LoopingCall other{clock, [&] { ++otherCalls; }};
    failing.start(1s);
    other.start(1s);
    clock.pump({1s, 1s});
    CHECK(calls == 2);
    CHECK(!failing.running());
    CHECK(other.running());
    CHECK(otherCalls == 3);
    CHECK(failures.lines ==
          std::vector<std::string>{"the report: std::runtime_error: tired "
                                   "(the report has stopped)"});
}

TEST_CASE("a LoopingCall destroyed while running leaves nothing behind")
{
    Clock clock;
    {
        LoopingCall loop{clock, [] {}};
        loop.start(1s);
    }
    CHECK(clock.getDelayedCalls().empty());
    clock.advance(1s); // nothing dangling runs
}

} // TEST_SUITE
