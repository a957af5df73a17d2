// The output limits on the fake clock: a member is cut past the hard
// limit at once, or above the soft limit for the set time without a break.
#include "chat_policy.hpp"
#include "chat_room.hpp"
#include "clock.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace std::chrono_literals;

namespace {

OutputLimits smallLimits()
{
    OutputLimits limits;
    limits.hard = 1000;
    limits.soft = 100;
    limits.softFor = 10s;
    return limits;
}

} // namespace

TEST_CASE("the policy keeps a queue at or below the soft limit for ever")
{
    Clock clock;
    OutputPolicy policy{smallLimits()};
    for (int i = 0; i < 100; ++i) {
        CHECK(policy.check(100, clock.seconds()) == Verdict::keep);
        clock.advance(1s);
    }
}

TEST_CASE("the policy cuts past the hard limit at once")
{
    Clock clock;
    OutputPolicy policy{smallLimits()};
    CHECK(policy.check(1000, clock.seconds()) == Verdict::keep);
    CHECK(policy.check(1001, clock.seconds()) == Verdict::overHard);
    CHECK(policy.explain(Verdict::overHard) ==
          "its queue passed the hard limit (1000 bytes)");
}

TEST_CASE("the policy cuts above the soft limit once the time has passed, "
          "not before")
{
    Clock clock;
    OutputPolicy policy{smallLimits()};
    CHECK(policy.check(101, clock.seconds()) == Verdict::keep);
    clock.advance(9s);
    CHECK(policy.check(500, clock.seconds()) == Verdict::keep);
    clock.advance(999ms);
    CHECK(policy.check(500, clock.seconds()) == Verdict::keep);
    clock.advance(1ms);
    CHECK(policy.check(500, clock.seconds()) == Verdict::overSoftTooLong);
    CHECK(policy.explain(Verdict::overSoftTooLong) ==
          "its queue stayed above the soft limit (100 bytes) for 10.00 s");
}

TEST_CASE("a break at or below the soft limit starts the soft time again")
{
    Clock clock;
    OutputPolicy policy{smallLimits()};
    CHECK(policy.check(200, clock.seconds()) == Verdict::keep);
    clock.advance(8s);
    CHECK(policy.check(100, clock.seconds()) == Verdict::keep); // a break
    clock.advance(1s);
    CHECK(policy.check(200, clock.seconds()) == Verdict::keep);
    clock.advance(9s);
    CHECK(policy.check(200, clock.seconds()) == Verdict::keep);
    clock.advance(1s);
    CHECK(policy.check(200, clock.seconds()) == Verdict::overSoftTooLong);
}

TEST_CASE("the room cuts a member over the soft limit for too long, tells "
          "the others, and drops what it was owed")
{
    Clock clock;
    ChatSettings settings;
    settings.limits = smallLimits();
    ChatRoom room{clock, settings};
    auto slow = room.join("slow");
    auto talker = room.join("talker");
    bool aborted = false;
    slow->onCut = [&aborted] { aborted = true; };
    // Nobody takes from the queues: slow's passes 100 bytes with the
    // third message, at 2 s, and stays above.
    for (int i = 0; i < 12; ++i) {
        room.say(*talker, std::string(20, 'x'));
        clock.advance(1s);
    }
    CHECK(slow->inRoom);
    CHECK(slow->queuedBytes > 100);
    room.say(*talker, "one more");
    CHECK_FALSE(slow->inRoom);
    CHECK(aborted);
    REQUIRE(room.cutOff().size() == 1);
    CHECK(room.cutOff()[0].nickname == "slow");
    CHECK(room.cutOff()[0].reason ==
          "its queue stayed above the soft limit (100 bytes) for 10.00 s");
    CHECK(room.cutOff()[0].at == clock.seconds());
    CHECK(slow->queuedBytes == 0);
    REQUIRE(slow->outbox.size() == 1); // only the end for its sender
    CHECK(slow->outbox.getNowait().empty());
    // The talker was told; the room goes on without the slow member.
    std::string last;
    while (!talker->outbox.empty()) {
        last = talker->outbox.getNowait();
    }
    CHECK(last == "* slow was cut off: its queue stayed above the soft "
                  "limit (100 bytes) for 10.00 s\n");
    CHECK(room.size() == 1);
}

TEST_CASE("the room cuts past the hard limit at once, whatever the time")
{
    Clock clock;
    ChatSettings settings;
    settings.limits = smallLimits();
    ChatRoom room{clock, settings};
    auto slow = room.join("slow");
    auto talker = room.join("talker");
    room.say(*talker, std::string(950, 'x')); // over soft, not hard
    CHECK(slow->inRoom);
    CHECK(slow->peakQueued > 100);
    room.say(*talker, "tips it over");
    CHECK_FALSE(slow->inRoom);
    CHECK(room.cutOff().at(0).reason ==
          "its queue passed the hard limit (1000 bytes)");
    CHECK(room.cutOff().at(0).peakQueued > 1000);
}

TEST_CASE("what a member's sender takes no longer counts against it")
{
    Clock clock;
    ChatSettings settings;
    settings.limits = smallLimits();
    ChatRoom room{clock, settings};
    auto reader = room.join("reader");
    auto talker = room.join("talker");
    for (int i = 0; i < 100; ++i) {
        room.say(*talker, std::string(50, 'x'));
        while (!reader->outbox.empty()) {
            room.taken(*reader, reader->outbox.getNowait());
        }
        clock.advance(1s);
    }
    CHECK(reader->inRoom);
    CHECK(reader->queuedBytes == 0);
    CHECK(room.delivered() >= 100);
    CHECK(room.cutOff().empty());
}
