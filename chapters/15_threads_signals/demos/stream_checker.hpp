#pragma once
/// The receiving end of the demo: it checks that every byte that arrives
/// is the stream's byte for its place, and counts them.

#include "protocol.hpp"

#include <atomic>
#include <cstdint>
#include <iostream>
#include <optional>

class StreamChecker : public Protocol {
public:
    explicit StreamChecker(std::ostream& out = std::cout);

    void makeConnection(ITransport&) override {}
    /// Throws on the first byte out of place: the transport then closes
    /// the connection, and connectionLost says which byte it was.
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

    /// Bytes received and checked, every one in its place: when a byte is
    /// out of place, those before it, so the count is the bad byte's
    /// offset. Atomic: the watchdog reads it.
    std::uint64_t received() const { return received_; }
    /// Why the connection ended, once it has.
    const std::optional<Reason>& reason() const { return reason_; }

private:
    std::ostream& out_;
    std::atomic<std::uint64_t> received_{0};
    std::optional<Reason> reason_;
};
