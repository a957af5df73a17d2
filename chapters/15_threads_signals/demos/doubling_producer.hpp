#pragma once
/// Chapter 05's workload as a push producer: messages that double in size
/// (2 bytes, 4, 8, ...) until `total` bytes are written, written whenever
/// the transport lets it.

#include "protocol.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iostream>

// region: producer-class
class DoublingProducer : public Protocol, public IPushProducer {
public:
    /// Each write is at most this long, unless `wholeWrites`.
    static constexpr std::size_t chunkSize = 16 * 1024;

    /// Writes `total` bytes of the stream, then closes the connection.
    /// With `wholeWrites`, each message goes out in a single write, as in
    /// chapter 05; otherwise in writes of at most chunkSize.
    DoublingProducer(std::uint64_t total, bool wholeWrites,
                     std::ostream& out = std::cout);

    /// Registers itself with the transport and starts writing.
    void makeConnection(ITransport& transport) override;
    /// The server sends nothing back; whatever comes is ignored.
    void dataReceived(std::string_view) override {}
    void connectionLost(const Reason& reason) override;

    void pauseProducing() override;
    void resumeProducing() override;
    void stopProducing() override;

    /// Progress, for the report; atomic, for the watchdog's thread too.
    std::uint64_t written() const { return written_; }
    std::uint64_t pauses() const { return pauses_; }
    std::uint64_t resumes() const { return resumes_; }
    /// The size of the message being written.
    std::uint64_t messageSize() const { return messageSize_; }
    /// Whether connectionLost has been called, and whether it was clean.
    bool lost() const { return lost_; }
    bool lostCleanly() const { return lostCleanly_; }

private:
    void produce();
    void writeNext();
    void finishMessage();

    std::uint64_t total_;
    bool wholeWrites_;
    std::ostream& out_;
    ITransport* transport_ = nullptr; // valid until connectionLost
    bool paused_ = false;
    bool stopped_ = false;
    std::atomic<std::uint64_t> written_{0};
    std::uint64_t doubling_ = 2; // 2, 4, 8, ...: chapter 05's sizes
    std::atomic<std::uint64_t> messageSize_; // the same, or what is left
    std::uint64_t messageWritten_ = 0;
    std::uint64_t messageWrites_ = 0;
    std::uint64_t pausesBeforeMessage_ = 0;
    std::atomic<std::uint64_t> pauses_{0};
    std::atomic<std::uint64_t> resumes_{0};
    bool lost_ = false;
    bool lostCleanly_ = false;
};
// endregion: producer-class
