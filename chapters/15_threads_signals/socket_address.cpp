#include "socket_address.hpp"

#include <netdb.h>
#include <sys/un.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace {

struct AddrInfoDeleter {
    void operator()(addrinfo* info) const noexcept { ::freeaddrinfo(info); }
};

} // namespace

// region: resolve
std::vector<SocketAddress> resolveTcp(const std::string& host,
                                      std::uint16_t port)
{
    // Blocks the loop until the name is resolved (chapter 15 moves this
    // call to a thread pool). A numeric host such as 127.0.0.1 does not.
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc =
            ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
        rc != 0) {
        throw std::runtime_error{"cannot resolve " + host + " (" +
                                 ::gai_strerror(rc) + ")"};
    }
    const std::unique_ptr<addrinfo, AddrInfoDeleter> owned{found};
    std::vector<SocketAddress> addresses;
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        SocketAddress address;
        std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
        address.length = a->ai_addrlen;
        addresses.push_back(address);
    }
    return addresses;
}
// endregion: resolve

std::size_t maxUnixPathLength()
{
    return sizeof(sockaddr_un::sun_path) - 1;
}

// region: unix-address
SocketAddress unixAddress(const std::string& path)
{
    if (path.empty()) {
        throw std::invalid_argument{"a Unix domain socket needs a path: "
                                    "write unix:PATH"};
    }
    if (path.size() > maxUnixPathLength()) {
        // The kernel would say only "Invalid argument", or worse, cut the
        // path short and bind somewhere else.
        throw std::invalid_argument{
            "unix:" + path + ": the path is " + std::to_string(path.size()) +
            " bytes, and a Unix domain socket's path holds at most " +
            std::to_string(maxUnixPathLength()) +
            ": use a shorter one (a relative path, or one in /tmp)"};
    }
    SocketAddress address;
    auto* un = reinterpret_cast<sockaddr_un*>(&address.storage);
    un->sun_family = AF_UNIX;
    // Zero-terminated: the storage was zeroed, and the path fits.
    std::memcpy(un->sun_path, path.data(), path.size());
    address.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) +
                                            path.size() + 1);
    return address;
}
// endregion: unix-address

std::string describeTcp(const std::string& host, std::uint16_t port)
{
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}
