#include "sock_ops.hpp"

#include "descriptor_wait.hpp"
#include "error.hpp"

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>

namespace {

// The kernel has nothing now (or no room now): wait, then try again.
bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK;
}

} // namespace

// region: sock-recv
Task<std::string> sockRecv(Reactor& reactor, int fd, std::size_t maxBytes)
{
    std::string buffer(maxBytes, '\0');
    for (;;) {
        const ssize_t received = ::recv(fd, buffer.data(), maxBytes, 0);
        if (received >= 0) {
            buffer.resize(static_cast<std::size_t>(received));
            co_return buffer;
        }
        if (errno == EINTR) {
            continue;
        }
        if (!wouldBlock(errno)) {
            common::throwSystemError("recv");
        }
        co_await readable(reactor, fd);
    }
}
// endregion: sock-recv

// region: sock-sendall
Task<void> sockSendall(Reactor& reactor, int fd, std::string data)
{
    std::size_t sent = 0;
    while (sent < data.size()) {
        // MSG_NOSIGNAL: a peer that has gone is an EPIPE error, not a
        // SIGPIPE that ends the program.
        const ssize_t n =
            ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n >= 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (!wouldBlock(errno)) {
            common::throwSystemError("send");
        }
        co_await writable(reactor, fd);
    }
}
// endregion: sock-sendall

Task<common::FileDescriptor> sockAccept(Reactor& reactor, int fd)
{
    for (;;) {
        const int accepted =
            ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (accepted >= 0) {
            co_return common::FileDescriptor{accepted};
        }
        // A connection that was reset before we took it (ECONNABORTED) is
        // not the listener's failure: wait for the next one.
        if (errno == EINTR || errno == ECONNABORTED) {
            continue;
        }
        if (!wouldBlock(errno)) {
            common::throwSystemError("accept");
        }
        co_await readable(reactor, fd);
    }
}

// region: sock-connect
Task<void> sockConnect(Reactor& reactor, int fd, SocketAddress address)
{
    if (::connect(fd, address.get(), address.length) == 0) {
        co_return; // a Unix domain socket may connect at once
    }
    // EINTR: the attempt goes on without us, as with EINPROGRESS.
    if (errno != EINPROGRESS && errno != EINTR) {
        common::throwSystemError("connect");
    }
    // Writable once the attempt is over, whichever way it went; SO_ERROR
    // says which (and reading it clears it).
    co_await writable(reactor, fd);
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) {
        common::throwSystemError("getsockopt(SO_ERROR)");
    }
    if (error != 0) {
        common::throwSystemError("connect", error);
    }
}
// endregion: sock-connect
