#pragma once
/// Host names looked up in the reactor's thread pool. getaddrinfo() has no
/// non-blocking form and may wait seconds for a DNS server; on the loop
/// thread (chapters 10 to 14) every connection and timer waited with it.
/// Twisted's threaded resolver and asyncio's loop.getaddrinfo() do what
/// this does: hand the call to a worker and wait for its Deferred.

#include "deferred.hpp"
#include "reactor.hpp"
#include "socket_address.hpp"

#include <cstdint>
#include <string>
#include <vector>

// region: resolver
/// What `host`:`port` resolves to, looked up on a worker of the reactor's
/// pool; fails with resolveTcp's error when the name does not resolve.
Deferred<std::vector<SocketAddress>> resolve(Reactor& reactor,
                                             std::string host,
                                             std::uint16_t port);

/// True for an address written in numbers (127.0.0.1, ::1), which
/// getaddrinfo() turns into an address without asking anybody: no need
/// for a thread.
bool isNumericHost(const std::string& host);
// endregion: resolver
