// The streams' contract, written once for chapter 13 and every later
// chapter: StreamReader on its own, fed by hand, point by point against
// asyncio's test_streams.py (the names in the test cases are its tests').
// A task started from plain code runs until it waits; feeding the reader
// resumes it at once, so each check is made with nothing left to run.
#include "stream_errors.hpp"
#include "stream_reader.hpp"
#include "streams_support.hpp"

#include "failure.hpp"

#include <doctest/doctest.h>

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

TEST_CASE("streams: feeding empty data buffers nothing (test_feed_empty_data)")
{
    StreamReader reader;
    reader.feedData("");
    CHECK(reader.buffered() == 0);
    reader.feedData(streamData);
    CHECK(reader.buffered() == streamData.size());
}

TEST_CASE("streams: a limit of 0 is refused (test_invalid_limit)")
{
    CHECK_THROWS_AS(StreamReader{0}, std::invalid_argument);
}

// region: test-read
TEST_CASE("streams: read(n) waits for data, then returns what came "
          "(test_read)")
{
    StreamReader reader;
    auto read = started(reader.read(30));
    CHECK_FALSE(read.done());
    reader.feedData(streamData);
    REQUIRE(read.done());
    CHECK(read.result() == streamData);
    CHECK(reader.buffered() == 0);
}
// endregion: test-read

TEST_CASE("streams: read(0) returns nothing and takes nothing "
          "(test_read_zero)")
{
    StreamReader reader;
    reader.feedData(streamData);
    auto read = started(reader.read(0));
    REQUIRE(read.done());
    CHECK(read.result().empty());
    CHECK(reader.buffered() == streamData.size());
}

TEST_CASE("streams: read(n) takes at most n bytes (test_read_line_breaks)")
{
    StreamReader reader;
    reader.feedData("line1");
    reader.feedData("line2");
    auto read = started(reader.read(5));
    REQUIRE(read.done());
    CHECK(read.result() == "line1");
    CHECK(reader.buffered() == 5);
}

TEST_CASE("streams: read(n) returns nothing at the end of the stream "
          "(test_read_eof)")
{
    StreamReader reader;
    auto read = started(reader.read(1024));
    CHECK_FALSE(read.done());
    reader.feedEof();
    REQUIRE(read.done());
    CHECK(read.result().empty());
    CHECK(reader.atEof());
}

TEST_CASE("streams: read() returns everything until the end "
          "(test_read_until_eof)")
{
    StreamReader reader;
    auto read = started(reader.read());
    reader.feedData("chunk1\n");
    reader.feedData("chunk2");
    CHECK_FALSE(read.done());
    reader.feedEof();
    REQUIRE(read.done());
    CHECK(read.result() == "chunk1\nchunk2");
    CHECK(reader.buffered() == 0);
}

TEST_CASE("streams: a read after setException throws it "
          "(test_read_exception)")
{
    StreamReader reader;
    reader.feedData("line\n");
    auto first = started(reader.read(2));
    REQUIRE(first.done());
    CHECK(first.result() == "li");
    reader.setException(std::make_exception_ptr(std::runtime_error{"boom"}));
    auto second = started(reader.read(2));
    REQUIRE(second.done());
    CHECK_THROWS_WITH_AS(second.result(), "boom", std::runtime_error);
}

TEST_CASE("streams: read(n) is not bound by the limit (test_read_limit)")
{
    StreamReader reader{3};
    reader.feedData("chunk");
    auto read = started(reader.read(5));
    REQUIRE(read.done());
    CHECK(read.result() == "chunk");
}

// region: test-readline
TEST_CASE("streams: readLine finds a line across chunks (test_readline)")
{
    StreamReader reader;
    reader.feedData("chunk1 ");
    auto line = started(reader.readLine());
    CHECK_FALSE(line.done());
    reader.feedData("chunk2 ");
    CHECK_FALSE(line.done());
    reader.feedData("chunk3 \n chunk4");
    REQUIRE(line.done());
    CHECK(line.result() == "chunk1 chunk2 chunk3 \n");
    CHECK(reader.buffered() == std::string{" chunk4"}.size());
}
// endregion: test-readline

