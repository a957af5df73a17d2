#pragma once
/// TCP socket helpers. They are not the lesson of any chapter; the chapters
/// use them so that their own code can stay on the part being taught.
/// Every failure throws std::system_error naming the call and its errno.

#include "file_descriptor.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace common {

/// A listening TCP socket on host:port. Port 0 lets the OS pick a free one;
/// boundPort() says which. SO_REUSEADDR is set so a rerun can bind at once.
FileDescriptor listenTcp(const std::string& host = "127.0.0.1",
                         std::uint16_t port = 0, int backlog = 64);

/// A connected TCP socket (a blocking connect; the socket stays blocking).
/// While it waits in connect(), connectingTo() names the peer.
FileDescriptor connectTcp(const std::string& host, std::uint16_t port);

/// "HOST:PORT" while this process is blocked in connectTcp()'s connect(),
/// and empty otherwise. A connect() can wait for a long time (a server
/// whose queue of connections not yet accepted is full does not answer),
/// and the watchdog's reports, made on another thread, must say so rather
/// than guess. Safe to call from any thread.
std::string connectingTo();

/// The sentence those reports print while connectingTo() is not empty,
/// and an empty string otherwise.
std::string describeConnecting();

/// Accepts one connection from a listening socket.
FileDescriptor acceptConnection(int listener);

/// Puts a descriptor into (or out of) non-blocking mode with O_NONBLOCK.
void setNonBlocking(int fd, bool nonBlocking = true);

/// The local port a socket is bound to.
std::uint16_t boundPort(int fd);

/// Both ends of a connected loopback TCP pair: {client, server}.
std::pair<FileDescriptor, FileDescriptor> connectedPair();

/// Sets SO_SNDBUF or SO_RCVBUF; the kernel may round or double the value.
void setSendBufferSize(int fd, int bytes);
void setReceiveBufferSize(int fd, int bytes);

} // namespace common
