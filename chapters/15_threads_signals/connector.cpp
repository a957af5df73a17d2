#include "connector.hpp"

#include "connect_attempt.hpp"
#include "resolver.hpp"
#include "transport.hpp"

#include <cerrno>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <utility>

Connector::Connector(Reactor& reactor, std::string destination,
                     std::vector<SocketAddress> addresses,
                     std::shared_ptr<ClientFactory> factory,
                     std::optional<Duration> timeout,
                     std::optional<Reason> failure)
    : reactor_{reactor}, destination_{std::move(destination)},
      addresses_{std::move(addresses)}, factory_{std::move(factory)},
      timeout_{timeout}, failure_{std::move(failure)}
{
    if (!factory_) {
        throw std::invalid_argument{"connect to " + destination_ +
                                    ": no client factory"};
    }
}

Connector::~Connector() = default;

// region: connector-connect
void Connector::connect()
{
    if (state_ != State::disconnected) {
        throw std::logic_error{"connect to " + destination_ +
                               ": already connecting or connected"};
    }
    state_ = State::connecting;
    const auto attempt =
        std::make_shared<ConnectAttempt>(reactor_, shared_from_this());
    attempt_ = attempt;
    std::optional<Reason> threw = callGuarded(
        "startedConnecting", [this] { factory_->startedConnecting(*this); },
        "the client factory");
    if (threw) {
        // A broken factory costs this attempt; the factory hears it from
        // the loop, as every outcome, never from inside connectTCP.
        attempt->failSoon(*threw);
    } else if (state_ != State::connecting || attempt_.lock() != attempt) {
        // startedConnecting called stopConnecting (and maybe connect).
    } else if (failure_) {
        attempt->failSoon(*failure_); // nothing to connect to
    } else {
        attempt->start();
    }
}
// endregion: connector-connect

void Connector::stopConnecting()
{
    const auto attempt = attempt_.lock();
    if (state_ != State::connecting || !attempt) {
        throw std::logic_error{"stopConnecting: not connecting to " +
                               destination_};
    }
    attempt->stop(Reason::cancelled("connect to " + destination_));
}

void Connector::disconnect()
{
    if (state_ == State::connecting) {
        stopConnecting();
    } else if (const auto transport = transport_.lock()) {
        transport->loseConnection();
    }
}

ITransport* Connector::transport() const
{
    return state_ == State::connected ? transport_.lock().get() : nullptr;
}

void Connector::connected(const std::shared_ptr<Transport>& transport)
{
    state_ = State::connected;
    attempt_.reset();
    transport_ = transport;
    // The transport holds the connector until it is lost, so a caller
    // need not keep the handle for clientConnectionLost to be called.
    transport->afterConnectionLost(
        [self = shared_from_this()](const Reason& reason) {
            self->lost(reason);
        });
}

void Connector::failed(const Reason& reason)
{
    // Disconnected before the factory hears it: it may connect() again.
    state_ = State::disconnected;
    attempt_.reset();
    callFactory("clientConnectionFailed",
                [&] { factory_->clientConnectionFailed(*this, reason); });
}

void Connector::lost(const Reason& reason)
{
    state_ = State::disconnected;
    transport_.reset();
    callFactory("clientConnectionLost",
                [&] { factory_->clientConnectionLost(*this, reason); });
}

void Connector::callFactory(const char* method,
                            const std::function<void()>& call)
{
    // There is no connection left for a failure here to end: it is said
    // on stderr, and the loop goes on.
    if (const auto failure = callGuarded(method, call, "the client factory")) {
        std::cerr << "Ignored (the connection had ended anyway): "
                  << failure->text() << '\n';
    }
}

// region: connect-failure
Reason connectFailure(const std::string& destination, int error)
{
    const std::string what = "connect to " + destination;
    const std::string words = std::generic_category().message(error);
    if (destination.starts_with("unix:")) {
        switch (error) {
        case ECONNREFUSED:
            return Reason::failed(what,
                                  words + " (the socket file is there but "
                                          "no server is: a stale one, left "
                                          "by a server that is gone?)",
                                  error);
        case ENOENT:
            return Reason::failed(
                what, words + " (no socket file: is the server running?)",
                error);
        case EAGAIN:
            return Reason::failed(
                what,
                "the server's queue of connections is full (try again "
                "later)",
                error);
        default:
            break;
        }
    }
    return Reason::failed(what, error);
}
// endregion: connect-failure

// region: connect-functions
std::shared_ptr<Connector>
connectTCP(Reactor& reactor, const std::string& host, std::uint16_t port,
           std::shared_ptr<ClientFactory> factory,
           std::optional<Duration> timeout)
{
    const std::string destination = describeTcp(host, port);
    std::vector<SocketAddress> addresses;
    std::optional<Reason> failure;
    if (isNumericHost(host)) {
        try {
            addresses = resolveTcp(host, port); // numbers: nobody to ask
        } catch (const std::runtime_error& error) {
            failure = Reason::failed("connect to " + destination, error.what());
        }
    }
    auto connector = std::make_shared<Connector>(
        reactor, destination, std::move(addresses), std::move(factory),
        timeout, std::move(failure));
    if (!isNumericHost(host)) {
        // A name: looked up in the pool by each attempt that needs it.
        connector->setResolver(
            [&reactor, host, port] { return resolve(reactor, host, port); });
    }
    connector->connect();
    return connector;
}

std::shared_ptr<Connector>
connectUNIX(Reactor& reactor, const std::string& path,
            std::shared_ptr<ClientFactory> factory,
            std::optional<Duration> timeout)
{
    auto connector = std::make_shared<Connector>(
        reactor, "unix:" + path, std::vector{unixAddress(path)},
        std::move(factory), timeout);
    connector->connect();
    return connector;
}
// endregion: connect-functions
