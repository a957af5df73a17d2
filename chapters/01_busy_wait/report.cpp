#include "report.hpp"

#include "error.hpp"
#include "output.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using Seconds = std::chrono::duration<double>;
using Millis = std::chrono::duration<double, std::milli>;

std::string format(const char* pattern, double value)
{
    char text[32];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string millis(Duration d)
{
    return format("%.2f ms", Millis{d}.count());
}

// "12 ms", "2.00 s".
std::string seconds(Duration d)
{
    return common::formatSeconds(Seconds{d}.count());
}

// "56%", or "0.2%" when it is small.
std::string percent(Duration part, Duration whole)
{
    const double value =
        whole > Duration::zero() ? 100 * Seconds{part} / Seconds{whole} : 0;
    return format(value < 10 ? "%.1f%%" : "%.0f%%", value);
}

void printCost(std::ostream& out, const LoopStats& stats, Duration cpu)
{
    const auto clicks = stats.reactions.size();
    out << "What the waiting cost:\n";
    out << "  polls      " << common::withCommas(stats.polls) << " for "
        << clicks << " clicks";
    if (clicks > 0) {
        out << ": 1 poll in " << common::withCommas(stats.polls / clicks)
            << " found one";
    }
    out << "\n  wall time  " << seconds(stats.wall) << '\n';
    out << "  CPU time   " << seconds(cpu) << ", " << percent(cpu, stats.wall)
        << " of the wall time\n";
}

// The longest and the mean reaction delay of a run.
struct Delays {
    Duration longest{};
    Duration mean{};
};

Delays summarize(const std::vector<Reaction>& reactions)
{
    Delays delays;
    Duration total{};
    for (const Reaction& reaction : reactions) {
        delays.longest = std::max(delays.longest, reaction.delay());
        total += reaction.delay();
    }
    if (!reactions.empty()) {
        delays.mean = total / static_cast<Duration::rep>(reactions.size());
    }
    return delays;
}

void printDelays(std::ostream& out, const LoopStats& stats)
{
    out << "Reaction delay, from each click to its handler:\n";
    for (const Reaction& reaction : stats.reactions) {
        out << "  " << reaction.label << "  clicked at "
            << format("%.2f s", Seconds{reaction.clickedAt}.count())
            << ", handled " << millis(reaction.delay()) << " later\n";
    }
    const Delays delays = summarize(stats.reactions);
    out << "  max " << millis(delays.longest) << ", mean "
        << millis(delays.mean) << '\n';
}

void printVerdict(std::ostream& out, const LoopStats& stats, Duration cpu,
                  Duration sleep)
{
    const std::string busy = percent(cpu, stats.wall);
    if (sleep == Duration::zero()) {
        out << "No sleep: the loop was on the CPU for " << busy
            << " of the run, and all but " << stats.reactions.size()
            << " of\nits " << common::withCommas(stats.polls)
            << " polls found nothing. Try --sleep-ms 20 for the other "
               "side.\n";
    } else {
        const auto napMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(sleep);
        out << "A " << napMs.count() << " ms sleep per round: the loop was "
            << "on the CPU for " << busy << " of the run,\nbut a click "
            << "can wait up to a whole sleep before the loop looks (the\n"
            << "longest wait here: "
            << millis(summarize(stats.reactions).longest) << ").\n";
    }
    out << "Better: let the OS wake the loop when something happens. That "
           "is select(),\nin chapter 02.\n";
}

} // namespace

// region: cpuTime
Duration cpuTime()
{
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) < 0) {
        common::throwSystemError("getrusage");
    }
    const auto toDuration = [](const timeval& t) {
        return std::chrono::seconds{t.tv_sec} +
               std::chrono::microseconds{t.tv_usec};
    };
    return toDuration(usage.ru_utime) + toDuration(usage.ru_stime);
}
// endregion: cpuTime

void printReport(std::ostream& out, const LoopStats& stats, Duration cpu,
                 Duration sleep)
{
    out << '\n';
    printCost(out, stats, cpu);
    printDelays(out, stats);
    out << '\n';
    printVerdict(out, stats, cpu, sleep);
}
