#pragma once
/// Socket addresses, TCP and Unix domain, as the kernel takes them: what a
/// host name resolves to, and what a path becomes. The connector and the
/// listeners build their sockets from these.

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

// region: socket-address
/// One address for socket(), connect() and bind().
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;

    int family() const { return storage.ss_family; }
    const sockaddr* get() const
    {
        return reinterpret_cast<const sockaddr*>(&storage);
    }
};

/// What `host`:`port` resolves to, in getaddrinfo's order (IPv6 and IPv4
/// for "localhost", say). Throws std::runtime_error naming the host when it
/// does not resolve.
///
/// This blocks: getaddrinfo may ask a DNS server and wait for seconds.
/// From chapter 15 the loop calls it only for a numeric address, which
/// never waits; a name goes to the thread pool (resolver.hpp).
std::vector<SocketAddress> resolveTcp(const std::string& host,
                                      std::uint16_t port);

/// The most bytes a Unix domain socket's path may have: sun_path less the
/// terminating zero (107 on Linux).
std::size_t maxUnixPathLength();

/// The address of the Unix domain socket at `path`. Throws
/// std::invalid_argument for an empty path or one longer than
/// maxUnixPathLength(), saying so and what to do.
SocketAddress unixAddress(const std::string& path);

/// "127.0.0.1:8000", "[::1]:8000": how messages write a host and port.
std::string describeTcp(const std::string& host, std::uint16_t port);
// endregion: socket-address
