#include "demo.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("a client blocked in connect() is described as one, not a server")
{
    Demo demo{Settings{}};
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("The server was waiting") == std::string::npos);
}
