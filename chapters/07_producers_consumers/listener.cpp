#include "listener.hpp"

#include "transport.hpp"

#include "error.hpp"
#include "socket.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace {

// Errors after which the listener simply waits for the next connection:
// nothing was waiting after all, a signal, a connection aborted while it
// queued, or (Linux, see accept(2)) a network error already pending on a
// connection, which accept() reports in place of the connection.
bool acceptCanRetry(int error)
{
    switch (error) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EINTR:
    case ECONNABORTED:
    case ENETDOWN:
    case EPROTO:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
        return true;
    default:
        return false;
    }
}

} // namespace

Listener::Listener(Reactor& reactor, common::FileDescriptor socket,
                   ProtocolFactory factory)
    : reactor_{reactor}, socket_{std::move(socket)},
      factory_{std::move(factory)}
{
}

void Listener::activate()
{
    // Non-blocking, because "readable" can be stale by the time we accept
    // (another process took the connection, or a reset removed it), and
    // a blocking accept() would then hold up the whole loop.
    common::setNonBlocking(socket_.get());
    reactor_.addReader(shared_from_this());
}

void Listener::stopListening()
{
    reactor_.removeReader(*this);
    socket_.reset();
}

// region: doRead
void Listener::doRead()
{
    common::FileDescriptor socket{::accept4(socket_.get(), nullptr, nullptr,
                                            SOCK_NONBLOCK | SOCK_CLOEXEC)};
    if (!socket) {
        if (acceptCanRetry(errno)) {
            return; // not the listener's failure: wait for the next one
        }
        common::throwSystemError("accept"); // EMFILE, say: out of fds
    }
    auto transport = std::make_shared<Transport>(reactor_, std::move(socket),
                                                 factory_());
    transport->activate();
}
// endregion: doRead
