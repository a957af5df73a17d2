// Chapter 09's timers at scale, after libuv's benchmark-million-timers.c.
// Three phases, each on N timers, with deadlines rising 1 ms every 1,000
// (1 ms to N/1,000 ms):
//   cancel: a timer queue arms N calls (ns per timer to arm, bytes per
//           timer), all are cancelled, and one runDue compacts the heap;
//           none may run;
//   fire:   the reactor arms N calls, the first due a little after the
//           arming is over, and runs until all have run, each noting how
//           late it ran on the reactor's monotonic clock (the worst, the
//           worst of the first call of each millisecond, which is the
//           loop's wake-up alone, and how often the kernel preempted the
//           loop meanwhile: lateness on a busy machine is mostly that);
//   ties:   a timer queue on a clock that does not move arms N calls on
//           1,000 deadlines, interleaved, and runs them all: equal
//           deadlines must run in the order they were scheduled.
// Every timer must run exactly once, in deadline order; that is checked,
// not assumed. Prints one JSON line for scripts/bench timers. The bytes
// per timer are what operator new holds once N calls are armed, over N
// (the memory cap's count, which is malloc's usable size of each block:
// the calls, their callbacks and the heap's array, with its spare
// capacity). Fire is CPU time per call run, since its wall time is the
// spread of deadlines. Nothing here is a test: speeds depend on the
// machine.
#include "memory_cap.hpp"
#include "options.hpp"

#include "reactor.hpp"
#include "timer_queue.hpp"

#include <CLI/CLI.hpp>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <vector>

namespace {

using Stopwatch = std::chrono::steady_clock;
using std::chrono::milliseconds;

double nsPerTimer(Stopwatch::time_point start, std::size_t count)
{
    const std::chrono::duration<double, std::nano> took =
        Stopwatch::now() - start;
    return took.count() / static_cast<double>(count);
}

struct Figures {
    double armNs = 0;
    double fireNs = 0;
    double cancelNs = 0;
    double compactNs = 0;
    double bytesPerTimer = 0;
    double worstLatenessMs = 0;
    double worstWakeMs = 0;
    long preempted = 0;
    bool firedOnce = true;
    bool inDeadlineOrder = true;
    bool tiesInOrder = true;
    bool cancelledNeverFired = true;
};

// What the callbacks of the fire phase share, behind one pointer: a
// lambda holding a pointer and an index fits inside std::function, so
// the figures are the queue's and not extra allocations of ours.
struct FireLog {
    Reactor& reactor;
    std::vector<std::uint32_t> order;     // indices, in the order run
    std::vector<Time> ranAt;              // by index
};

// The one checker of a run's order: `order` holds indices in the order
// they ran, `deadlines` each index's deadline.
void checkOrder(const std::vector<std::uint32_t>& order,
                const std::vector<Time>& deadlines, bool& once,
                bool& inDeadlineOrder, bool& tiesInOrder)
{
    std::vector<bool> seen(deadlines.size());
    once = order.size() == deadlines.size();
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::uint32_t i = order[k];
        once = once && !seen[i];
        seen[i] = true;
        if (k == 0) {
            continue;
        }
        const std::uint32_t before = order[k - 1];
        inDeadlineOrder = inDeadlineOrder && deadlines[before] <= deadlines[i];
        tiesInOrder =
            tiesInOrder && (deadlines[before] != deadlines[i] || before < i);
    }
}

double cpuSeconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) +
           static_cast<double>(now.tv_nsec) / 1e9;
}

long involuntarySwitches()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_nivcsw;
}

milliseconds spreadDelay(std::size_t i)
{
    return milliseconds{1 + static_cast<long>(i / 1000)};
}

// Arms `count` calls on a queue (the arm figure and the bytes per timer),
// cancels them all, and compacts the heap with one runDue.
void armAndCancel(std::size_t count, Figures& figures)
{
    TimerQueue queue;
    std::vector<DelayedCall> calls;
    calls.reserve(count);
    std::size_t ran = 0;
    const std::size_t before = common::memory::inUse();
    const auto arming = Stopwatch::now();
    for (std::size_t i = 0; i < count; ++i) {
        calls.push_back(queue.callLater(spreadDelay(i), [&ran] { ++ran; }));
    }
    figures.armNs = nsPerTimer(arming, count);
    figures.bytesPerTimer =
        static_cast<double>(common::memory::inUse() - before) /
        static_cast<double>(count);

    const auto cancelling = Stopwatch::now();
    for (DelayedCall& call : calls) {
        call.cancel();
    }
    figures.cancelNs = nsPerTimer(cancelling, count);
    const auto compacting = Stopwatch::now();
    ran += queue.runDue(queue.now() + std::chrono::hours{24});
    figures.compactNs = nsPerTimer(compacting, count);
    figures.cancelledNeverFired =
        ran == 0 && queue.pending() == 0 && queue.stale() == 0;
}

