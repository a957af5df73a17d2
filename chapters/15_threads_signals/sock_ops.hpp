#pragma once
/// The socket operations as coroutines, asyncio's sock_recv, sock_sendall,
/// sock_accept and sock_connect. Each
/// tries its system call first, and only when the kernel answers EAGAIN
/// waits for the descriptor through the reactor, then tries again: the
/// non-blocking loop of chapter 4, written as the blocking code it
/// replaces. The descriptor must be non-blocking (common::setNonBlocking).
/// Each can be cancelled while it waits: the descriptor is unregistered and
/// CancelledError thrown. Errors are std::system_error naming the call.
///
/// The arguments are taken by value, so that the task owns them while it
/// waits; the reactor is taken by reference and must outlive the task.

#include "file_descriptor.hpp"
#include "reactor.hpp"
#include "socket_address.hpp"
#include "task.hpp"

#include <cstddef>
#include <string>

// region: sock-ops
/// What has arrived on `fd`, at most `maxBytes`, waiting until something
/// has. Empty at the end of the stream.
Task<std::string> sockRecv(Reactor& reactor, int fd, std::size_t maxBytes);

/// Sends all of `data`, waiting for room in the send buffer as often as it
/// takes. After an error, how much the peer got is unknown.
Task<void> sockSendall(Reactor& reactor, int fd, std::string data);

/// A connection accepted on the listening socket `fd`, waiting until one
/// arrives. The new socket is non-blocking too.
Task<common::FileDescriptor> sockAccept(Reactor& reactor, int fd);

/// Connects `fd`, a non-blocking socket of `address`'s family, waiting
/// until the attempt is over. A refusal or an unreachable network is a
/// std::system_error ("connect: Connection refused"). A cancel leaves the
/// socket half-way: close it.
Task<void> sockConnect(Reactor& reactor, int fd, SocketAddress address);
// endregion: sock-ops
