#include "listener.hpp"

#include "socket_address.hpp"
#include "transport.hpp"

#include "error.hpp"
#include "socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace {

// Errors that say the listening socket itself is wrong (closed, or not a
// listening socket): a bug of ours, which ends the program. Every other
// error accept() reports is about one connection or a passing shortage,
// and the listener waits for the next readiness: EAGAIN when readiness
// was stale, EINTR, ECONNABORTED for a client that gave up while queued,
// EPERM from a firewall, the network errors Linux's accept() reports in
// place of a connection that already failed (its manual page asks callers
// to treat them like EAGAIN), and ENOBUFS or ENOMEM when the kernel is
// short of memory. Those last two leave the connection queued, so the
// loop comes straight back and spins until memory is found: a pause would
// be kinder, but pausing needs the timers of chapter 9.
bool listenerIsBroken(int error)
{
    return error == EBADF || error == EFAULT || error == EINVAL ||
           error == ENOTSOCK;
}

common::FileDescriptor openReserve()
{
    return common::FileDescriptor{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
}

} // namespace

Listener::Listener(Reactor& reactor, common::FileDescriptor socket,
                   ProtocolFactory factory)
    : reactor_{reactor}, socket_{std::move(socket)},
      factory_{std::move(factory)}, reserve_{openReserve()}
{
    if (!reserve_) {
        common::throwSystemError("open(/dev/null)");
    }
}

void Listener::setReadSize(std::size_t bytes)
{
    if (bytes == 0 || bytes > Transport::maxReadSize) {
        throw std::invalid_argument{"setReadSize: a read size must be from "
                                    "1 byte to 64 KiB"};
    }
    readSize_ = bytes;
}

void Listener::activate()
{
    // Non-blocking, because "readable" can be stale by the time we accept
    // (another process took the connection, or a reset removed it), and
    // a blocking accept() would then hold up the whole loop.
    common::setNonBlocking(socket_.get());
    reactor_.addReader(shared_from_this());
}

Listener::~Listener()
{
    unlinkSocketFile(); // stopListening was never called
}

void Listener::stopListening()
{
    reactor_.removeReader(*this);
    socket_.reset();
    reserve_.reset();
    unlinkSocketFile();
}

std::uint16_t Listener::port() const
{
    if (!socket_ || socketFile_) {
        return 0;
    }
    return common::boundPort(socket_.get());
}

// region: unlink
namespace {

// The file at `path`, by device and inode; nullopt when there is none.
std::optional<std::pair<std::uint64_t, std::uint64_t>>
fileIdentity(const std::string& path)
{
    struct stat status {};
    if (::lstat(path.c_str(), &status) < 0) {
        return std::nullopt;
    }
    return std::pair{static_cast<std::uint64_t>(status.st_dev),
                     static_cast<std::uint64_t>(status.st_ino)};
}

} // namespace

void Listener::unlinkOnStop(const std::string& path)
{
    const auto identity = fileIdentity(path);
    if (!identity) {
        common::throwSystemError("stat(" + path + ")");
    }
    socketFile_ = SocketFile{path, identity->first, identity->second};
}

void Listener::unlinkSocketFile()
{
    if (!socketFile_) {
        return;
    }
    const SocketFile file = *std::exchange(socketFile_, std::nullopt);
    // Only our own file: if it was removed and another server bound the
    // same path since, that server's file stays where it is.
    if (fileIdentity(file.path) == std::pair{file.device, file.inode}) {
        ::unlink(file.path.c_str()); // a failure leaves a stale file, no more
    }
}
// endregion: unlink

// region: doRead
void Listener::doRead()
{
    common::FileDescriptor socket{::accept4(socket_.get(), nullptr, nullptr,
                                            SOCK_NONBLOCK | SOCK_CLOEXEC)};
    if (socket) {
        serve(std::move(socket));
    } else if (errno == EMFILE || errno == ENFILE) {
        refuseWithReserve(errno); // out of descriptors
    } else if (listenerIsBroken(errno)) {
        common::throwSystemError("accept");
    }
    // Otherwise no connection this time: wait for the next readiness.
}

