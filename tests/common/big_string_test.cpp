#include "big_string.hpp"
#include "memory_cap.hpp"
#include "watchdog.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using common::Watchdog;

namespace {

constexpr std::size_t slice = common::bigStringSlice;

} // namespace

TEST_CASE("filledString marks progress once per slice as it fills")
{
    const auto before = Watchdog::progressMarks();
    const std::string text = common::filledString(8 * slice + 1, '*');
    CHECK(Watchdog::progressMarks() - before == 9);
    CHECK(text.size() == 8 * slice + 1);
    CHECK(std::all_of(text.begin(), text.end(),
                      [](char c) { return c == '*'; }));
    CHECK(common::filledString(0, '*').empty());
}

TEST_CASE("copiedString marks progress once per slice as it copies")
{
    std::string original(3 * slice + 7, '\0');
    for (std::size_t i = 0; i < original.size(); ++i) {
        original[i] = static_cast<char>('a' + i % 26);
    }
    const auto before = Watchdog::progressMarks();
    const std::string copy = common::copiedString(original);
    CHECK(Watchdog::progressMarks() - before == 4);
    CHECK(copy == original);
    CHECK(common::copiedString("").empty());
}

TEST_CASE("a big string costs the cap what std::string would: one block")
{
    // The demos' memory reports must not move: the same bytes in use, in
    // one request, refused at the same point.
    const std::size_t size = 4 * slice;
    const std::size_t before = common::memory::inUse();
    const std::string plain(size, '*');
    const std::size_t plainCost = common::memory::inUse() - before;
    const std::string filled = common::filledString(size, '*');
    CHECK(common::memory::inUse() - before == 2 * plainCost);
    const std::string copied = common::copiedString(plain);
    CHECK(common::memory::inUse() - before == 3 * plainCost);
}
