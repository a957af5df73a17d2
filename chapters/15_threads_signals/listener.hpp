#pragma once
/// A listener: the selectable that accepts connections and gives each one
/// a transport and a new protocol. A connection it cannot serve is refused
/// (closed at once); the listener itself goes on. The socket may listen on
/// a TCP port or on a Unix domain socket's path: accepting is the same.

#include "protocol.hpp"
#include "reactor.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
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

    /// Owns `socket`, a listening stream socket (TCP or Unix domain).
    /// Create it with std::make_shared, like a Transport; listenTCP and
    /// listenUNIX below do all of it.
    Listener(Reactor& reactor, common::FileDescriptor socket,
             ProtocolFactory factory);
    /// A Unix domain listener also removes its socket file: see
    /// unlinkOnStop.
    ~Listener() override;
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    /// Makes the socket non-blocking and starts accepting.
    void activate();
    /// Stops accepting and closes the socket. The connections already
    /// accepted go on: each belongs to its own transport. A Unix domain
    /// listener removes its socket file (as Twisted's does), so that the
    /// path is free for the next server; so does the destructor, if
    /// stopListening was never called. Calling it twice does nothing.
    void stopListening();
    /// Removes `path`, the socket file this listener is bound to, when it
    /// stops listening, if the file there is still this one (a server
    /// started since at the same path keeps its own). listenUNIX calls it.
    void unlinkOnStop(const std::string& path);

    /// The TCP port it listens on (port 0 given: the one the OS chose);
    /// 0 for a Unix domain listener or once stopped.
    std::uint16_t port() const;

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
    void unlinkSocketFile();

    // The socket file of a Unix domain listener, known by its inode.
    struct SocketFile {
        std::string path;
        std::uint64_t device = 0;
        std::uint64_t inode = 0;
    };

    Reactor& reactor_;
    common::FileDescriptor socket_;
    ProtocolFactory factory_;
    common::FileDescriptor reserve_; // see refuseWithReserve
    std::size_t refused_ = 0;
    std::size_t readSize_ = Transport::maxReadSize;
    std::array<bool, 3> said_{}; // by Refusal: told stderr already
    std::optional<UnwatchableDescriptor> unwatchable_;
    std::optional<SocketFile> socketFile_;
};
// endregion: listener-class

// region: listen-functions
/// Listens on TCP `port` of `host` (port 0: the OS picks one, port() says
/// which) and serves each connection with a protocol from `factory`:
/// Twisted's reactor.listenTCP. Throws std::system_error naming the call
/// (bind(127.0.0.1:8000): Address already in use).
std::shared_ptr<Listener> listenTCP(Reactor& reactor, std::uint16_t port,
                                    Listener::ProtocolFactory factory,
                                    const std::string& host = "127.0.0.1");

/// Listens on a Unix domain socket at `path`: Twisted's listenUNIX. The
/// socket file is created, and removed again by stopListening. Throws
/// std::invalid_argument for a path longer than a socket address holds,
/// and std::runtime_error when a file is in the way: a stale socket file
/// left by a server that is gone (its message says to remove it), a
/// server already listening there, or a file that is not a socket.
std::shared_ptr<Listener> listenUNIX(Reactor& reactor, const std::string& path,
                                     Listener::ProtocolFactory factory);
// endregion: listen-functions