void Listener::serve(common::FileDescriptor socket)
{
    std::shared_ptr<Protocol> protocol;
    if (const auto failure =
            callGuarded("factory", [&] { protocol = factory_(); })) {
        refuse(Refusal::factoryThrew, failure->text());
        return;
    }
    auto transport = std::make_shared<Transport>(reactor_, std::move(socket),
                                                 std::move(protocol));
    transport->setReadSize(readSize_);
    try {
        transport->activate();
    } catch (const UnwatchableDescriptor& error) {
        // The poller cannot watch it (select() past FD_SETSIZE): refusing
        // it costs one client, where the exception would end the loop.
        // The transport, never registered, closes the socket: the client
        // sees the end at once.
        unwatchable_ = error;
        refuse(Refusal::unwatchable, error.what());
    }
}
// endregion: doRead

// region: reserve
void Listener::refuseWithReserve(int error)
{
    // Out of descriptors, accept() leaves the connection queued, and the
    // loop would spin on a listener that stays readable. A pause in the
    // accepting would need a timer to end it (chapter 9), so the spare
    // makes room instead: accept, close at once, take the spare back.
    reserve_.reset();
    common::FileDescriptor doomed{
        ::accept4(socket_.get(), nullptr, nullptr, SOCK_CLOEXEC)};
    const bool accepted = doomed.valid();
    doomed.reset(); // the client sees its connection end
    reserve_ = openReserve(); // fails only if another thread took the slot
    if (accepted) {
        refuse(Refusal::outOfDescriptors,
               "accept: " + std::generic_category().message(error));
    }
}
// endregion: reserve

void Listener::refuse(Refusal kind, const std::string& why)
{
    ++refused_;
    bool& said = said_.at(static_cast<std::size_t>(kind));
    if (!said) {
        // Once per kind: a client opening thousands of connections must
        // not turn into thousands of lines.
        said = true;
        std::cerr << "Refused a connection: " << why
                  << " (the server goes on; later refusals like this one "
                     "are not shown)\n";
    }
}

// region: listen-functions
std::shared_ptr<Listener> listenTCP(Reactor& reactor, std::uint16_t port,
                                    Listener::ProtocolFactory factory,
                                    const std::string& host)
{
    // The longest queue of connections not yet accepted that the kernel
    // allows (net.core.somaxconn): thousands of clients dialling at once,
    // as chapter 13's echo test does, overflow a short one, and the kernel
    // then drops or resets the connections that find it full.
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(host, port, SOMAXCONN), std::move(factory));
    listener->activate();
    return listener;
}

namespace {

// bind() said EADDRINUSE: a file is at `path`. Find out which kind, and
// say what to do about it.
[[noreturn]] void throwPathInUse(const std::string& path,
                                 const SocketAddress& address)
{
    struct stat status {};
    if (::lstat(path.c_str(), &status) == 0 && !S_ISSOCK(status.st_mode)) {
        throw std::runtime_error{"listenUNIX(" + path +
                                 "): a file that is not a socket is in the "
                                 "way: choose another path"};
    }
    // A socket file: is anybody listening on it? Ask with a connect (no
    // network to wait on; non-blocking in case that server's queue is
    // full, which makes it EAGAIN: somebody is there).
    common::FileDescriptor probe{
        ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
    if (probe && ::connect(probe.get(), address.get(), address.length) < 0 &&
        errno == ECONNREFUSED) {
        throw std::runtime_error{
            "listenUNIX(" + path +
            "): a stale socket file is in the way, left by a server that "
            "is gone (nobody accepts on it): remove it (rm " +
            path + ") and start again"};
    }
    throw std::runtime_error{"listenUNIX(" + path +
                             "): another server is listening there: stop "
                             "it, or choose another path"};
}

} // namespace

std::shared_ptr<Listener> listenUNIX(Reactor& reactor, const std::string& path,
                                     Listener::ProtocolFactory factory)
{
    const SocketAddress address = unixAddress(path); // throws if too long
    common::FileDescriptor socket{
        ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (!socket) {
        common::throwSystemError("socket(AF_UNIX)");
    }
    if (::bind(socket.get(), address.get(), address.length) < 0) {
        if (errno == EADDRINUSE) {
            throwPathInUse(path, address);
        }
        common::throwSystemError("bind(unix:" + path + ")");
    }
    // Ours from here: removed again however this function ends (by the
    // listener, once it exists).
    std::shared_ptr<Listener> listener;
    try {
        listener = std::make_shared<Listener>(reactor, std::move(socket),
                                              std::move(factory));
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
    listener->unlinkOnStop(path);
    if (::listen(listener->fileno(), SOMAXCONN) < 0) {
        common::throwSystemError("listen(unix:" + path + ")");
    }
    listener->activate();
    return listener;
}
// endregion: listen-functions
