#pragma once
/// The client side: a connect that never blocks the loop. connectTCP and
/// connectUNIX start a non-blocking connect() and return at once with a
/// Connector, the handle on the attempt (Twisted's IConnector). The outcome
/// arrives later, from the loop, on a ClientFactory: a transport and a new
/// protocol when the connection is made, clientConnectionFailed when it is
/// refused, unreachable, timed out or called off, and clientConnectionLost
/// when a connection that was made ends.

#include "deferred.hpp"
#include "protocol.hpp"
#include "reactor.hpp"
#include "reactor_time.hpp"
#include "socket_address.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class Connector;
class ConnectAttempt;
class Transport;

// region: client-factory
/// What a client connection is made by, and who hears how it went
/// (Twisted's ClientFactory). Only buildProtocol must be written.
class ClientFactory {
public:
    virtual ~ClientFactory() = default;

    /// The protocol of a connection just made. If it throws, the connection
    /// is closed and clientConnectionFailed says so.
    virtual std::shared_ptr<Protocol> buildProtocol() = 0;
    /// connect() has started an attempt (called inside it). If it throws,
    /// the attempt fails before it starts: clientConnectionFailed.
    virtual void startedConnecting(Connector& /*connector*/) {}
    /// The attempt failed: refused, unreachable, timed out, cancelled, or a
    /// name that did not resolve. `connector` is disconnected again, so
    /// connector.connect() here tries again.
    virtual void clientConnectionFailed(Connector& /*connector*/,
                                        const Reason& /*reason*/)
    {
    }
    /// A connection that was made has ended, after its protocol's
    /// connectionLost, for the same reason.
    virtual void clientConnectionLost(Connector& /*connector*/,
                                      const Reason& /*reason*/)
    {
    }
};
// endregion: client-factory

// region: connector-class
/// One destination and its factory: the attempt in progress, or the
/// connection it made (Twisted's IConnector). The loop keeps it alive while
/// it connects or is connected, so a caller may drop the handle.
class Connector : public std::enable_shared_from_this<Connector> {
public:
    enum class State { disconnected, connecting, connected };

    /// Used by connectTCP and connectUNIX, which also call connect().
    /// `addresses` is what to try, in order; `destination` names it in
    /// messages ("127.0.0.1:8000", "unix:/tmp/poetry.sock"); `failure`, if
    /// any, is why there is nothing to try (a name that did not resolve):
    /// each connect() then fails with it.
    Connector(Reactor& reactor, std::string destination,
              std::vector<SocketAddress> addresses,
              std::shared_ptr<ClientFactory> factory,
              std::optional<Duration> timeout,
              std::optional<Reason> failure = std::nullopt);
    ~Connector();
    Connector(const Connector&) = delete;
    Connector& operator=(const Connector&) = delete;

    /// Starts an attempt: only when disconnected (at first, or to try again
    /// from clientConnectionFailed or clientConnectionLost); otherwise
    /// throws std::logic_error. Calls the factory's startedConnecting.
    void connect();
    /// Calls off the attempt in progress: the socket is closed, the timer
    /// cancelled, and the factory's clientConnectionFailed called with
    /// Reason::cancelled before this returns, as in Twisted. Throws
    /// std::logic_error when not connecting (Twisted's NotConnectingError).
    void stopConnecting();
    /// Whatever the state: stopConnecting() while connecting,
    /// loseConnection() while connected, nothing otherwise.
    void disconnect();

    /// Where the addresses come from when there are none yet: a lookup
    /// of a host name in the thread pool (connectTCP sets it for a name;
    /// chapter 15). Each attempt without addresses calls it first.
    using Resolver = std::function<Deferred<std::vector<SocketAddress>>()>;
    void setResolver(Resolver resolver) { resolver_ = std::move(resolver); }

    /// Where it connects, as messages say it: "127.0.0.1:8000",
    /// "[::1]:8000", "unix:/tmp/poetry.sock".
    const std::string& getDestination() const { return destination_; }
    State state() const { return state_; }
    /// The connection's transport while connected, else nullptr.
    ITransport* transport() const;

private:
    friend class ConnectAttempt;
    // Called by the attempt, from the loop, with its outcome.
    void connected(const std::shared_ptr<Transport>& transport);
    void failed(const Reason& reason);
    void lost(const Reason& reason);
    void callFactory(const char* method, const std::function<void()>& call);

    Reactor& reactor_;
    std::string destination_;
    std::vector<SocketAddress> addresses_;
    std::shared_ptr<ClientFactory> factory_;
    std::optional<Duration> timeout_;
    std::optional<Reason> failure_;
    Resolver resolver_;
    State state_ = State::disconnected;
    std::weak_ptr<ConnectAttempt> attempt_;
    std::weak_ptr<Transport> transport_;
};
// endregion: connector-class

/// Why a connect to `destination` failed with `error` (an errno from
/// connect() or SO_ERROR): "connect to 127.0.0.1:9: Connection refused",
/// with a hint where the system's words alone would puzzle (a Unix
/// socket's path where nobody listens, a full queue).
Reason connectFailure(const std::string& destination, int error);

// region: connect-functions
/// Twisted's default: 30 seconds for a connection to be made.
inline constexpr std::chrono::seconds defaultConnectTimeout{30};

/// Connects to `host`:`port` without blocking the loop: Twisted's
/// reactor.connectTCP. Returns at once; the outcome goes to `factory`,
/// always from a later turn of the loop, never from inside this call.
/// `timeout` bounds the attempt (std::nullopt: no bound but the kernel's,
/// which is minutes); it covers the lookup of a host name, which runs in
/// the reactor's thread pool (resolver.hpp). A name that does not resolve
/// is a failure on the factory like any other, not an exception.
std::shared_ptr<Connector>
connectTCP(Reactor& reactor, const std::string& host, std::uint16_t port,
           std::shared_ptr<ClientFactory> factory,
           std::optional<Duration> timeout = defaultConnectTimeout);

/// Connects to the Unix domain socket at `path`, the same way. A path
/// longer than a socket address holds throws std::invalid_argument here; a
/// path where nobody listens (no file, or a stale one) fails on the
/// factory, with a reason that says which.
std::shared_ptr<Connector>
connectUNIX(Reactor& reactor, const std::string& path,
            std::shared_ptr<ClientFactory> factory,
            std::optional<Duration> timeout = defaultConnectTimeout);
// endregion: connect-functions