// How late the calls ran. The 1,000 calls of a millisecond are due
// together and run one after another, so the last of them is late by the
// loop's wake-up and by the 999 callbacks before it; the first of them
// is late by the wake-up alone (the poller's timeout, rounded up to whole
// milliseconds, and the scheduler). Both are reported: the target is on
// the worst, which is the lateness a callback sees.
void latenesses(const std::vector<Time>& ranAt,
                const std::vector<Time>& deadlines, Figures& figures)
{
    using Ms = std::chrono::duration<double, std::milli>;
    for (std::size_t first = 0; first < ranAt.size(); first += 1000) {
        const std::size_t end = std::min(first + 1000, ranAt.size());
        double earliest = Ms{ranAt[first] - deadlines[first]}.count();
        for (std::size_t i = first; i < end; ++i) {
            const double late = Ms{ranAt[i] - deadlines[i]}.count();
            earliest = std::min(earliest, late);
            figures.worstLatenessMs = std::max(figures.worstLatenessMs, late);
        }
        figures.worstWakeMs = std::max(figures.worstWakeMs, earliest);
    }
}

// The reactor runs `count` calls due from `lead` after the first is armed,
// so that no deadline passes while the others are still being armed (a
// call due before run() starts is late by the arming, not by the loop).
void fire(std::size_t count, Time::duration lead, Figures& figures)
{
    Reactor reactor;
    FireLog log{reactor, {}, std::vector<Time>(count)};
    log.order.reserve(count);
    std::vector<DelayedCall> calls;
    calls.reserve(count);
    const Time first = reactor.seconds() + lead;
    for (std::size_t i = 0; i < count; ++i) {
        calls.push_back(reactor.callLater(
            first + spreadDelay(i) - reactor.seconds(),
            [log = &log, index = static_cast<std::uint32_t>(i)] {
                log->order.push_back(index);
                log->ranAt[index] = log->reactor.seconds();
            }));
    }
    // CPU time, not wall time: the wall time is the 1 s spread.
    const double cpuBefore = cpuSeconds();
    const long switchesBefore = involuntarySwitches();
    reactor.run(); // returns when no call is left
    // A loop that waits for its CPU is late for reasons of the machine's,
    // not the reactor's: on a busy machine this count explains the worst.
    figures.preempted = involuntarySwitches() - switchesBefore;
    figures.fireNs =
        (cpuSeconds() - cpuBefore) * 1e9 / static_cast<double>(count);

    std::vector<Time> deadlines(count);
    for (std::size_t i = 0; i < count; ++i) {
        deadlines[i] = calls[i].getTime();
    }
    latenesses(log.ranAt, deadlines, figures);
    checkOrder(log.order, deadlines, figures.firedOnce,
               figures.inDeadlineOrder, figures.tiesInOrder);
}

void ties(std::size_t count, Figures& figures)
{
    const Time start{};
    TimerQueue queue{[start] { return start; }};
    std::vector<std::uint32_t> order;
    order.reserve(count);
    std::vector<Time> deadlines(count);
    for (std::size_t i = 0; i < count; ++i) {
        // 1,000 deadlines, each taken by every 1,000th call.
        deadlines[i] = start + milliseconds{static_cast<long>(i % 1000)};
        queue.schedule(deadlines[i],
                       [&order, index = static_cast<std::uint32_t>(i)] {
                           order.push_back(index);
                       });
    }
    queue.runDue(start + std::chrono::hours{24});
    bool once = true;
    bool inOrder = true;
    checkOrder(order, deadlines, once, inOrder, figures.tiesInOrder);
    figures.firedOnce = figures.firedOnce && once;
    figures.inDeadlineOrder = figures.inDeadlineOrder && inOrder;
}

double peakResidentMiB()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024; // KiB on Linux
}

void print(std::size_t count, const Figures& f)
{
    const auto flag = [](bool value) { return value ? "true" : "false"; };
    std::printf(
        "{\"timers\": %zu, \"spread\": \"1-%zu ms\", "
        "\"arm_ns_per_timer\": %.1f, \"fire_cpu_ns_per_timer\": %.1f, "
        "\"cancel_ns_per_timer\": %.1f, \"compact_ns_per_timer\": %.1f, "
        "\"bytes_per_timer\": %.1f, \"worst_lateness_ms\": %.3f, "
        "\"worst_wake_lateness_ms\": %.3f, \"preempted_while_firing\": %ld, "
        "\"peak_rss_mib\": %.1f, \"fired_once\": %s, "
        "\"in_deadline_order\": %s, \"ties_in_order\": %s, "
        "\"cancelled_never_fired\": %s}\n",
        count, 1 + (count - 1) / 1000, f.armNs, f.fireNs, f.cancelNs,
        f.compactNs, f.bytesPerTimer, f.worstLatenessMs, f.worstWakeMs,
        f.preempted, peakResidentMiB(),
        flag(f.firedOnce), flag(f.inDeadlineOrder), flag(f.tiesInOrder),
        flag(f.cancelledNeverFired));
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Chapter 09's timers at scale; prints one JSON line",
                 "bench_timers_09"};
    std::size_t count = 1000000;
    common::addCountOption(app, "--timers", count, std::size_t{1},
                           std::size_t{100000000}, "How many timers");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        std::fprintf(stderr, "bench_timers_09: %s\n", error.what());
        return 2;
    }
    try {
        Figures figures;
        armAndCancel(count, figures);
        // Twice the time arming took, and 100 ms more: ample.
        const auto lead = std::chrono::duration_cast<Time::duration>(
            std::chrono::duration<double, std::nano>(
                2 * figures.armNs * static_cast<double>(count)) +
            milliseconds{100});
        fire(count, lead, figures);
        ties(count, figures);
        print(count, figures);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_timers_09: %s\n", error.what());
        return 1;
    }
    return 0;
}
