#pragma once
/// The echo demo's protocols: the seed's echo server, rebuilt on our
/// transports (EchoProtocol), and the busy client that plays ping-pong
/// with it, checking every byte that comes back (PingClient).

#include "delayed_call.hpp"
#include "protocol.hpp"
#include "reactor_time.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

// region: echo-protocol
/// What all the echo server's connections have done, for the report.
struct EchoStats {
    std::atomic<std::size_t> connections{0}; ///< made so far
    std::atomic<std::size_t> open{0};        ///< not yet lost
    std::atomic<std::uint64_t> bytes{0};     ///< echoed so far
    std::atomic<std::size_t> dropped{0};     ///< silent too long
};

/// Writes back every byte it receives, through its transport: the
/// transport buffers what the socket does not take, where the seed's
/// server called a blocking sendall() on a non-blocking socket. With a
/// clock and an idle timeout, it drops a connection silent that long
/// (Twisted's TimeoutMixin).
class EchoProtocol : public Protocol {
public:
    explicit EchoProtocol(std::shared_ptr<EchoStats> stats,
                          IReactorTime* clock = nullptr,
                          Duration idleTimeout = Duration::zero());

    void makeConnection(ITransport& transport) override;
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

private:
    void resetTimeout();
    void timeoutConnection();

    std::shared_ptr<EchoStats> stats_;
    IReactorTime* clock_;
    Duration idleTimeout_;
    DelayedCall timeout_;
    ITransport* transport_ = nullptr;
};
// endregion: echo-protocol

/// Sends a ping of `size` bytes (chapter 04's alphabet stream, so each
/// byte says where it belongs), waits for all of it to come back, checks
/// it, and sends the next, `rounds` times; then closes the connection.
class PingClient : public Protocol {
public:
    PingClient(std::uint64_t rounds, std::size_t size);

    void makeConnection(ITransport& transport) override;
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

    std::uint64_t rounds() const { return done_; }
    bool lost() const { return lost_.has_value(); }
    /// Every round made, every byte in its place, closed cleanly.
    bool succeeded() const;
    /// Why not, when it did not.
    std::string failure() const;

private:
    void ping();

    std::uint64_t rounds_;
    std::size_t size_;
    ITransport* transport_ = nullptr;
    std::atomic<std::uint64_t> done_{0};
    std::uint64_t sent_ = 0;     // stream offset of the bytes sent
    std::uint64_t received_ = 0; // stream offset of the bytes back
    std::optional<std::uint64_t> wrongAt_;
    std::optional<Reason> lost_;
};
