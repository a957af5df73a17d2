// Chapter 11's transformation step, the Twisted Introduction's
// "cummingsify": a poem in lower case, or, for a seeded share of the
// poems, a CannotCummingsify that carries the poem as it came.
#include "cummingsify.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <stdexcept>
#include <string>

TEST_CASE("cummingsify writes the poem in lower case")
{
    const Cummingsifier never{1, 0.0};
    CHECK(never(1, "Shall I Compare Thee\nTO a SUMMER'S day?\n") ==
          "shall i compare thee\nto a summer's day?\n");
}

TEST_CASE("a poem chosen to fail throws CannotCummingsify, which carries "
          "the poem untouched and says why")
{
    const Cummingsifier always{7, 1.0};
    try {
        always(2, "The Ecstasy");
        FAIL("a failure rate of 1 fails every poem");
    } catch (const CannotCummingsify& error) {
        CHECK(error.poem == "The Ecstasy");
        CHECK(std::string{error.what()} ==
              "cummingsify failed on purpose (--seed 7, --failure-rate 1)");
    }
}

TEST_CASE("which poems fail depends on the seed and the poem's number "
          "alone, and their share on the rate")
{
    const Cummingsifier one{1, 0.33};
    const Cummingsifier again{1, 0.33};
    // Asked in another order, the same answers: arrival order is no input.
    for (std::size_t poem = 20; poem >= 1; --poem) {
        CHECK(one.fails(poem) == again.fails(poem));
    }
    CHECK(one.fails(1));
    CHECK(one.fails(2));
    CHECK_FALSE(one.fails(3));
    const Cummingsifier other{3, 0.33};
    CHECK_FALSE(other.fails(1));
    CHECK(other.fails(2));

    std::size_t failed = 0;
    const Cummingsifier many{5, 0.3};
    for (std::size_t poem = 1; poem <= 10'000; ++poem) {
        if (many.fails(poem)) {
            ++failed;
        }
    }
    CHECK(failed > 2'700);
    CHECK(failed < 3'300);
    CHECK_FALSE(Cummingsifier(5, 0.0).fails(1));
}

TEST_CASE("a failure rate outside 0 to 1 is refused")
{
    CHECK_THROWS_AS(Cummingsifier(1, 1.5), std::invalid_argument);
    CHECK_THROWS_AS(Cummingsifier(1, -0.1), std::invalid_argument);
}