TEST_CASE("streams: readLine past the limit drops that line only "
          "(test_readline_limit_with_existing_data)")
{
    SUBCASE("the next line is kept")
    {
        StreamReader reader{3};
        reader.feedData("li");
        reader.feedData("ne1\nline2\n");
        auto line = started(reader.readLine());
        REQUIRE(line.done());
        CHECK_THROWS_AS(line.result(), LimitOverrunError);
        auto next = started(reader.read(100));
        CHECK(next.result() == "line2\n");
    }
    SUBCASE("without a newline everything buffered goes")
    {
        StreamReader reader{3};
        reader.feedData("li");
        reader.feedData("ne1");
        reader.feedData("li");
        auto line = started(reader.readLine());
        REQUIRE(line.done());
        CHECK_THROWS_AS(line.result(), LimitOverrunError);
        CHECK(reader.buffered() == 0);
    }
}

// region: test-readline-limit
TEST_CASE("streams: readLine with limit 7 (test_readline_limit)")
{
    StreamReader reader{7};
    SUBCASE("a line of 7 bytes and its newline fits")
    {
        reader.feedData("1234567\n");
        auto line = started(reader.readLine());
        CHECK(line.result() == "1234567\n");
        CHECK(reader.buffered() == 0);
    }
    SUBCASE("a line of 8 bytes throws and empties the buffer")
    {
        reader.feedData("12345678\n");
        auto line = started(reader.readLine());
        CHECK_THROWS_AS(line.result(), LimitOverrunError);
        CHECK(reader.buffered() == 0);
    }
    SUBCASE("8 bytes without a newline throw as well")
    {
        reader.feedData("12345678");
        auto line = started(reader.readLine());
        CHECK_THROWS_AS(line.result(), LimitOverrunError);
        CHECK(reader.buffered() == 0);
    }
    SUBCASE("a long line arriving in chunks throws once it passes the "
            "limit, and the next line is kept")
    {
        auto line = started(reader.readLine());
        reader.feedData("chunk1");
        CHECK_FALSE(line.done());
        reader.feedData("chunk2\n");
        REQUIRE(line.done());
        CHECK_THROWS_AS(line.result(), LimitOverrunError);
        reader.feedData("chunk3\n");
        auto next = started(reader.readLine());
        CHECK(next.result() == "chunk3\n");
    }
}
// endregion: test-readline-limit

TEST_CASE("streams: readLine leaves the lines after it "
          "(test_readline_nolimit_nowait)")
{
    StreamReader reader;
    reader.feedData(streamData.substr(0, 6));
    reader.feedData(streamData.substr(6));
    auto line = started(reader.readLine());
    CHECK(line.result() == "line1\n");
    CHECK(reader.buffered() == std::string{"line2\nline3\n"}.size());
}

TEST_CASE("streams: readLine at the end returns the last line, then "
          "nothing (test_readline_eof, test_readline_empty_eof)")
{
    StreamReader reader;
    reader.feedData("some data");
    reader.feedEof();
    auto last = started(reader.readLine());
    CHECK(last.result() == "some data");
    auto none = started(reader.readLine());
    CHECK(none.result().empty());
    CHECK(reader.atEof());
}

TEST_CASE("streams: reads of lines and counts mix "
          "(test_readline_read_byte_count)")
{
    StreamReader reader;
    reader.feedData(streamData);
    auto line = started(reader.readLine());
    CHECK(line.result() == "line1\n");
    auto some = started(reader.read(7));
    CHECK(some.result() == "line2\nl");
    CHECK(reader.buffered() == std::string{"ine3\n"}.size());
}

TEST_CASE("streams: a readLine after setException throws it "
          "(test_readline_exception)")
{
    StreamReader reader;
    reader.feedData("line\n");
    auto line = started(reader.readLine());
    CHECK(line.result() == "line\n");
    reader.setException(std::make_exception_ptr(std::runtime_error{"boom"}));
    auto next = started(reader.readLine());
    CHECK_THROWS_WITH_AS(next.result(), "boom", std::runtime_error);
}

// region: test-at-eof
TEST_CASE("streams: atEof only once the end is fed and every byte read "
          "(test_at_eof)")
{
    StreamReader reader;
    CHECK_FALSE(reader.atEof());
    reader.feedData("some data\n");
    CHECK_FALSE(reader.atEof());
    auto line = started(reader.readLine());
    CHECK(line.result() == "some data\n");
    CHECK_FALSE(reader.atEof()); // the stream is still open
    reader.feedData("more");
    reader.feedEof();
    CHECK_FALSE(reader.atEof()); // ended, but bytes are left
    auto rest = started(reader.readLine());
    CHECK(rest.result() == "more");
    CHECK(reader.atEof());
}
// endregion: test-at-eof

