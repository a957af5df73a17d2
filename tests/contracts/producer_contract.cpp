// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// DoublingProducer without a socket or a loop: the producer is called
// directly, and its transport is a string that can say "pause".
#include "doubling_producer.hpp"
#include "stream.hpp"
#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

// A string transport that pauses its producer once more than `limit`
// bytes are held, as a real transport does at its high water mark, and
// remembers the size of every write.
class ThrottlingTransport : public StringTransport {
public:
    explicit ThrottlingTransport(std::size_t limit) : limit_{limit} {}

    void write(std::string_view data) override
    {
        StringTransport::write(data);
        writes.push_back(data.size());
        if (producer != nullptr && !paused && written.size() > limit_) {
            paused = true;
            producer->pauseProducing();
        }
    }
    /// Pretends the buffer was sent, and resumes the producer.
    void drain()
    {
        sent += written.size();
        written.clear();
        paused = false;
        producer->resumeProducing();
    }

    std::vector<std::size_t> writes;
    std::size_t sent = 0;
    bool paused = false;

private:
    std::size_t limit_;
};

} // namespace

TEST_CASE("the producer writes chapter 05's doubling messages, all of them")
{
    std::ostringstream out;
    DoublingProducer producer{100, false, out};
    StringTransport transport;
    producer.makeConnection(transport);
    // Nothing paused it: it wrote 2 + 4 + 8 + 16 + 32 bytes, then the
    // 38 left of the 64-byte message, and closed the connection.
    CHECK(transport.written == streamBytes(0, 100));
    CHECK(transport.disconnecting);
    CHECK(transport.producer == nullptr); // unregistered when done
    CHECK(out.str().ends_with(
        "Client wrote 32 bytes in 1 write, paused 0 times.\n"
        "Client wrote 38 bytes in 1 write, paused 0 times: the rest of "
        "the total.\n"));
}

TEST_CASE("a paused producer writes nothing until it is resumed")
{
    std::ostringstream out;
    const std::size_t total = 1024 * 1024;
    DoublingProducer producer{total, false, out};
    ThrottlingTransport transport{64 * 1024};
    producer.makeConnection(transport);
    REQUIRE(transport.paused);
    const std::size_t held = transport.written.size();
    CHECK(held > 64 * 1024);
    CHECK(held <= 64 * 1024 + DoublingProducer::chunkSize);

    std::string all;
    int resumes = 0;
    while (!transport.disconnecting) {
        REQUIRE(transport.paused); // it only ever stops when told to
        all += transport.written;
        transport.drain();
        ++resumes;
    }
    all += transport.written;
    CHECK(all.size() == total);
    CHECK((all == streamBytes(0, total))); // (( )): no megabyte dump
    CHECK(producer.resumes() == static_cast<std::uint64_t>(resumes));
}

TEST_CASE("by default no write is longer than a chunk")
{
    std::ostringstream out;
    DoublingProducer producer{4 * 1024 * 1024, false, out};
    ThrottlingTransport transport{64 * 1024};
    producer.makeConnection(transport);
    while (!transport.disconnecting) {
        transport.drain();
    }
    for (const std::size_t size : transport.writes) {
        CHECK(size <= DoublingProducer::chunkSize);
    }
}

TEST_CASE("with whole writes each message is a single write")
{
    std::ostringstream out;
    DoublingProducer producer{(2 << 20) - 2, true, out}; // 2 + ... + 1 MiB
    ThrottlingTransport transport{64 * 1024};
    producer.makeConnection(transport);
    while (!transport.disconnecting) {
        transport.drain();
    }
    std::vector<std::size_t> doubling;
    for (std::size_t size = 2; size <= 1024 * 1024; size *= 2) {
        doubling.push_back(size);
    }
    CHECK(transport.writes == doubling);
}

TEST_CASE("a stopped producer never writes again")
{
    std::ostringstream out;
    DoublingProducer producer{1024 * 1024, false, out};
    ThrottlingTransport transport{64 * 1024};
    producer.makeConnection(transport);
    producer.stopProducing();
    const std::string before = transport.written;
    producer.resumeProducing();
    CHECK(transport.written == before);
    CHECK_FALSE(transport.disconnecting);
}
