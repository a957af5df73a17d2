#include "mainloop.hpp"
#include "report.hpp"

#include "text.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>

using std::chrono::milliseconds;

using testing::contains;

namespace {

// A run made up for the report: four clicks, handled 0, 10, 20 and 10 ms
// late, in two seconds on the loop's clock.
LoopStats madeUpRun(std::uint64_t polls)
{
    LoopStats stats;
    stats.polls = polls;
    stats.rounds = polls / 2;
    stats.wall = milliseconds{2000};
    int late = 0;
    for (const int lateMs : {0, 10, 20, 10}) {
        const Duration at = milliseconds{500 * ++late};
        stats.reactions.push_back({"Say Hello", at, at + milliseconds{lateMs}});
    }
    return stats;
}

std::string reportOf(const LoopStats& stats, Duration cpu, Duration sleep)
{
    std::ostringstream out;
    printReport(out, stats, cpu, sleep);
    return out.str();
}

} // namespace

TEST_CASE("the report counts the polls and the ones that found a click")
{
    const std::string text =
        reportOf(madeUpRun(10'000'000), milliseconds{1900}, Duration::zero());
    CHECK(contains(text, "polls      10,000,000 for 4 clicks: "
                         "1 poll in 2,500,000 found one"));
    CHECK(contains(text, "all but 4 of\nits 10,000,000 polls found nothing"));
}

TEST_CASE("the report sets CPU time against wall time")
{
    const std::string busy =
        reportOf(madeUpRun(10'000'000), milliseconds{1900}, Duration::zero());
    CHECK(contains(busy, "wall time  2.00 s\n"));
    CHECK(contains(busy, "CPU time   1.90 s, 95% of the wall time\n"));
    CHECK(contains(busy, "No sleep: the loop was on the CPU for 95%"));

    const std::string napping =
        reportOf(madeUpRun(200), milliseconds{4}, milliseconds{20});
    CHECK(contains(napping, "CPU time   4 ms, 0.2% of the wall time\n"));
    CHECK(contains(napping, "A 20 ms sleep per round: the loop was on the "
                            "CPU for 0.2% of the run"));
}

TEST_CASE("the report gives each click's delay, the longest and the mean")
{
    const std::string text =
        reportOf(madeUpRun(200), milliseconds{4}, milliseconds{20});
    CHECK(contains(text, "  Say Hello  clicked at 0.50 s, handled 0.00 ms "
                         "later\n"));
    CHECK(contains(text, "  Say Hello  clicked at 1.50 s, handled 20.00 ms "
                         "later\n"));
    CHECK(contains(text, "  max 20.00 ms, mean 10.00 ms\n"));
    CHECK(contains(text, "the\nlongest wait here: 20.00 ms)"));
}

TEST_CASE("a report of a run without clicks or time does not divide by zero")
{
    const std::string text =
        reportOf(LoopStats{}, Duration::zero(), Duration::zero());
    CHECK(contains(text, "polls      0 for 0 clicks\n"));
    CHECK(contains(text, "0.0% of the wall time"));
    CHECK(contains(text, "max 0.00 ms, mean 0.00 ms"));
}

TEST_CASE("CPU time never runs backwards")
{
    const Duration before = cpuTime();
    CHECK(before >= Duration::zero());
    CHECK(cpuTime() >= before);
}
