#pragma once
/// A listener: the selectable that accepts connections and gives each one
/// a transport and a new protocol.

#include "protocol.hpp"
#include "reactor.hpp"

#include "file_descriptor.hpp"

#include <functional>
#include <memory>

// region: listener-class
class Listener : public Selectable,
                 public std::enable_shared_from_this<Listener> {
public:
    /// Makes the protocol of each new connection.
    using ProtocolFactory = std::function<std::shared_ptr<Protocol>()>;

    /// Owns `socket`, a listening TCP socket. Create it with
    /// std::make_shared, like a Transport.
    Listener(Reactor& reactor, common::FileDescriptor socket,
             ProtocolFactory factory);

    /// Makes the socket non-blocking and starts accepting.
    void activate();
    /// Stops accepting and closes the socket. The connections already
    /// accepted go on: each belongs to its own transport.
    void stopListening();

    int fileno() const override { return socket_.get(); }
    /// Accepts one connection (the loop comes back for the next).
    void doRead() override;
    /// Never called: a listener only reads.
    void doWrite() override {}

private:
    Reactor& reactor_;
    common::FileDescriptor socket_;
    ProtocolFactory factory_;
};
// endregion: listener-class