TEST_CASE("streams: readUntil refuses an empty separator "
          "(test_readuntil_separator)")
{
    StreamReader reader;
    auto until = started(reader.readUntil(""));
    REQUIRE(until.done());
    CHECK_THROWS_AS(until.result(), std::invalid_argument);
}

TEST_CASE("streams: readUntil takes through the separator and no further "
          "(test_readuntil_multi_chunks)")
{
    StreamReader reader;
    reader.feedData("lineAAA");
    auto first = started(reader.readUntil("AAA"));
    CHECK(first.result() == "lineAAA");
    CHECK(reader.buffered() == 0);
    reader.feedData("lineAAAxxx");
    auto second = started(reader.readUntil("AAA"));
    CHECK(second.result() == "lineAAA");
    CHECK(reader.buffered() == 3);
}

// region: test-readuntil-split
TEST_CASE("streams: readUntil finds a separator split across chunks "
          "(test_readuntil_multi_chunks_1)")
{
    const std::vector<std::vector<std::string>> feeds{
        {"QWEaa", "XYaa", "a"},
        {"QWEaa", "XYa", "aa"},
        {"aaa"},
        {"Xaaa"},
        {"XXX", "a", "a", "a"},
    };
    for (const auto& chunks : feeds) {
        StreamReader reader;
        auto until = started(reader.readUntil("aaa"));
        std::string all;
        for (const std::string& chunk : chunks) {
            CHECK_FALSE(until.done());
            reader.feedData(chunk);
            all += chunk;
        }
        REQUIRE(until.done());
        CHECK(until.result() == all);
        CHECK(reader.buffered() == 0);
    }
}
// endregion: test-readuntil-split

TEST_CASE("streams: readUntil at the end without the separator "
          "(test_readuntil_eof)")
{
    StreamReader reader;
    reader.feedData("some dataAA");
    reader.feedEof();
    auto until = started(reader.readUntil("AAA"));
    REQUIRE(until.done());
    try {
        until.result();
        FAIL("no IncompleteReadError");
    } catch (const IncompleteReadError& e) {
        CHECK(e.partial() == "some dataAA");
        CHECK_FALSE(e.expected().has_value());
    }
    CHECK(reader.buffered() == 0);
}

// region: test-readuntil-limit
TEST_CASE("streams: readUntil past the limit keeps the bytes "
          "(test_readuntil_limit_found_sep)")
{
    StreamReader reader{3};
    reader.feedData("some dataAA");
    auto notFound = started(reader.readUntil("AAA"));
    REQUIRE(notFound.done());
    CHECK_THROWS_WITH_AS(notFound.result(),
                         doctest::Contains("not found"), LimitOverrunError);
    CHECK(reader.buffered() == 11);

    reader.feedData("A");
    auto found = started(reader.readUntil("AAA"));
    REQUIRE(found.done());
    try {
        found.result();
        FAIL("no LimitOverrunError");
    } catch (const LimitOverrunError& e) {
        CHECK(std::string{e.what()}.find("is found") != std::string::npos);
        CHECK(e.consumed() == 9); // where "AAA" starts
    }
    CHECK(reader.buffered() == 12);
}
// endregion: test-readuntil-limit

TEST_CASE("streams: readExactly(0) returns nothing and takes nothing "
          "(test_readexactly_zero_or_less)")
{
    StreamReader reader;
    reader.feedData(streamData);
    auto none = started(reader.readExactly(0));
    REQUIRE(none.done());
    CHECK(none.result().empty());
    CHECK(reader.buffered() == streamData.size());
}

// region: test-readexactly
TEST_CASE("streams: readExactly waits for all n bytes and leaves the rest "
          "(test_readexactly)")
{
    StreamReader reader;
    auto exactly = started(reader.readExactly(2 * streamData.size()));
    reader.feedData(streamData);
    CHECK_FALSE(exactly.done());
    reader.feedData(streamData);
    reader.feedData(streamData);
    REQUIRE(exactly.done());
    CHECK(exactly.result() == streamData + streamData);
    CHECK(reader.buffered() == streamData.size());
}
// endregion: test-readexactly

TEST_CASE("streams: readExactly is not bound by the limit "
          "(test_readexactly_limit)")
{
    StreamReader reader{3};
    reader.feedData("chunk");
    auto exactly = started(reader.readExactly(5));
    CHECK(exactly.result() == "chunk");
}

