#include "connect_attempt.hpp"

#include "transport.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <utility>

ConnectAttempt::ConnectAttempt(Reactor& reactor,
                               std::shared_ptr<Connector> connector)
    : reactor_{reactor}, connector_{std::move(connector)}
{
}

// region: timeout
void ConnectAttempt::start()
{
    if (const auto limit = connector_->timeout_) {
        // Weak: the timer must not keep a finished attempt alive, and it
        // is cancelled when the attempt ends anyway.
        timeout_ = reactor_.callLater(
            *limit,
            [weak = weak_from_this()] {
                if (const auto self = weak.lock()) {
                    self->timedOut();
                }
            },
            "the connect timeout");
    }
    if (connector_->addresses_.empty() && connector_->resolver_) {
        lookUp(); // the timeout covers the lookup too
    } else {
        connectNext();
    }
}

// region: look-up
// The name is looked up in the pool; the attempt goes on from the loop
// when the answer comes, unless it ended meanwhile (stopped, timed out).
void ConnectAttempt::lookUp()
{
    // Nothing else holds the attempt while it waits for a worker (it has
    // no socket yet): the reactor keeps it until the answer.
    reactor_.hold(shared_from_this());
    lookup_ = connector_->resolver_();
    lookup_->addCallbacks(
        [weak = weak_from_this()](std::vector<SocketAddress> addresses) {
            if (const auto self = weak.lock()) {
                self->reactor_.release(*self);
                if (!self->ended_) {
                    self->connector_->addresses_ = addresses;
                    self->connectNext();
                }
            }
            return addresses;
        },
        [weak = weak_from_this()](const Failure& failure) {
            if (const auto self = weak.lock()) {
                self->reactor_.release(*self);
                if (!self->ended_) {
                    self->fail(Reason::failed(
                        "connect to " + self->connector_->getDestination(),
                        failure.what()));
                }
            }
            return std::vector<SocketAddress>{};
        });
}
// endregion: look-up

void ConnectAttempt::timedOut()
{
    if (ended_) {
        return;
    }
    // The kernel would go on trying for minutes: closing the socket is
    // what calls the attempt off.
    const double seconds =
        std::chrono::duration<double>(*connector_->timeout_).count();
    fail(Reason::timedOut("connect to " + connector_->getDestination(),
                          seconds));
}
// endregion: timeout

// region: connect-sequence
void ConnectAttempt::connectNext()
{
    const auto& addresses = connector_->addresses_;
    while (next_ < addresses.size()) {
        const SocketAddress& address = addresses[next_++];
        // Non-blocking from birth: connect() must return at once.
        socket_ = common::FileDescriptor{
            ::socket(address.family(),
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
        if (socket_ &&
            (::connect(socket_.get(), address.get(), address.length) == 0 ||
             errno == EINPROGRESS)) {
            // Under way (or, on a Unix socket, done already). Either way
            // the socket turns writable when the outcome is known, and the
            // outcome is handled in one place, doWrite, from the loop.
            try {
                reactor_.addWriter(shared_from_this());
                return;
            } catch (const UnwatchableDescriptor& error) {
                socket_.reset();
                lastFailure_ = Reason::failed(
                    "connect to " + connector_->getDestination(),
                    error.what());
                continue;
            }
        }
        // Failed at once: no socket (out of descriptors), or connect()
        // knew the answer already (a Unix path where nobody listens, a
        // network with no route). Try the next address.
        lastFailure_ = connectFailure(connector_->getDestination(), errno);
        socket_.reset();
    }
    // Nothing left to try. We may be inside connectTCP: the factory hears
    // it from the loop.
    failSoon(lastFailure_.value_or(
        Reason::failed("connect to " + connector_->getDestination(),
                       "no address to connect to")));
}
// endregion: connect-sequence

// region: so-error
void ConnectAttempt::doWrite()
{
    // Writable means connect() has finished; whether it worked is the
    // socket's pending error, which reading also clears.
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(socket_.get(), SOL_SOCKET, SO_ERROR, &error, &length) <
        0) {
        error = errno;
    }
    reactor_.removeWriter(*this);
    if (error == 0) {
        succeed();
        return;
    }
    lastFailure_ = connectFailure(connector_->getDestination(), error);
    socket_.reset();
    connectNext(); // the next address, or the failure
}
// endregion: so-error

void ConnectAttempt::succeed()
{
    ended_ = true;
    if (timeout_.active()) {
        timeout_.cancel();
    }
    Connector& connector = *connector_;
    std::shared_ptr<Protocol> protocol;
    if (auto failure = callGuarded(
            "buildProtocol",
            [&] { protocol = connector.factory_->buildProtocol(); },
            "the client factory")) {
        socket_.reset(); // the server sees the connection end at once
        connector.failed(*failure);
        return;
    }
    if (!protocol) {
        socket_.reset();
        connector.failed(
            Reason::failed("connect to " + connector.getDestination(),
                           "the client factory's buildProtocol gave no "
                           "protocol"));
        return;
    }
    auto transport = std::make_shared<Transport>(reactor_, std::move(socket_),
                                                 std::move(protocol));
    // Before activate: makeConnection may end the connection at once, and
    // the connector must hear of it.
    connector.connected(transport);
    transport->activate();
}

void ConnectAttempt::stop(const Reason& reason)
{
    if (!ended_) {
        fail(reason);
    }
}

void ConnectAttempt::failSoon(Reason reason)
{
    // Not ended yet: a stopConnecting before the next turn still wins.
    reactor_.callSoon(
        [self = shared_from_this(), reason = std::move(reason)] {
            self->stop(reason);
        },
        "a failed connect");
}

void ConnectAttempt::fail(const Reason& reason)
{
    ended_ = true;
    if (lookup_ && !lookup_->called()) {
        // A lookup still waiting for a worker is dropped; its errback
        // gives the attempt back to its callers (who hold it now).
        lookup_->cancel();
    }
    if (timeout_.active()) {
        timeout_.cancel();
    }
    reactor_.removeWriter(*this); // before the socket closes
    socket_.reset();
    // Keeps the connector alive through its call into the factory, which
    // may drop the last handle on it.
    const std::shared_ptr<Connector> connector = connector_;
    connector->failed(reason);
}
