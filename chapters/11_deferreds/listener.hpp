#pragma once
/// A listener: the selectable that accepts connections and gives each one
/// a transport and a new protocol. A connection it cannot serve is refused
/// (closed at once); the listener itself goes on.

#include "protocol.hpp"
#include "reactor.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

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

    /// Each transport made from now on asks recv() for at most `bytes`
    /// (Transport::setReadSize).
    void setReadSize(std::size_t bytes);

    /// Connections refused so far: out of descriptors, a descriptor the
    /// poller cannot watch, or a factory that threw. The first refusal
    /// of each kind is also said on stderr, once.
    std::size_t refused() const { return refused_; }
    /// The latest descriptor the poller refused to watch, if any.
    const std::optional<UnwatchableDescriptor>& unwatchable() const
    {
        return unwatchable_;
    }

private:
    enum class Refusal { outOfDescriptors, unwatchable, factoryThrew };

    void serve(common::FileDescriptor socket);
    void refuseWithReserve(int error);
    void refuse(Refusal kind, const std::string& why);

    Reactor& reactor_;
    common::FileDescriptor socket_;
    ProtocolFactory factory_;
    common::FileDescriptor reserve_; // see refuseWithReserve
    std::size_t refused_ = 0;
    std::size_t readSize_ = Transport::maxReadSize;
    std::array<bool, 3> said_{}; // by Refusal: told stderr already
    std::optional<UnwatchableDescriptor> unwatchable_;
};
// endregion: listener-class
