#include "demo.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <sstream>
#include <string>

TEST_CASE("a client blocked in connect() is described as one")
{
    Demo demo;
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("select()") == std::string::npos);
}

TEST_CASE("the blocked-in-send() story fits 80 columns, whatever the counts")
{
    // A petabyte: more than any memory cap lets a message grow to, since
    // the cap never passes 3/4 of the machine's free memory.
    constexpr std::size_t petabyte = std::size_t{1} << 50;
    for (const std::size_t taken : {std::size_t{0}, petabyte - 1}) {
        const std::string story =
            blockedInSendall(petabyte, taken, petabyte - 2, petabyte - 2);
        CAPTURE(story);
        CHECK(story.find("for a message of 1,125,899,906,842,624 bytes") !=
              std::string::npos);
        CHECK((story.find("sent so far") != std::string::npos) ==
              (taken > 0));
        std::istringstream lines{story};
        for (std::string line; std::getline(lines, line);) {
            CHECK(line.size() <= 80);
        }
    }
}
