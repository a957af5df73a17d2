#pragma once
/// StreamReader: the bytes of one connection as a coroutine reads them
/// (asyncio's StreamReader). The protocol feeds it what the transport
/// delivers (feedData, feedEof); a task asks for what it wants: up to n
/// bytes, exactly n, everything up to a separator, a line. A read that
/// cannot be answered from the buffer suspends the task until more comes.
///
/// A read takes bytes out of the buffer only once it can return: a
/// readExactly cancelled half-way loses nothing, and the next read finds
/// every byte that had arrived.
///
/// Read-side flow control, which Part I left out: when more than twice
/// the limit is buffered, the reader asks its transport to stop reading
/// (pauseReading), so that a peer faster than the coroutine fills the
/// kernel's buffers and TCP slows it down, instead of filling our memory;
/// once reads bring the buffer back to the limit, it resumes.
///
/// A StreamReader is a cheap handle: copies share one buffer. A task may
/// keep one as long as it likes, past the end of its connection.

#include "protocol.hpp"
#include "task.hpp"

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

// region: stream-reader
class StreamReader {
public:
    /// asyncio's default: 64 KiB, a line longer than that is an error.
    static constexpr std::size_t defaultLimit = 64 * 1024;

    /// An empty reader, fed by hand (tests) or by a StreamProtocol.
    /// `limit` bounds readUntil and readLine and sets the flow control's
    /// marks; std::invalid_argument for 0.
    explicit StreamReader(std::size_t limit = defaultLimit);

    // region: reads
    /// At most `n` bytes: what is buffered, or, if nothing is, what comes
    /// next. Empty at the end of the stream (or for n = 0).
    Task<std::string> read(std::size_t n);
    /// Everything until the end of the stream.
    Task<std::string> read();
    /// Exactly `n` bytes. IncompleteReadError, carrying what did come
    /// (taken out of the reader), if the stream ends first.
    Task<std::string> readExactly(std::size_t n);
    /// Everything up to and including `separator` (not empty), found even
    /// when it arrives split across chunks. IncompleteReadError (with
    /// everything buffered, taken out) if the stream ends first;
    /// LimitOverrunError if more than limit() bytes come before it, or
    /// without it: the bytes stay in the reader.
    Task<std::string> readUntil(std::string separator = "\n");
    /// A line, with its "\n"; at the end of the stream, what is left
    /// (maybe a last line without "\n", maybe nothing). LimitOverrunError
    /// for a line longer than limit(): unlike readUntil, what has come of
    /// that line is dropped, through its "\n" if that is there, else all
    /// that is buffered. In that second case the rest of the long line is
    /// still on its way, and the next readLine returns it as a line, as
    /// asyncio's readline does: a protocol that must drop a long line whole
    /// reads on with readUntil and LimitOverrunError::consumed().
    Task<std::string> readLine();
    /// The end of the stream has been fed and every byte read.
    bool atEof() const;
    // endregion: reads

    // Only one task may wait for bytes at a time: a second read while one
    // waits throws std::logic_error (two readers would race for bytes).
    // Once the connection has failed (a reset, say), every read throws
    // ConnectionError, even with bytes still buffered: the stream is
    // broken, as in asyncio. A clean end is an end of stream instead.

    // region: feeding
    /// The protocol's side. Bytes arrived: they are appended, and a task
    /// waiting for them is resumed.
    void feedData(std::string_view data);
    /// The peer sends no more. Idempotent.
    void feedEof();
    /// The connection failed: reads that the buffer cannot answer throw
    /// `error`, and a waiting task is resumed to throw it.
    void setException(std::exception_ptr error);
    /// The transport whose reading this reader pauses and resumes
    /// (nullptr: none, or no longer: connectionLost).
    void setTransport(ITransport* transport);
    // endregion: feeding

    std::size_t limit() const;
    /// Bytes buffered and not yet read.
    std::size_t buffered() const;
    /// The reader has asked its transport to stop reading.
    bool readingPaused() const;

    struct State; // shared by the copies; stream_reader.cpp

private:
    std::shared_ptr<State> state_;
};
// endregion: stream-reader
