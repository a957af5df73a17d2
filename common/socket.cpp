#include "socket.hpp"

#include "error.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace common {

namespace {

struct AddrInfoDeleter {
    void operator()(addrinfo* info) const noexcept { ::freeaddrinfo(info); }
};
using AddrInfoList = std::unique_ptr<addrinfo, AddrInfoDeleter>;

AddrInfoList resolve(const std::string& host, std::uint16_t port, int flags)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = flags | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
        rc != 0) {
        throw std::runtime_error("getaddrinfo(" + host +
                                 "): " + ::gai_strerror(rc));
    }
    return AddrInfoList{found};
}

FileDescriptor openSocket(const addrinfo& address)
{
    // SOCK_CLOEXEC: a descriptor should never leak into a child process.
    FileDescriptor fd{::socket(address.ai_family,
                               address.ai_socktype | SOCK_CLOEXEC,
                               address.ai_protocol)};
    if (!fd) {
        throwSystemError("socket");
    }
    return fd;
}

// The peer a connect() is waiting for, for the watchdog's thread.
std::mutex connectingMutex;
std::string connectingPeer;

// Names the peer for as long as a connect() may block.
class ConnectingNote {
public:
    explicit ConnectingNote(std::string peer)
    {
        std::lock_guard lock{connectingMutex};
        connectingPeer = std::move(peer);
    }
    ~ConnectingNote()
    {
        std::lock_guard lock{connectingMutex};
        connectingPeer.clear();
    }
    ConnectingNote(const ConnectingNote&) = delete;
    ConnectingNote& operator=(const ConnectingNote&) = delete;
};

} // namespace

FileDescriptor listenTcp(const std::string& host, std::uint16_t port,
                         int backlog)
{
    const AddrInfoList addresses = resolve(host, port, AI_PASSIVE);
    const addrinfo& address = *addresses;
    FileDescriptor fd = openSocket(address);
    const int on = 1;
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) <
        0) {
        throwSystemError("setsockopt(SO_REUSEADDR)");
    }
    if (::bind(fd.get(), address.ai_addr, address.ai_addrlen) < 0) {
        throwSystemError("bind(" + host + ":" + std::to_string(port) + ")");
    }
    if (::listen(fd.get(), backlog) < 0) {
        throwSystemError("listen");
    }
    return fd;
}

FileDescriptor connectTcp(const std::string& host, std::uint16_t port)
{
    const AddrInfoList addresses = resolve(host, port, 0);
    const ConnectingNote note{host + ":" + std::to_string(port)};
    int lastError = 0;
    for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
        FileDescriptor fd = openSocket(*a);
        if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) == 0) {
            return fd;
        }
        lastError = errno;
    }
    throwSystemError("connect(" + host + ":" + std::to_string(port) + ")",
                     lastError);
}

std::string connectingTo()
{
    std::lock_guard lock{connectingMutex};
    return connectingPeer;
}

std::string describeConnecting()
{
    const std::string peer = connectingTo();
    if (peer.empty()) {
        return {};
    }
    return "The client was blocked in connect() to " + peer +
           ".\nThe server has not answered: a server whose queue of "
           "connections not yet\naccepted is full answers no new one, and "
           "the client waits until it accepts\none or connect() gives up.";
}

FileDescriptor acceptConnection(int listener)
{
    FileDescriptor fd{::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC)};
    if (!fd) {
        throwSystemError("accept");
    }
    return fd;
}

void setNonBlocking(int fd, bool nonBlocking)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0) {
        throwSystemError("fcntl(F_GETFL)");
    }
    const int wanted = nonBlocking ? (flags | O_NONBLOCK)
                                   : (flags & ~O_NONBLOCK);
    if (::fcntl(fd, F_SETFL, wanted) < 0) {
        throwSystemError("fcntl(F_SETFL)");
    }
}

std::uint16_t boundPort(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) <
        0) {
        throwSystemError("getsockname");
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

std::pair<FileDescriptor, FileDescriptor> connectedPair()
{
    FileDescriptor listener = listenTcp("127.0.0.1", 0, 1);
    FileDescriptor client = connectTcp("127.0.0.1", boundPort(listener.get()));
    FileDescriptor server = acceptConnection(listener.get());
    return {std::move(client), std::move(server)};
}

namespace {

void setBufferSize(int fd, int option, const char* name, int bytes)
{
    if (::setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof bytes) < 0) {
        throwSystemError(std::string{"setsockopt("} + name + ")");
    }
}

} // namespace

void setSendBufferSize(int fd, int bytes)
{
    setBufferSize(fd, SO_SNDBUF, "SO_SNDBUF", bytes);
}

void setReceiveBufferSize(int fd, int bytes)
{
    setBufferSize(fd, SO_RCVBUF, "SO_RCVBUF", bytes);
}

} // namespace common
