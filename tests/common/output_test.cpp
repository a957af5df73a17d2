#include "output.hpp"

#include <doctest/doctest.h>

TEST_CASE("formatBytes uses binary units with one decimal")
{
    CHECK(common::formatBytes(1) == "1 byte");
    CHECK(common::formatBytes(1023) == "1023 bytes");
    CHECK(common::formatBytes(1536) == "1.5 KiB");
    CHECK(common::formatBytes(256ull * 1024 * 1024) == "256.0 MiB");
}

TEST_CASE("formatBytes picks the unit after rounding to one decimal")
{
    // Just under a power of two rounds up to 1024.0: the next unit says it.
    CHECK(common::formatBytes(1024ull * 1024 - 1) == "1.0 MiB");
    CHECK(common::formatBytes(1024ull * 1024 * 1024 - 1) == "1.0 GiB");
    CHECK(common::formatBytes(1024ull * 1024 * 1024 * 1024 - 1) == "1.0 TiB");
    // Below the rounding point the unit stays.
    CHECK(common::formatBytes(1023ull * 1024 + 900) == "1023.9 KiB");
    // The largest unit has nowhere further to go.
    CHECK(common::formatBytes(1024ull * 1024 * 1024 * 1024 * 1024) ==
          "1024.0 TiB");
}

TEST_CASE("withCommas groups thousands")
{
    CHECK(common::withCommas(0) == "0");
    CHECK(common::withCommas(999) == "999");
    CHECK(common::withCommas(1048576) == "1,048,576");
}

TEST_CASE("formatSeconds keeps three digits below 10 ms and switches to s at 1 s")
{
    CHECK(common::formatSeconds(0.00104) == "1.04 ms");
    CHECK(common::formatSeconds(0.004) == "4 ms");
    CHECK(common::formatSeconds(0.012) == "12 ms");
    CHECK(common::formatSeconds(1.25) == "1.25 s");
}

TEST_CASE("counted makes the noun agree with the count")
{
    CHECK(common::counted(0, "byte") == "0 bytes");
    CHECK(common::counted(1, "round trip") == "1 round trip");
    CHECK(common::counted(2, "round trip") == "2 round trips");
    CHECK(common::counted(65'536, "byte") == "65,536 bytes");
}
