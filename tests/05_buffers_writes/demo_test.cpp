#include "demo.hpp"
#include "reactor.hpp"

#include "big_string.hpp"
#include "watchdog.hpp"

#include "blocked_connect.hpp"

#include <doctest/doctest.h>

#include <iostream>
#include <sstream>
#include <string>

TEST_CASE("a big buffered write marks progress while it copies and fills")
{
    // One turn that copies a message and makes the next, twice as long,
    // takes seconds at a gigabyte: longer than the stall timeout. Marked a
    // slice at a time, a large --memory-limit ends at the cap (exit 4),
    // not in a false "Stalled". Never run, the reactor only keeps the
    // writers; the output goes to a string.
    std::ostringstream output;
    auto* const saved = std::cout.rdbuf(output.rdbuf());
    Demo demo;
    Reactor reactor;
    for (int i = 0; i < 22; ++i) { // messages of 2 B, 4 B, ... 4 MiB
        demo.write(reactor, -1);
    }
    const auto before = common::Watchdog::progressMarks();
    demo.write(reactor, -1); // copies 8 MiB, then fills 16 MiB
    const auto marks = common::Watchdog::progressMarks() - before;
    std::cout.rdbuf(saved);
    CHECK(output.str().find("Client buffering 8388608 bytes to write.") !=
          std::string::npos);
    CHECK(marks >= (8 + 16) * 1024 * 1024 / common::bigStringSlice);
}

TEST_CASE("a client blocked in connect() is described as one")
{
    Demo demo;
    testing::BlockedConnect blocked;
    const std::string story = demo.describe();
    CHECK(story.find("The client was blocked in connect() to 127.0.0.1:" +
                     std::to_string(blocked.port())) == 0);
    CHECK(story.find("The loop") == std::string::npos);
}

TEST_CASE("the Ctrl-C story fits 80 columns, whatever the counts")
{
    std::ostringstream output;
    auto* const saved = std::cout.rdbuf(output.rdbuf());
    Demo demo;
    Reactor reactor;
    for (int i = 0; i < 23; ++i) { // 16,777,214 bytes buffered in all
        demo.write(reactor, -1);
    }
    std::cout.rdbuf(saved);
    const std::string story = demo.describe();
    CHECK(story.find("16,777,214 bytes") != std::string::npos);
    std::istringstream lines{story};
    for (std::string line; std::getline(lines, line);) {
        CHECK(line.size() <= 80);
    }
}
