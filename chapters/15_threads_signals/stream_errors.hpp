#pragma once
/// What a stream's reads and writes throw, besides CancelledError: the
/// end of the stream came too soon, a line ran past the reader's limit,
/// or the connection is gone. asyncio has the first two under these
/// names; the third is its ConnectionResetError, and it carries chapter
/// 6's Reason, which says why in words a person can act on.

#include "protocol.hpp"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

// region: stream-errors
/// The stream ended before a read had what it asked for: readExactly(n)
/// before n bytes ("18 bytes read on a total of 36 expected bytes"), or
/// readUntil before the separator. `partial` holds the bytes that did come;
/// they are no longer in the reader.
class IncompleteReadError : public std::runtime_error {
public:
    IncompleteReadError(std::string partial,
                        std::optional<std::size_t> expected);

    /// What arrived before the end of the stream.
    const std::string& partial() const { return partial_; }
    /// How many bytes readExactly wanted; nullopt for readUntil, which
    /// wanted a separator, not a count.
    std::optional<std::size_t> expected() const { return expected_; }

private:
    std::string partial_;
    std::optional<std::size_t> expected_;
};

/// readUntil or readLine found more than the reader's limit in its buffer
/// before the separator (or without one at all). readUntil leaves the
/// bytes in the reader; readLine drops them (see there).
class LimitOverrunError : public std::runtime_error {
public:
    LimitOverrunError(std::string_view what, std::size_t consumed);

    /// How far into the buffer the search went: readUntil's caller may
    /// read that many bytes with readExactly to get past them.
    std::size_t consumed() const { return consumed_; }

private:
    std::size_t consumed_;
};

/// The connection is gone, and a stream was asked to wait on it:
/// "drain: connection lost: send: Broken pipe". Thrown by a read once the
/// connection failed (a clean end of stream is an empty read instead), by
/// drain() after the loss, and by openConnection when the connect failed
/// ("connect to 127.0.0.1:9: Connection refused"). asyncio throws
/// ConnectionResetError and ConnectionRefusedError for these, both kinds
/// of Python's ConnectionError.
class ConnectionError : public std::runtime_error {
public:
    /// `call` names what was asked ("drain", "read"); empty for none.
    ConnectionError(std::string_view call, Reason reason);

    /// Why the connection ended, or was never made.
    const Reason& reason() const { return reason_; }

private:
    Reason reason_;
};
// endregion: stream-errors
