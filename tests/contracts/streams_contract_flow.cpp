// The streams' contract, continued: a StreamProtocol on a transport made of
// a string. The reader's flow control (it stops its transport's reading past
// twice its limit and resumes it at the limit), and the writer's: drain()
// waits while the transport has paused its producer (chapter 7's high water
// mark) and every waiter resumes together at the low mark, as asyncio's
// test_streams.py test_multiple_drain; the end of the connection wakes them.
#include "stream_errors.hpp"
#include "stream_protocol.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "streams_support.hpp"

#include "failure.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

// A protocol connected to a PausableTransport, as a transport would.
struct Connected {
    explicit Connected(std::size_t limit = StreamReader::defaultLimit)
        : protocol{std::make_shared<StreamProtocol>(limit)},
          writer{protocol}
    {
        protocol->makeConnection(transport);
    }

    PausableTransport transport;
    std::shared_ptr<StreamProtocol> protocol;
    StreamReader reader() const { return protocol->reader(); }
    StreamWriter writer;
};

} // namespace

TEST_CASE("streams: the protocol registers itself as its transport's "
          "producer and feeds its reader")
{
    Connected c;
    CHECK(c.transport.producer == c.protocol.get());
    c.protocol->dataReceived("hello\n");
    auto line = started(c.reader().readLine());
    CHECK(line.result() == "hello\n");
}

// region: test-read-flow-control
TEST_CASE("streams: the reader pauses its transport past twice its limit "
          "and resumes it at the limit")
{
    Connected c{4};
    c.protocol->dataReceived("12345678"); // 8: not past 2 x 4
    CHECK_FALSE(c.transport.readingPaused);
    c.protocol->dataReceived("9"); // 9: past
    CHECK(c.transport.readingPaused);
    CHECK(c.reader().readingPaused());

    auto some = started(c.reader().readExactly(4)); // 5 left: above 4
    CHECK(some.result() == "1234");
    CHECK(c.transport.readingPaused);
    auto more = started(c.reader().readExactly(1)); // 4 left: resumed
    CHECK(more.result() == "5");
    CHECK_FALSE(c.transport.readingPaused);
    CHECK(c.transport.pauses == 1);
    CHECK(c.transport.resumes == 1);
}
// endregion: test-read-flow-control

TEST_CASE("streams: a read that needs more than is buffered resumes a "
          "paused transport, or it would wait for ever")
{
    Connected c{2};
    c.protocol->dataReceived("abcde"); // past 2 x 2
    REQUIRE(c.transport.readingPaused);
    auto exactly = started(c.reader().readExactly(8));
    CHECK_FALSE(exactly.done());
    CHECK_FALSE(c.transport.readingPaused);
    c.protocol->dataReceived("fgh");
    REQUIRE(exactly.done());
    CHECK(exactly.result() == "abcdefgh");
}

TEST_CASE("streams: the peer's end of stream is the reader's, and the "
          "writer goes on (half-close)")
{
    Connected c;
    auto all = started(c.reader().read());
    c.protocol->dataReceived("question");
    c.protocol->readConnectionLost();
    REQUIRE(all.done());
    CHECK(all.result() == "question");
    CHECK(c.reader().atEof());
    CHECK_FALSE(c.writer.isClosing());
    c.writer.write("answer");
    CHECK(c.transport.written == "answer");
}

TEST_CASE("streams: write, writeEof, close and abort go to the transport")
{
    Connected c;
    c.writer.write("abc");
    c.writer.write("");
    CHECK(c.transport.written == "abc");
    c.writer.writeEof();
    CHECK(c.transport.writeClosed);
    CHECK_FALSE(c.writer.isClosing());
    c.writer.close();
    CHECK(c.transport.disconnecting);
    CHECK(c.writer.isClosing());
    c.writer.abort();
    CHECK(c.transport.aborted);
}

TEST_CASE("streams: drain returns at once while the transport is not "
          "paused")
{
    Connected c;
    auto drain = started(c.writer.drain());
    REQUIRE(drain.done());
    CHECK_NOTHROW(drain.result());
}

