#pragma once
/// A transport: one connected socket, its write buffer, and the protocol it
/// serves. It turns the reactor's "readable" and "writable" into the
/// protocol's dataReceived and into sent bytes, and it ends the connection
/// exactly once, telling the protocol why. It is also a consumer: it pauses
/// its producer while the write buffer is above a high water mark.

#include "protocol.hpp"
#include "reactor.hpp"
#include "write_buffer.hpp"

#include "file_descriptor.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

// region: transport-class
class Transport : public Selectable,
                  public ITransport,
                  public std::enable_shared_from_this<Transport> {
public:
    /// Owns `socket`, a connected stream socket (TCP or Unix domain), on
    /// behalf of `protocol`.
    /// Create it with std::make_shared: it registers itself with the
    /// reactor, and the reactor's reference is what keeps it alive. (A
    /// transport destroyed with its reactor, still connected, closes its
    /// socket without telling the protocol: there is no loop left.)
    Transport(Reactor& reactor, common::FileDescriptor socket,
              std::shared_ptr<Protocol> protocol);

    /// Makes the socket non-blocking, starts reading, and hands the
    /// protocol this transport (makeConnection).
    void activate();

    int fileno() const override { return socket_.get(); }
    void doRead() override;

    /// The most doRead() asks of one recv(): 64 KiB, as Twisted's TCP
    /// transport reads. (Chapters 3 to 5 read 1 KiB.)
    static constexpr std::size_t maxReadSize = 64 * 1024;
    /// Asks recv() for at most `bytes` (1 to maxReadSize) from now on:
    /// 07's --read-size, to read as chapter 5 did and compare like with like.
    void setReadSize(std::size_t bytes);
    void doWrite() override;

    void write(std::string_view data) override;
    void loseConnection() override;
    void abortConnection() override;
    void loseWriteConnection() override;
    void pauseReading() override;
    void resumeReading() override;
    /// pauseReading() is in effect.
    bool readingPaused() const { return readPaused_; }

    /// Calls `then` after the protocol's connectionLost, with the same
    /// reason: how a Connector hears that its connection has ended, to
    /// tell its factory (clientConnectionLost). One at a time.
    void afterConnectionLost(std::function<void(const Reason&)> then);

    // region: consumer
    void registerProducer(IPushProducer& producer) override;
    void unregisterProducer() override;

    /// Twisted pauses a producer above 64 KiB, and so do we: about what a
    /// loopback send() takes at once, so the socket never waits for us.
    static constexpr std::size_t defaultHighWater = 64 * 1024;
    /// Resume before the buffer is empty, so that the producer's next
    /// bytes are queued before the socket runs out of bytes to send.
    static constexpr std::size_t defaultLowWater = 16 * 1024;
    /// The producer is paused when more than `high` bytes are buffered
    /// and resumed when `low` or fewer are left. Needs low <= high.
    void setWaterMarks(std::size_t high, std::size_t low);

    /// Bytes written and not yet sent; the most there have ever been.
    std::size_t bufferedBytes() const { return buffer_.size(); }
    std::size_t peakBuffered() const { return peakBuffered_; }
    // endregion: consumer

private:
    // connected: reading and writing (or half-closed: see readClosed_
    // and writeClosed_); disconnecting: loseConnection, flushing before
    // the close; aborting: abortConnection, closed, connectionLost not
    // yet said; disconnected: the protocol has been told.
    enum class State { connected, disconnecting, aborting, disconnected };

    void callProtocol(std::string_view method,
                      const std::function<void()>& call);
    void pauseProducerIfFull();
    void resumeProducerIfDrained();
    void tearDown(const Reason& reason);
    void endOfStream();
    void shutDownWriting();

    Reactor& reactor_;
    common::FileDescriptor socket_;
    std::shared_ptr<Protocol> protocol_;
    WriteBuffer buffer_;
    State state_ = State::connected;
    IPushProducer* producer_ = nullptr;
    bool producerPaused_ = false;
    std::size_t highWater_ = defaultHighWater;
    std::size_t lowWater_ = defaultLowWater;
    std::size_t peakBuffered_ = 0;
    std::size_t readSize_ = maxReadSize;
    std::optional<Reason> failure_; // the producer's, when it threw in write
    IHalfCloseableProtocol* halfCloseable_ = nullptr; // the protocol, if so
    bool readClosed_ = false;   // the peer has finished sending
    bool writeClosing_ = false; // loseWriteConnection: shut when drained
    bool writeClosed_ = false;  // shutdown(SHUT_WR) done
    bool readPaused_ = false;   // pauseReading, until resumeReading
    std::function<void(const Reason&)> afterLost_;
};
// endregion: transport-class
