#pragma once
/// The original's game: each side writes one byte when the connection is
/// made and one byte for every read, until one side has had enough.

#include "protocol.hpp"

#include <atomic>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>

// region: ping-pong-class
class PingPongProtocol : public Protocol {
public:
    /// `identity` names this side in what it prints ("Client", "Server").
    /// With a `maximum`, it closes the connection once it has received
    /// that many bytes; without one, it plays until the peer closes.
    explicit PingPongProtocol(std::string identity,
                              std::optional<std::size_t> maximum = {},
                              std::ostream& out = std::cout);

    void makeConnection(ITransport& transport) override;
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

    /// Bytes received, and the reads they came in. Atomic: the watchdog's
    /// thread reads them.
    std::size_t received() const { return received_; }
    std::size_t reads() const { return reads_; }
    /// Whether connectionLost has been called.
    bool lost() const { return lost_; }

private:
    std::string identity_;
    std::optional<std::size_t> maximum_;
    std::ostream& out_;
    ITransport* transport_ = nullptr; // valid until connectionLost
    std::atomic<std::size_t> received_{0};
    std::atomic<std::size_t> reads_{0};
    bool lost_ = false;
};
// endregion: ping-pong-class
