// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The transport as a consumer, over real sockets: it pauses its producer
// above the high water mark, resumes it at the low one, and stops it when
// the connection is gone.
#include "recording_protocol.hpp"
#include "stream.hpp"
#include "transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

// Writes `total` bytes of the stream, `piece` bytes per write, while the
// transport lets it; then closes. Counts what the transport tells it.
class PieceWriter : public Protocol, public IPushProducer {
public:
    PieceWriter(std::size_t piece, std::size_t total)
        : piece_{piece}, total_{total}
    {
    }

    void makeConnection(ITransport& transport) override
    {
        transport_ = &transport;
        transport.registerProducer(*this);
        produce();
    }
    void dataReceived(std::string_view) override {}
    void connectionLost(const Reason& why) override
    {
        transport_ = nullptr;
        ++lost;
        reason = why;
    }
    void pauseProducing() override
    {
        ++pauses;
        paused = true;
        if (onPause) {
            onPause();
        }
    }
    void resumeProducing() override
    {
        ++resumes;
        paused = false;
        if (onResume) {
            onResume();
        }
        produce();
    }
    void stopProducing() override
    {
        ++stops;
        if (onStop) {
            onStop();
        }
    }

    std::function<void()> afterWrite; // the test's checks
    std::function<void()> onPause;
    std::function<void()> onResume;
    std::function<void()> onStop;
    bool paused = false;
    int pauses = 0;
    int resumes = 0;
    int stops = 0;
    int lost = 0;
    std::optional<Reason> reason;
    std::size_t sent = 0;

private:
    void produce()
    {
        while (!paused && stops == 0 && sent < total_) {
            const std::size_t size = std::min(piece_, total_ - sent);
            transport_->write(streamBytes(sent, size));
            sent += size;
            if (afterWrite) {
                afterWrite();
            }
        }
        if (sent == total_ && !done_) {
            done_ = true;
            transport_->unregisterProducer();
            transport_->loseConnection();
        }
    }

    std::size_t piece_;
    std::size_t total_;
    ITransport* transport_ = nullptr;
    bool done_ = false;
};

struct Link {
    Reactor reactor;
    std::shared_ptr<Transport> writer;
    std::shared_ptr<RecordingProtocol> reader =
        std::make_shared<RecordingProtocol>();
    common::FileDescriptor readerSocket;

    // A transport for `producer` on one end of a loopback connection; the
    // other end is left to the test (a transport, or a raw socket).
    explicit Link(std::shared_ptr<Protocol> producer)
    {
        auto [client, server] = common::connectedPair();
        writer = std::make_shared<Transport>(reactor, std::move(client),
                                             std::move(producer));
        readerSocket = std::move(server);
    }
    void readWithTransport()
    {
        std::make_shared<Transport>(reactor, std::move(readerSocket), reader)
            ->activate();
    }
};

constexpr std::size_t KiB = 1024;

} // namespace

TEST_CASE("the write that passes the high water mark pauses the producer")
{
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 1024 * KiB);
    Link link{producer};
    link.writer->setWaterMarks(32 * KiB, 8 * KiB);
    std::size_t bufferedWhenPaused = 0;
    producer->afterWrite = [&] {
        if (producer->paused && bufferedWhenPaused == 0) {
            bufferedWhenPaused = link.writer->bufferedBytes();
        }
    };
    link.writer->activate(); // nothing is sent before the loop turns
    CHECK(producer->pauses == 1);
    CHECK(producer->sent == 40 * KiB); // 30 KiB is not above 32 KiB
    CHECK(bufferedWhenPaused == 40 * KiB);
}

TEST_CASE("the producer is resumed once the buffer is down to the low mark")
{
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 1024 * KiB);
    Link link{producer};
    link.writer->setWaterMarks(32 * KiB, 8 * KiB);
    std::vector<std::size_t> bufferedAtResume;
    producer->onResume = [&] {
        bufferedAtResume.push_back(link.writer->bufferedBytes());
    };
    link.writer->activate();
    link.readWithTransport();
    link.reactor.run();
    CHECK(producer->resumes > 0);
    for (const std::size_t buffered : bufferedAtResume) {
        CHECK(buffered <= 8 * KiB);
    }
    CHECK(link.reader->received.size() == 1024 * KiB);
}

// region: bound-test
TEST_CASE("the buffer never passes the high mark by more than one write")
{
    const std::size_t piece = 7 * KiB;
    const std::size_t high = 64 * KiB;
    auto producer = std::make_shared<PieceWriter>(piece, 8 * 1024 * KiB);
    Link link{producer};
    link.writer->setWaterMarks(high, 16 * KiB);
    producer->afterWrite = [&] {
        REQUIRE(link.writer->bufferedBytes() <= high + piece);
    };
    link.writer->activate();
    link.readWithTransport();
    link.reactor.run();
    CHECK(link.writer->peakBuffered() > high); // it did get that far
    CHECK(link.writer->peakBuffered() <= high + piece);
    CHECK((link.reader->received == streamBytes(0, 8 * 1024 * KiB)));
}
// endregion: bound-test

