// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
#include "write_buffer.hpp"

#include "big_string.hpp"
#include "watchdog.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("a write buffer gives back its bytes in order, however consumed")
{
    WriteBuffer buffer;
    CHECK(buffer.empty());
    buffer.append("hello, ");
    buffer.append("");
    buffer.append("world");
    CHECK(buffer.size() == 12);

    std::string sent;
    for (std::size_t step = 1; !buffer.empty(); step += 2) {
        const std::string_view front = buffer.front();
        REQUIRE_FALSE(front.empty());
        const std::size_t taken = std::min(step, front.size());
        sent.append(front.substr(0, taken));
        buffer.consume(taken);
    }
    CHECK(sent == "hello, world");
    CHECK(buffer.size() == 0);
}

TEST_CASE("a write buffer takes more bytes while it is being drained")
{
    WriteBuffer buffer;
    buffer.append("abc");
    buffer.consume(2);
    buffer.append("def");
    std::string rest;
    while (!buffer.empty()) {
        rest.append(buffer.front());
        buffer.consume(buffer.front().size());
    }
    CHECK(rest == "cdef");
}

TEST_CASE("clear() drops everything")
{
    WriteBuffer buffer;
    buffer.append("abc");
    buffer.clear();
    CHECK(buffer.empty());
    CHECK(buffer.front().empty());
}

// region: no-copy-test
TEST_CASE("consuming moves past the sent bytes; it does not move the rest")
{
    WriteBuffer buffer;
    buffer.append(std::string(1024 * 1024, 'x'));
    const char* before = buffer.front().data();
    buffer.consume(1000);
    // The same storage, 1000 bytes further on: nothing was copied.
    CHECK(buffer.front().data() == before + 1000);
    CHECK(buffer.size() == 1024 * 1024 - 1000);
}
// endregion: no-copy-test

TEST_CASE("small writes are gathered, so front() offers them together")
{
    WriteBuffer buffer;
    for (int i = 0; i < 100; ++i) {
        buffer.append("*");
    }
    CHECK(buffer.front().size() == 100);
}

TEST_CASE("consume may cross chunks")
{
    WriteBuffer buffer;
    buffer.append(std::string(100 * 1024, 'a')); // a chunk of its own
    buffer.append(std::string(100 * 1024, 'b')); // and another
    buffer.consume(150 * 1024);
    CHECK(buffer.size() == 50 * 1024);
    CHECK(buffer.front() == std::string(50 * 1024, 'b'));
}

TEST_CASE("a big write is copied in slices, each marking progress")
{
    // --whole-writes hands the buffer messages of a gigabyte: copying one
    // takes seconds, and must not look like a stall to the watchdog.
    WriteBuffer buffer;
    const std::string big(4 * common::bigStringSlice, 'b');
    const auto before = common::Watchdog::progressMarks();
    buffer.append(big);
    CHECK(common::Watchdog::progressMarks() - before >= 4);
    CHECK(buffer.size() == big.size());
    CHECK(buffer.front() == big);
}
