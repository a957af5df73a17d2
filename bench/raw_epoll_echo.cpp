// The limit every chapter's echo server is measured against: one thread,
// one level-triggered epoll set, no framework. Each connection's bytes go
// straight back; what the kernel does not take at once waits in that
// connection's buffer, and the connection is not read again until the
// buffer is empty (so a client that never reads cannot grow it without end).
//
//     bench_raw_epoll_echo [PORT]
//
// Listens on 127.0.0.1:PORT (default 0, any free port) and prints
// "listening on 127.0.0.1:PORT" with the real port, so that scripts can
// find it. Runs until a signal ends it. scripts/bench echo runs it beside
// the chapters' servers, in the same run, and reports their ratios to it.
#include "error.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <unordered_map>

namespace {

struct Connection {
    common::FileDescriptor fd;
    std::string pending; // bytes read and not yet sent back
};

void watch(int epoll, int op, int fd, std::uint32_t events)
{
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (::epoll_ctl(epoll, op, fd, &event) < 0) {
        common::throwSystemError("epoll_ctl");
    }
}

void acceptAll(int epoll, int listener,
               std::unordered_map<int, Connection>& connections)
{
    for (;;) {
        const int fd = ::accept4(listener, nullptr, nullptr,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) {
                return;
            }
            common::throwSystemError("accept4");
        }
        connections[fd].fd = common::FileDescriptor{fd};
        watch(epoll, EPOLL_CTL_ADD, fd, EPOLLIN);
    }
}

// Sends what is pending; returns false when the connection is finished.
bool flush(int epoll, Connection& connection)
{
    const int fd = connection.fd.get();
    while (!connection.pending.empty()) {
        const ssize_t sent =
            ::send(fd, connection.pending.data(), connection.pending.size(),
                   MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN) {
                watch(epoll, EPOLL_CTL_MOD, fd, EPOLLOUT);
                return true;
            }
            return false; // reset by the peer, say: drop the connection
        }
        connection.pending.erase(0, static_cast<std::size_t>(sent));
    }
    watch(epoll, EPOLL_CTL_MOD, fd, EPOLLIN);
    return true;
}

// Reads once (level-triggered: epoll says so again if more is waiting)
// and echoes; returns false when the connection is finished.
bool echo(int epoll, Connection& connection)
{
    char buffer[64 * 1024];
    const ssize_t got = ::recv(connection.fd.get(), buffer, sizeof buffer, 0);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
        return false;
    }
    if (got < 0) {
        return true;
    }
    // Straight back from the stack; only what the kernel does not take is
    // copied, to wait for EPOLLOUT.
    const ssize_t sent = ::send(connection.fd.get(), buffer,
                                static_cast<std::size_t>(got), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN) {
        return false;
    }
    const std::size_t taken = sent < 0 ? 0 : static_cast<std::size_t>(sent);
    if (taken == static_cast<std::size_t>(got)) {
        return true;
    }
    connection.pending.assign(buffer + taken,
                              static_cast<std::size_t>(got) - taken);
    return flush(epoll, connection);
}

[[noreturn]] void serve(int listener)
{
    const common::FileDescriptor epoll{::epoll_create1(EPOLL_CLOEXEC)};
    if (!epoll) {
        common::throwSystemError("epoll_create1");
    }
    watch(epoll.get(), EPOLL_CTL_ADD, listener, EPOLLIN);
    std::unordered_map<int, Connection> connections;
    epoll_event events[256];
    for (;;) {
        const int ready = ::epoll_wait(epoll.get(), events, 256, -1);
        if (ready < 0 && errno != EINTR) {
            common::throwSystemError("epoll_wait");
        }
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                acceptAll(epoll.get(), listener, connections);
                continue;
            }
            Connection& connection = connections.at(fd);
            const bool open = (events[i].events & EPOLLOUT) != 0
                                  ? flush(epoll.get(), connection)
                                  : echo(epoll.get(), connection);
            if (!open) {
                connections.erase(fd); // closing removes it from the set
            }
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const int port = argc > 1 ? std::atoi(argv[1]) : 0;
        if (argc > 2 || port < 0 || port > 65535) {
            std::fprintf(stderr, "usage: %s [PORT]\n", argv[0]);
            return 2;
        }
        const common::FileDescriptor listener = common::listenTcp(
            "127.0.0.1", static_cast<std::uint16_t>(port), SOMAXCONN);
        common::setNonBlocking(listener.get());
        std::printf("listening on 127.0.0.1:%u\n",
                    common::boundPort(listener.get()));
        std::fflush(stdout);
        serve(listener.get());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
        return 1;
    }
}