TEST_CASE("a lost connection stops the producer, which is called no more")
{
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 64 * 1024 * KiB);
    Link link{producer};
    link.writer->activate();
    const linger abort{1, 0};
    REQUIRE(::setsockopt(link.readerSocket.get(), SOL_SOCKET, SO_LINGER,
                         &abort, sizeof abort) == 0);
    link.readerSocket.reset(); // the peer resets the connection
    link.reactor.run();
    CHECK(producer->lost == 1);
    CHECK(producer->stops == 1);
    CHECK(producer->resumes == 0);
}

TEST_CASE("a producer registered on a closed transport is stopped at once")
{
    auto protocol = std::make_shared<RecordingProtocol>();
    Link link{protocol};
    std::shared_ptr<Transport> transport = link.writer;
    transport->activate();
    link.readerSocket.reset();
    link.reactor.run(); // the peer's close ends the connection
    REQUIRE(protocol->lost == 1);
    PieceWriter late{KiB, KiB};
    transport->registerProducer(late);
    CHECK(late.stops == 1);
}

TEST_CASE("one producer at a time, and marks that make sense")
{
    auto protocol = std::make_shared<RecordingProtocol>();
    Link link{protocol};
    link.writer->activate();
    PieceWriter first{KiB, KiB};
    PieceWriter second{KiB, KiB};
    link.writer->registerProducer(first);
    CHECK_THROWS_AS(link.writer->registerProducer(second), std::logic_error);
    link.writer->unregisterProducer();
    link.writer->registerProducer(second); // free again
    CHECK_THROWS_AS(link.writer->setWaterMarks(10, 20),
                    std::invalid_argument);
    link.writer->unregisterProducer();
    link.writer->loseConnection();
    link.reactor.run();
    CHECK(first.stops == 0); // unregistered before the end: not told
    CHECK(second.stops == 0);
}

// A producer is protocol code, and each of its calls is guarded like the
// protocol's: a throw costs its connection, never the loop.
TEST_CASE("a producer that throws in pauseProducing is closed by the loop")
{
    // The pause comes inside write(), in the producer's own loop: a
    // teardown there would pull the connection from under it. Before the
    // fix, the exception came out of write() instead.
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 1024 * KiB);
    Link link{producer};
    link.writer->setWaterMarks(32 * KiB, 8 * KiB);
    producer->onPause = [] { throw std::runtime_error{"cannot pause"}; };
    producer->afterWrite = [&] { CHECK(producer->lost == 0); };
    link.writer->activate();
    link.readWithTransport();
    link.reactor.run();
    CHECK(producer->lost == 1);
    CHECK(producer->reason->text() ==
          "the protocol's pauseProducing threw: cannot pause");
    CHECK(producer->stops == 1);
    // What was written before is still sent, as after loseConnection.
    CHECK((link.reader->received == streamBytes(0, 40 * KiB)));
}

TEST_CASE("a producer that throws in resumeProducing loses its connection")
{
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 1024 * KiB);
    Link link{producer};
    link.writer->setWaterMarks(32 * KiB, 8 * KiB);
    producer->onResume = [] { throw std::runtime_error{"cannot resume"}; };
    link.writer->activate();
    link.readWithTransport();
    link.reactor.run();
    CHECK(producer->lost == 1);
    CHECK(producer->reason->text() ==
          "the protocol's resumeProducing threw: cannot resume");
    CHECK(link.reader->lost == 1);
}

TEST_CASE("a producer that throws in stopProducing: connectionLost, once")
{
    // Before the fix, the exception escaped the reactor and ended run().
    auto producer = std::make_shared<PieceWriter>(10 * KiB, 64 * 1024 * KiB);
    Link link{producer};
    producer->onStop = [] { throw std::runtime_error{"cannot stop"}; };
    link.writer->activate();
    CapturedStderr err;
    link.readerSocket.reset(); // the peer goes away
    link.reactor.run();
    CHECK(producer->stops == 1);
    CHECK(producer->lost == 1);
    CHECK(err.text() == "Ignored (the connection was closing anyway): the "
                        "protocol's stopProducing threw: cannot stop\n");
}

TEST_CASE("a late producer that throws when stopped at once is only "
          "reported")
{
    auto protocol = std::make_shared<RecordingProtocol>();
    Link link{protocol};
    std::shared_ptr<Transport> transport = link.writer;
    transport->activate();
    link.readerSocket.reset();
    link.reactor.run();
    PieceWriter late{KiB, KiB};
    late.onStop = [] { throw std::runtime_error{"cannot stop"}; };
    CapturedStderr err;
    CHECK_NOTHROW(transport->registerProducer(late));
    CHECK(late.stops == 1);
    CHECK(err.text().find("stopProducing threw: cannot stop") !=
          std::string::npos);
}
