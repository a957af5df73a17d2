#include "button.hpp"
#include "fake_clock.hpp"
#include "scripted_user.hpp"

#include <doctest/doctest.h>

#include <chrono>

using std::chrono::milliseconds;

TEST_CASE("pressed() says whether the button was clicked since the last look")
{
    FakeClock clock;
    ScriptedUser user{clock, {{"Say Hello", milliseconds{50}}}};
    Button button{"Say Hello", user};
    CHECK(button.label() == "Say Hello");

    CHECK_FALSE(button.pressed());
    clock.sleepFor(milliseconds{70});
    CHECK(button.pressed());
    CHECK(button.clickedAt() == milliseconds{50});
    CHECK_FALSE(button.pressed()); // one click, one press
}

TEST_CASE("runHandler() runs the handler set by onPress()")
{
    FakeClock clock;
    ScriptedUser user{clock, {}};
    Button button{"Say Hello", user};
    button.runHandler(); // no handler yet: nothing happens

    int runs = 0;
    button.onPress([&runs] { ++runs; });
    button.runHandler();
    button.runHandler();
    CHECK(runs == 2);
}
