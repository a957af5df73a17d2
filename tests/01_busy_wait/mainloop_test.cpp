#include "button.hpp"
#include "fake_clock.hpp"
#include "mainloop.hpp"
#include "scripted_user.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

// The chapter's two buttons and a loop over them, on a fake clock. Each
// handler writes its button's label into `handled`.
struct Screen {
    Screen(Duration tick, std::vector<Click> script, Duration sleep)
        : clock{tick}, user{clock, std::move(script)}, loop{clock, user, sleep}
    {
        for (Button* button : {&hello, &world}) {
            button->onPress(
                [this, button] { handled.push_back(button->label()); });
            loop.addButton(*button);
        }
    }

    LoopStats run()
    {
        loop.run();
        return loop.stats();
    }

    FakeClock clock;
    ScriptedUser user;
    Button hello{"Say Hello", user};
    Button world{"Say World", user};
    Mainloop loop;
    std::vector<std::string> handled;
};

const std::string H = "Say Hello";
const std::string W = "Say World";

// Clicks exactly `interval` apart, for sums a reader can check by hand.
std::vector<Click> metronome(const std::vector<std::string>& labels,
                             Duration interval)
{
    std::vector<Click> clicks;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        clicks.push_back({labels[i], interval * static_cast<int>(i + 1)});
    }
    return clicks;
}

// A busy loop needs time to pass while it looks: a microsecond a reading.
constexpr microseconds lookCost{1};

std::vector<Duration> delaysOf(const LoopStats& stats)
{
    std::vector<Duration> delays;
    for (const Reaction& reaction : stats.reactions) {
        delays.push_back(reaction.delay());
    }
    return delays;
}

} // namespace

TEST_CASE("the handlers run in click order, one run per click")
{
    const std::vector<std::string> clicks{H, W, W, H, W};
    Screen screen{lookCost, humanClicks(clicks, milliseconds{100}),
                  Duration::zero()};
    const LoopStats stats = screen.run();
    CHECK(screen.handled == clicks);
    REQUIRE(stats.reactions.size() == clicks.size());
    for (std::size_t i = 0; i < clicks.size(); ++i) {
        CHECK(stats.reactions[i].label == clicks[i]);
        CHECK(stats.reactions[i].clickedAt == screen.user.script()[i].at);
    }
}

TEST_CASE("the loop ends when the script is finished")
{
    Screen empty{lookCost, {}, Duration::zero()};
    const LoopStats none = empty.run();
    CHECK(none.polls == 0);
    CHECK(none.reactions.empty());

    Screen one{Duration::zero(), {{H, milliseconds{100}}}, milliseconds{40}};
    one.run();
    CHECK(one.user.finished());
    CHECK(one.handled == std::vector<std::string>{H});
}

TEST_CASE("a busy loop asks every button every round and never sleeps")
{
    Screen screen{lookCost, humanClicks({H, W, H}, milliseconds{100}),
                  Duration::zero()};
    const LoopStats stats = screen.run();
    CHECK(stats.polls == 2 * stats.rounds);
    CHECK(screen.clock.sleeps() == 0);
    // Three polls found a click; the many thousands of others, nothing.
    CHECK(stats.polls > 1000 * stats.reactions.size());
    CHECK(screen.loop.pollsSoFar() == stats.polls);
    CHECK(screen.loop.clicksHandled() == 3);
}

TEST_CASE("a busy loop's polls grow with the time it waits")
{
    Screen shortWait{lookCost, metronome({H, W}, milliseconds{100}),
                     Duration::zero()};
    Screen longWait{lookCost, metronome({H, W}, milliseconds{200}),
                    Duration::zero()};
    const auto polls = static_cast<double>(shortWait.run().polls);
    const auto pollsTwiceAsLong = static_cast<double>(longWait.run().polls);
    CHECK(pollsTwiceAsLong == doctest::Approx(2 * polls).epsilon(0.01));
}

TEST_CASE("a busy loop reacts as soon as it looks")
{
    Screen screen{lookCost, humanClicks({H, W, H}, milliseconds{100}),
                  Duration::zero()};
    for (const Duration delay : delaysOf(screen.run())) {
        CHECK(delay <= 10 * lookCost); // a few readings of the clock
    }
}

// region: sleep_test
TEST_CASE("a sleep between rounds: few polls, reactions up to a sleep late")
{
    // Clicks land at 100, 200 and 300 ms; the loop looks at 0, 30, 60, ...
    // ms, so it sees them at 120, 210 and 300 ms.
    Screen screen{Duration::zero(), metronome({H, W, H}, milliseconds{100}),
                  milliseconds{30}};
    const LoopStats stats = screen.run();
    CHECK(screen.handled == std::vector<std::string>{H, W, H});
    CHECK(stats.rounds == 11); // at 0, 30, ..., 300 ms
    CHECK(stats.polls == 22);
    CHECK(screen.clock.sleeps() == 11);
    CHECK(stats.wall == milliseconds{330}); // with the last round's sleep
    CHECK(delaysOf(stats) == std::vector<Duration>{milliseconds{20},
                                                   milliseconds{10},
                                                   milliseconds{0}});
}
// endregion: sleep_test

TEST_CASE("clicks that land during one sleep are handled in click order")
{
    // Looks at 0, 250 and 500 ms: the first look after the sleep finds the
    // clicks of 100 and 200 ms, the next one the click of 300 ms.
    Screen screen{Duration::zero(), metronome({H, W, H}, milliseconds{100}),
                  milliseconds{250}};
    const LoopStats stats = screen.run();
    CHECK(screen.handled == std::vector<std::string>{H, W, H});
    CHECK(delaysOf(stats) == std::vector<Duration>{milliseconds{150},
                                                   milliseconds{50},
                                                   milliseconds{200}});
}

TEST_CASE("the trade: the shorter the sleep, the more polls, the less delay")
{
    const std::vector<std::string> clicks{H, W, H, W, H, W, H};
    std::uint64_t previousPolls = 0;
    // Sleeps shorter than the gaps between clicks (97 ms, give or take a
    // quarter), longest first.
    for (const int sleepMs : {70, 40, 10, 3, 1}) {
        CAPTURE(sleepMs);
        const Duration sleep = milliseconds{sleepMs};
        Screen screen{Duration::zero(), humanClicks(clicks, milliseconds{97}),
                      sleep};
        const LoopStats stats = screen.run();
        CHECK(screen.handled == clicks);

        // A click waits less than one sleep: the loop looks after each.
        for (const Duration delay : delaysOf(stats)) {
            CHECK(delay >= Duration::zero());
            CHECK(delay < sleep);
        }
        // One round per sleep until the round that took the last click.
        const Duration lastLook = stats.reactions.back().handledAt;
        CHECK(stats.rounds == static_cast<std::uint64_t>(lastLook / sleep) + 1);
        CHECK(stats.polls == 2 * stats.rounds);

        CHECK(stats.polls > previousPolls);
        previousPolls = stats.polls;
    }
}
