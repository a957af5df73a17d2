#include "write_buffer.hpp"

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
