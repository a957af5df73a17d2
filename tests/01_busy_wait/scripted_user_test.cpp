#include "fake_clock.hpp"
#include "scripted_user.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using std::chrono::milliseconds;

TEST_CASE("a person clicks about one interval apart, never in step")
{
    const std::vector<std::string> labels(40, "Say Hello");
    const std::vector<Click> clicks = humanClicks(labels, milliseconds{400});
    REQUIRE(clicks.size() == labels.size());
    Duration previous{};
    std::vector<Duration> gaps;
    for (const Click& click : clicks) {
        const Duration gap = click.at - previous;
        CHECK(gap >= milliseconds{300}); // the interval, give or take
        CHECK(gap <= milliseconds{500}); // a quarter
        gaps.push_back(gap);
        previous = click.at;
    }
    // On average, the interval; and not the same gap twice in a row.
    CHECK(clicks.back().at / 40 >= milliseconds{390});
    CHECK(clicks.back().at / 40 <= milliseconds{410});
    for (std::size_t i = 1; i < gaps.size(); ++i) {
        CHECK(gaps[i] != gaps[i - 1]);
    }
}

TEST_CASE("a person clicks the buttons in the order given, the same each run")
{
    const std::vector<std::string> labels{"Say Hello", "Say World",
                                          "Say Hello"};
    const std::vector<Click> clicks = humanClicks(labels, milliseconds{100});
    const std::vector<Click> again = humanClicks(labels, milliseconds{100});
    REQUIRE(clicks.size() == 3);
    for (std::size_t i = 0; i < clicks.size(); ++i) {
        CHECK(clicks[i].label == labels[i]);
        CHECK(clicks[i].at == again[i].at);
    }
}

TEST_CASE("a click can be taken once, by its button, once it has landed")
{
    FakeClock clock;
    ScriptedUser user{clock, {{"Say Hello", milliseconds{100}}}};

    clock.sleepFor(milliseconds{99});
    CHECK_FALSE(user.takeClick("Say Hello")); // not yet

    clock.sleepFor(milliseconds{1});
    CHECK_FALSE(user.takeClick("Say World")); // not that button
    CHECK_FALSE(user.finished());

    const auto taken = user.takeClick("Say Hello");
    REQUIRE(taken);
    CHECK(*taken == milliseconds{100}); // when it landed, not when seen
    CHECK(user.finished());
    CHECK_FALSE(user.takeClick("Say Hello")); // only once
}

TEST_CASE("clicks are taken in the order of the script")
{
    FakeClock clock;
    ScriptedUser user{clock,
                      {{"Say World", milliseconds{10}},
                       {"Say Hello", milliseconds{20}},
                       {"Say World", milliseconds{30}}}};
    clock.sleepFor(milliseconds{100}); // all three have landed

    // Say World's second click waits until Say Hello's has been taken.
    CHECK(user.takeClick("Say World") == milliseconds{10});
    CHECK_FALSE(user.takeClick("Say World"));
    CHECK(user.takeClick("Say Hello") == milliseconds{20});
    CHECK(user.takeClick("Say World") == milliseconds{30});
    CHECK(user.finished());
}

TEST_CASE("an empty script is finished from the start")
{
    FakeClock clock;
    ScriptedUser user{clock, {}};
    CHECK(user.finished());
    CHECK_FALSE(user.takeClick("Say Hello"));
}
