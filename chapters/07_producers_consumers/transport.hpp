#pragma once
/// A transport: one connected socket, its write buffer, and the protocol it
/// serves. It turns the reactor's "readable" and "writable" into the
/// protocol's dataReceived and into sent bytes, and it ends the connection
/// exactly once, telling the protocol why.

#include "protocol.hpp"
#include "reactor.hpp"
#include "write_buffer.hpp"

#include "file_descriptor.hpp"

#include <functional>
#include <memory>
#include <string_view>

// region: transport-class
class Transport : public Selectable,
                  public ITransport,
                  public std::enable_shared_from_this<Transport> {
public:
    /// Owns `socket`, a connected TCP socket, on behalf of `protocol`.
    /// Create it with std::make_shared: it registers itself with the
    /// reactor, and the reactor's reference is what keeps it alive. (A
    /// transport destroyed with its reactor, still connected, closes its
    /// socket without telling the protocol: there is no loop left.)
    Transport(Reactor& reactor, common::FileDescriptor socket,
              std::shared_ptr<Protocol> protocol);

    /// Makes the socket non-blocking, starts reading, and hands the
    /// protocol this transport (makeConnection).
    void activate();

    int fileno() const override { return socket_.get(); }
    void doRead() override;
    void doWrite() override;

    void write(std::string_view data) override;
    void loseConnection() override;

private:
    enum class State { connected, disconnecting, disconnected };

    void callProtocol(std::string_view method,
                      const std::function<void()>& call);
    void tearDown(const Reason& reason);

    Reactor& reactor_;
    common::FileDescriptor socket_;
    std::shared_ptr<Protocol> protocol_;
    WriteBuffer buffer_;
    State state_ = State::connected;
};
// endregion: transport-class
