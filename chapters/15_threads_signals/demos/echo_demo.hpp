#pragma once
/// The echo demo, the default subcommand: the echo server, `--idle N`
/// idle connections and one busy client in one process, then a report of
/// what a turn of the loop cost on the chosen backend. The server drops
/// connections silent for `--idle-timeout` seconds and reports once a
/// second; one of its timed calls fails on purpose. `--listen` serves
/// outside clients; `--connect` plays the clients against another server.

#include "options.hpp"

#include <cstddef>
#include <cstdint>

struct EchoSettings {
    std::uint64_t idle = 10;      ///< idle connections beside the busy one
    std::uint64_t rounds = 10000; ///< round trips the busy client makes
    std::size_t size = 32;        ///< bytes in each ping
    double idleTimeout = 2;       ///< silent seconds before a drop; 0: never
    bool debug = false;           ///< report callbacks that hold the loop
    double slowCallback = 0.1;    ///< seconds that count as holding it
};

/// Runs the echo demo and returns the exit code. Throws
/// common::SystemLimitHit (exit 5) at select()'s wall or the descriptor
/// limit.
int runEcho(const EchoSettings& settings,
            const common::SharedOptions& options);