// region: test-readexactly-eof
TEST_CASE("streams: readExactly at the end throws what came "
          "(test_readexactly_eof)")
{
    StreamReader reader;
    const std::size_t n = 2 * streamData.size();
    auto exactly = started(reader.readExactly(n));
    reader.feedData(streamData);
    reader.feedEof();
    REQUIRE(exactly.done());
    try {
        exactly.result();
        FAIL("no IncompleteReadError");
    } catch (const IncompleteReadError& e) {
        CHECK(e.partial() == streamData);
        CHECK(e.expected() == n);
        CHECK(std::string{e.what()} ==
              "18 bytes read on a total of 36 expected bytes");
    }
    CHECK(reader.buffered() == 0);
}
// endregion: test-readexactly-eof

TEST_CASE("streams: a readExactly after setException throws it "
          "(test_readexactly_exception)")
{
    StreamReader reader;
    reader.feedData("line\n");
    auto first = started(reader.readExactly(2));
    CHECK(first.result() == "li");
    reader.setException(std::make_exception_ptr(std::runtime_error{"boom"}));
    auto second = started(reader.readExactly(2));
    CHECK_THROWS_WITH_AS(second.result(), "boom", std::runtime_error);
}

TEST_CASE("streams: setException wakes the task waiting in a read "
          "(test_exception_waiter)")
{
    StreamReader reader;
    auto line = started(reader.readLine());
    CHECK_FALSE(line.done());
    reader.setException(std::make_exception_ptr(std::runtime_error{"boom"}));
    REQUIRE(line.done());
    CHECK_THROWS_WITH_AS(line.result(), "boom", std::runtime_error);
}

TEST_CASE("streams: a cancelled read leaves the reader usable "
          "(test_exception_cancel)")
{
    StreamReader reader;
    auto line = started(reader.readLine());
    CHECK(line.cancel());
    REQUIRE(line.done());
    CHECK_THROWS_AS(line.result(), CancelledError);
    // Nobody waits now: the exception is only kept, and a new read can
    // wait where the cancelled one did.
    reader.setException(std::make_exception_ptr(std::runtime_error{"boom"}));
    auto next = started(reader.readLine());
    CHECK_THROWS_WITH_AS(next.result(), "boom", std::runtime_error);
}

// region: test-cancel-loses-nothing
TEST_CASE("streams: a readExactly cancelled half-way loses no byte")
{
    StreamReader reader;
    auto first = started(reader.readExactly(10));
    reader.feedData("01234");
    CHECK_FALSE(first.done());
    first.cancel();
    CHECK_THROWS_AS(first.result(), CancelledError);
    CHECK(reader.buffered() == 5); // still there

    auto second = started(reader.readExactly(10));
    reader.feedData("56789");
    REQUIRE(second.done());
    CHECK(second.result() == "0123456789");
}
// endregion: test-cancel-loses-nothing

// region: test-one-reader
TEST_CASE("streams: a second read while one waits is an error")
{
    StreamReader reader;
    auto first = started(reader.readLine());
    auto second = started(reader.read(10));
    REQUIRE(second.done());
    CHECK_THROWS_WITH_AS(second.result(),
                         doctest::Contains("already waiting"),
                         std::logic_error);
    // The first one still gets its line.
    reader.feedData("hello\n");
    REQUIRE(first.done());
    CHECK(first.result() == "hello\n");
}
// endregion: test-one-reader

TEST_CASE("streams: copies of a reader share its bytes")
{
    StreamReader reader;
    StreamReader copy = reader;
    copy.feedData("abc");
    CHECK(reader.buffered() == 3);
    auto read = started(reader.read(2));
    CHECK(read.result() == "ab");
    CHECK(copy.buffered() == 1);
}

TEST_CASE("streams: a read outlives the handle it was called on")
{
    std::optional<StreamReader> handle{std::in_place};
    StreamReader keep = *handle;
    auto read = started(handle->readExactly(3));
    handle.reset();
    keep.feedData("xyz");
    REQUIRE(read.done());
    CHECK(read.result() == "xyz");
}

TEST_CASE("streams: the tail of a long line that had not come is the next "
          "readLine's line, as in asyncio")
{
    StreamReader reader{4};
    reader.feedData("abcdefgh"); // no "\n" yet
    auto line = started(reader.readLine());
    CHECK_THROWS_AS(line.result(), LimitOverrunError);
    CHECK(reader.buffered() == 0);
    reader.feedData("ij\nnext\n");
    auto tail = started(reader.readLine());
    CHECK(tail.result() == "ij\n");
    auto next = started(reader.readLine());
    CHECK(next.result() == "next\n");
}
