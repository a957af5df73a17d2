#pragma once
/// Where to listen or connect, as a person writes it: "unix:PATH" for a
/// Unix domain socket, "[HOST:]PORT" or "HOST:PORT" for TCP. With connect()
/// and listen() below, a program takes either kind wherever it takes one.

#include "connector.hpp"
#include "listener.hpp"
#include "reactor.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// region: address
class Address {
public:
    /// A TCP address.
    static Address tcp(std::string host, std::uint16_t port);
    /// A Unix domain socket's path. Throws std::invalid_argument for an
    /// empty path or one too long for a socket address.
    static Address unixPath(std::string path);

    /// Parses "unix:PATH", or a TCP address as common::parseEndpoint does:
    /// "[HOST:]PORT" with `defaultHost` for a missing host, or, when
    /// `defaultHost` is empty, "HOST:PORT" (a host required, as a client's
    /// --connect wants). Throws std::invalid_argument with a message fit
    /// for a user, as the option parsers do.
    static Address parse(std::string_view text,
                         std::string_view defaultHost = "127.0.0.1");

    bool isUnix() const { return unix_; }
    /// The host and port of a TCP address (empty and 0 for a Unix one).
    const std::string& host() const { return host_; }
    std::uint16_t port() const { return port_; }
    /// The path of a Unix domain address (empty for a TCP one).
    const std::string& path() const { return path_; }

    /// As parse() reads it back: "127.0.0.1:8000", "[::1]:8000",
    /// "unix:/tmp/poetry.sock".
    std::string describe() const;

    bool operator==(const Address&) const = default;

private:
    Address() = default;

    bool unix_ = false;
    std::string host_;
    std::uint16_t port_ = 0;
    std::string path_;
};
// endregion: address

// region: dispatch
/// connectTCP or connectUNIX, as `address` says.
std::shared_ptr<Connector>
connect(Reactor& reactor, const Address& address,
        std::shared_ptr<ClientFactory> factory,
        std::optional<Duration> timeout = defaultConnectTimeout);

/// listenTCP or listenUNIX, as `address` says.
std::shared_ptr<Listener> listen(Reactor& reactor, const Address& address,
                                 Listener::ProtocolFactory factory);
// endregion: dispatch
