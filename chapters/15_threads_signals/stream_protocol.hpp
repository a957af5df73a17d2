#pragma once
/// The protocol under a pair of streams (asyncio's StreamReaderProtocol
/// with its FlowControlMixin): what the transport delivers goes to a
/// StreamReader, and the transport's flow control (chapter 7's water
/// marks) goes to the StreamWriter's drain(). It registers itself as the
/// transport's producer: paused above the high water mark, resumed at the
/// low one, which is when every task waiting in drain() resumes.
///
/// It is half-closeable (chapter 10): at the peer's end of stream the
/// reader sees its end, and the writer can still answer, as an echo
/// server must answer a client that has finished sending.

#include "protocol.hpp"
#include "stream_reader.hpp"
#include "stream_wait_list.hpp"
#include "task.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

class StreamWriter;

// region: stream-protocol
class StreamProtocol : public Protocol,
                       public IPushProducer,
                       public IHalfCloseableProtocol,
                       public std::enable_shared_from_this<StreamProtocol> {
public:
    /// Called from makeConnection with the connection's two streams.
    using Connected = std::function<void(StreamReader, StreamWriter)>;

    /// Make it with std::make_shared: the writer shares it. `limit` is
    /// the reader's (StreamReader::StreamReader).
    explicit StreamProtocol(std::size_t limit = StreamReader::defaultLimit,
                            Connected connected = nullptr);

    /// Registers itself as `transport`'s producer (so the transport takes
    /// no other), gives the reader the transport to pause, and calls
    /// `connected` with the two streams.
    void makeConnection(ITransport& transport) override;
    /// Feeds the reader.
    void dataReceived(std::string_view data) override;
    /// Clean: the reader's end of stream, and the tasks in drain() return.
    /// A failure: reads and those drains throw ConnectionError. Either
    /// way waitClosed() returns, and every later drain() throws.
    void connectionLost(const Reason& reason) override;
    /// The peer's end of stream is the reader's; the writer goes on.
    void readConnectionLost() override;

    // As the transport's producer: the writer's side.
    /// Above the high water mark: drain() waits from now on.
    void pauseProducing() override;
    /// At the low water mark: every task in drain() resumes.
    void resumeProducing() override;
    /// connectionLost follows, which does the work.
    void stopProducing() override {}

    /// The reader that dataReceived feeds.
    StreamReader reader() const { return reader_; }
    /// The transport, from makeConnection until connectionLost; else null.
    ITransport* transport() const { return transport_; }
    /// Writing is paused: the transport's buffer is above its high mark.
    bool writingPaused() const { return paused_; }
    /// Why the connection ended, once it has.
    const std::optional<Reason>& lostReason() const { return lost_; }

    // For StreamWriter, whose copies share this state.
    Task<void> drain();
    Task<void> waitClosed();
    void close();
    void abort();
    bool isClosing() const { return closing_ || lost_.has_value(); }

private:
    static Task<void> drainOf(std::shared_ptr<StreamProtocol> self);
    static Task<void> waitClosedOf(std::shared_ptr<StreamProtocol> self);

    StreamReader reader_;
    Connected connected_;
    ITransport* transport_ = nullptr;
    bool paused_ = false;
    bool closing_ = false; // close() or abort() asked
    std::optional<Reason> lost_;
    StreamWaitList drainWaiters_;
    StreamWaitList closeWaiters_;
};
// endregion: stream-protocol
