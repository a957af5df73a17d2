#include "buffers_writes.hpp"

#include "error.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <iostream>

ssize_t sendNow(int fd, const char* data, std::size_t size)
{
    return ::send(fd, data, size, MSG_NOSIGNAL);
}

BuffersWrites::BuffersWrites(std::string dataToWrite, Completion onCompletion,
                             SendFunction send)
    : buffer_{std::move(dataToWrite)}, onCompletion_{std::move(onCompletion)},
      send_{std::move(send)}
{
}

// region: bufferingWrite
void BuffersWrites::bufferingWrite(Reactor& reactor, int fd)
{
    if (!buffer_.empty()) {
        const ssize_t n = send_(fd, buffer_.data(), buffer_.size());
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                common::throwSystemError("send");
            }
            return; // no room after all: wait for the next writable turn
        }
        std::cout << "Wrote " << n << " bytes\n";
        // NOTE: erasing the front copies everything that is left, on every
        // partial send; 07_producers_consumers replaces this buffer.
        buffer_.erase(0, static_cast<std::size_t>(n));
    }
    if (buffer_.empty()) {
        reactor.removeWriter(fd);
        onCompletion_(reactor, fd);
    }
}
// endregion: bufferingWrite
