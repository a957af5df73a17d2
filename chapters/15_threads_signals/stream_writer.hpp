#pragma once
/// StreamWriter: the sending half of a connection as a coroutine writes to
/// it (asyncio's StreamWriter). write() never waits: the bytes join the
/// transport's buffer, as in every chapter since 5. drain() is where a
/// task waits, when that buffer has grown past chapter 7's high water
/// mark, until it is back at the low one; so a loop of write and drain
/// holds at most about one high mark of bytes, however slow the peer.
///
/// A StreamWriter is a cheap handle: copies share one connection.

#include "protocol.hpp"
#include "stream_protocol.hpp"
#include "task.hpp"

#include <memory>
#include <optional>
#include <string_view>

// region: stream-writer
class StreamWriter {
public:
    /// The writer of `protocol`'s connection.
    explicit StreamWriter(std::shared_ptr<StreamProtocol> protocol);

    /// Queues `data` on the transport. Never waits, never throws; dropped
    /// once the writer is closing (the transport's rule).
    void write(std::string_view data);
    /// Waits while the transport's buffer is above its high water mark;
    /// returns at once when it is not. Every task waiting here resumes
    /// when the buffer is down to the low mark. Throws ConnectionError once
    /// the connection is lost (and, for the tasks waiting as it is lost,
    /// when it was lost for a failure; a clean close sent everything).
    Task<void> drain();
    /// Half-close: once the buffer is sent, the peer reads the end of the
    /// stream; reading goes on (asyncio's write_eof; chapter 10).
    void writeEof();
    /// Closes once everything written is sent (loseConnection).
    void close();
    /// Closes at once, dropping what is unsent; a TCP peer sees a reset
    /// (abortConnection). asyncio's transport.abort().
    void abort();
    /// close() or abort() has been called, or the connection is gone.
    bool isClosing() const;
    /// Waits until the connection is gone (connectionLost), whatever the
    /// reason: lostReason() tells it. Never throws but CancelledError.
    Task<void> waitClosed();
    /// Why the connection ended, once it has.
    std::optional<Reason> lostReason() const;

    /// The protocol under both streams (its reader, its transport).
    const std::shared_ptr<StreamProtocol>& protocol() const
    {
        return protocol_;
    }

private:
    std::shared_ptr<StreamProtocol> protocol_;
};
// endregion: stream-writer
