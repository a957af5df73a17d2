#include "demo.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

TEST_CASE("a client blocked in connect() is described as one, not a server")
{
    Demo demo{100};
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("The server was waiting") == std::string::npos);
}

TEST_CASE("the stall story fits 80 columns, whatever the counts")
{
    Demo demo{1'000'000'000}; // --maximum at its largest
    demo.start();
    const std::string story = demo.describe();
    CHECK(story.find("of its 1,000,000,000 bytes") != std::string::npos);
    std::istringstream lines{story};
    for (std::string line; std::getline(lines, line);) {
        CHECK(line.size() <= 80);
    }
}
