#pragma once
/// sendall(): Python's socket.sendall, which C has no equivalent of.

#include <atomic>
#include <cstddef>
#include <string_view>

/// What the current sendall() has done so far. Atomic, because the stall
/// watchdog reads it from its own thread while sendall() is blocked.
struct SendallProgress {
    std::atomic<std::size_t> asked{0}; ///< bytes the call was asked to send
    std::atomic<std::size_t> taken{0}; ///< bytes the kernel has taken so far
};

/// Sends every byte of `data` on a blocking socket, calling send() until the
/// kernel has taken them all. Each send() blocks while the kernel's buffers
/// are full, so sendall() returns only once the peer has read enough.
void sendall(int fd, std::string_view data, SendallProgress& progress);