// region: test-multiple-drain
TEST_CASE("streams: ten tasks in drain all resume at the low mark "
          "(test_multiple_drain)")
{
    Connected c;
    c.protocol->pauseProducing(); // as the transport does above its mark
    std::vector<Task<void>> drains;
    for (int i = 0; i < 10; ++i) {
        drains.push_back(started(c.writer.drain()));
    }
    for (auto& drain : drains) {
        CHECK_FALSE(drain.done());
    }
    c.protocol->resumeProducing(); // the low mark
    for (auto& drain : drains) {
        REQUIRE(drain.done());
        CHECK_NOTHROW(drain.result());
    }
}
// endregion: test-multiple-drain

TEST_CASE("streams: a drain cancelled while paused leaves the others "
          "waiting, and they still resume")
{
    Connected c;
    c.protocol->pauseProducing();
    auto first = started(c.writer.drain());
    auto second = started(c.writer.drain());
    first.cancel();
    CHECK_THROWS_AS(first.result(), CancelledError);
    CHECK_FALSE(second.done());
    c.protocol->resumeProducing();
    REQUIRE(second.done());
    CHECK_NOTHROW(second.result());
}

// region: test-drain-lost
TEST_CASE("streams: drain and the connection's end")
{
    Connected c;
    c.protocol->pauseProducing();
    auto waiting = started(c.writer.drain());
    auto closed = started(c.writer.waitClosed());
    CHECK_FALSE(closed.done());

    SUBCASE("lost for a failure: the waiting drain throws, and so does "
            "every drain after")
    {
        c.protocol->connectionLost(Reason::failed("send", EPIPE));
        REQUIRE(waiting.done());
        CHECK_THROWS_WITH_AS(waiting.result(),
                             "drain: connection lost: send: Broken pipe",
                             ConnectionError);
        auto later = started(c.writer.drain());
        CHECK_THROWS_AS(later.result(), ConnectionError);
        // And reads: the stream is broken.
        auto read = started(c.reader().read(1));
        CHECK_THROWS_WITH_AS(read.result(),
                             doctest::Contains("Broken pipe"),
                             ConnectionError);
    }
    SUBCASE("closed cleanly: everything was sent, so the waiting drain "
            "returns; a drain after throws")
    {
        c.protocol->connectionLost(Reason::closedCleanly());
        REQUIRE(waiting.done());
        CHECK_NOTHROW(waiting.result());
        auto later = started(c.writer.drain());
        CHECK_THROWS_AS(later.result(), ConnectionError);
        auto read = started(c.reader().read(1));
        CHECK(read.result().empty()); // the end of the stream
    }
    REQUIRE(closed.done());
    CHECK_NOTHROW(closed.result());
    CHECK(c.writer.isClosing());
    CHECK(c.writer.lostReason().has_value());
    CHECK(c.protocol->transport() == nullptr);
    // Nothing reaches a transport that is gone.
    c.writer.write("late");
    CHECK(c.transport.written.empty());
}
// endregion: test-drain-lost

TEST_CASE("streams: waitClosed after the end returns at once")
{
    Connected c;
    c.protocol->connectionLost(Reason::aborted());
    auto closed = started(c.writer.waitClosed());
    REQUIRE(closed.done());
    CHECK_NOTHROW(closed.result());
    CHECK(c.writer.lostReason()->error() == ECONNABORTED);
}

TEST_CASE("streams: the protocol hands its streams to its callback once, "
          "at makeConnection")
{
    int calls = 0;
    std::optional<StreamWriter> handed;
    auto protocol = std::make_shared<StreamProtocol>(
        16, [&](StreamReader reader, StreamWriter writer) {
            ++calls;
            CHECK(reader.limit() == 16);
            handed = writer;
        });
    PausableTransport transport;
    protocol->makeConnection(transport);
    CHECK(calls == 1);
    REQUIRE(handed);
    handed->write("x");
    CHECK(transport.written == "x");
}
