#pragma once
/// A client blocked in connect(), for tests of what the watchdog's reports
/// say about it.

#include "file_descriptor.hpp"

#include <cstdint>
#include <exception>
#include <new>
#include <thread>

namespace testing {

/// Runs common::connectTcp() on a thread of its own against a listener
/// whose queue of connections not yet accepted is full, so that the
/// connect() waits: Linux drops the SYN and the client tries again later.
/// The constructor returns once connectTcp() has said where it connects
/// (common::connectingTo() is not empty).
class BlockedConnect {
public:
    BlockedConnect();
    ~BlockedConnect() { finish(std::nothrow); }
    BlockedConnect(const BlockedConnect&) = delete;
    BlockedConnect& operator=(const BlockedConnect&) = delete;

    /// The listener's port, on 127.0.0.1.
    std::uint16_t port() const { return port_; }

    /// Makes room in the queue and waits for the connect to succeed, at
    /// the client's next try (about a second); throws what it threw.
    void finish();

private:
    void finish(std::nothrow_t) noexcept;

    common::FileDescriptor listener_;
    common::FileDescriptor queued_; // the connection that fills the queue
    std::uint16_t port_ = 0;
    std::thread client_;
    std::exception_ptr failure_;
};

} // namespace testing
