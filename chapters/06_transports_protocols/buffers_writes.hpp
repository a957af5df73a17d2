#pragma once
/// BuffersWrites: a writer that never waits. It sends what the socket takes
/// and keeps the rest for the next writable turn.

#include "reactor.hpp"

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>

/// How BuffersWrites sends: ::send by default; tests pass a stand-in that
/// takes short writes and fails with EAGAIN at will (errno set, -1 back).
using SendFunction =
    std::function<ssize_t(int fd, const char* data, std::size_t size)>;

/// ::send with MSG_NOSIGNAL, so a closed peer is the error EPIPE.
ssize_t sendNow(int fd, const char* data, std::size_t size);

// region: class
class BuffersWrites {
public:
    /// Called with the reactor and descriptor once every byte is written.
    using Completion = std::function<void(Reactor&, int fd)>;

    BuffersWrites(std::string dataToWrite, Completion onCompletion,
                  SendFunction send = sendNow);

    /// The writer handler: sends what it can; once the buffer is empty,
    /// removes itself from the reactor and calls onCompletion.
    void bufferingWrite(Reactor& reactor, int fd);

    /// Bytes still waiting to be sent.
    std::size_t buffered() const { return buffer_.size(); }

private:
    std::string buffer_;
    Completion onCompletion_;
    SendFunction send_;
};
// endregion: class
