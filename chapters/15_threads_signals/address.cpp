#include "address.hpp"

#include "socket_address.hpp"

#include "options.hpp"

#include <stdexcept>
#include <utility>

Address Address::tcp(std::string host, std::uint16_t port)
{
    Address address;
    address.host_ = std::move(host);
    address.port_ = port;
    return address;
}

Address Address::unixPath(std::string path)
{
    unixAddress(path); // throws for a path no socket address can hold
    Address address;
    address.unix_ = true;
    address.path_ = std::move(path);
    return address;
}

// region: parse
Address Address::parse(std::string_view text, std::string_view defaultHost)
{
    constexpr std::string_view prefix = "unix:";
    if (text.starts_with(prefix)) {
        if (text.size() == prefix.size()) {
            // Quoted, as the option parsers quote a bad value.
            throw std::invalid_argument{"'" + std::string{text} +
                                        "' needs a path: write unix:PATH"};
        }
        return unixPath(std::string{text.substr(prefix.size())});
    }
    common::Endpoint endpoint = common::parseEndpoint(text, defaultHost);
    return tcp(std::move(endpoint.host), endpoint.port);
}
// endregion: parse

std::string Address::describe() const
{
    return unix_ ? "unix:" + path_ : describeTcp(host_, port_);
}

// region: dispatch
std::shared_ptr<Connector> connect(Reactor& reactor, const Address& address,
                                   std::shared_ptr<ClientFactory> factory,
                                   std::optional<Duration> timeout)
{
    if (address.isUnix()) {
        return connectUNIX(reactor, address.path(), std::move(factory),
                           timeout);
    }
    return connectTCP(reactor, address.host(), address.port(),
                      std::move(factory), timeout);
}

std::shared_ptr<Listener> listen(Reactor& reactor, const Address& address,
                                 Listener::ProtocolFactory factory)
{
    if (address.isUnix()) {
        return listenUNIX(reactor, address.path(), std::move(factory));
    }
    return listenTCP(reactor, address.port(), std::move(factory),
                     address.host());
}
// endregion: dispatch
