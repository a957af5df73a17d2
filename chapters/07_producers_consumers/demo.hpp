#pragma once
/// The chapter's demo: a game of ping-pong, the report at the end, and the
/// story the watchdog tells if the game stops moving.

#include "ping_pong.hpp"
#include "protocol.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

class Demo {
public:
    /// The client will close the connection after `maximum` bytes.
    explicit Demo(std::size_t maximum);

    /// The client's side of the game (there is one game per run).
    std::shared_ptr<PingPongProtocol> client() const { return client_; }
    /// A new server side, for each connection the listener accepts.
    std::shared_ptr<Protocol> newServer();

    /// Starts the clock: the client's connection is being made.
    void start();
    /// Says how the game went and returns the exit code: 0 when the
    /// client received its maximum, 1 when the game ended early.
    int report() const;
    /// What the program is doing, for the watchdog's and Ctrl-C's reports.
    std::string describe() const;

private:
    std::size_t maximum_;
    std::shared_ptr<PingPongProtocol> client_;
    std::atomic<std::size_t> servers_{0};
    std::atomic<bool> playing_{false};
    std::chrono::steady_clock::time_point started_;
};
