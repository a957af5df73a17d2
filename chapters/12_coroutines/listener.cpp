#include "listener.hpp"

#include "transport.hpp"

#include "error.hpp"
#include "socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

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

void Listener::stopListening()
{
    reactor_.removeReader(*this);
    socket_.reset();
    reserve_.reset();
}

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
