#pragma once
/// The chapter's demo, the default (and `echo`): the echo server written
/// with streams and the seed's test of it, in one process: `--clients N`
/// clients connect at once, each sends its own message and checks that
/// exactly that comes back; then a report. `--listen` runs the server
/// alone for outside clients until Ctrl-C; `--connect` runs the clients
/// alone against an echo server elsewhere.

#include "options.hpp"

#include <cstddef>
#include <cstdint>

struct StreamEchoSettings {
    std::uint64_t clients = 20; ///< clients connecting at once
    std::size_t size = 0;       ///< bytes in each message; 0: a greeting
    double timeout = 10;        ///< seconds for each client; 0: no limit
};

/// The most clients one run takes (the 10,000).
inline constexpr std::uint64_t maxEchoClients = 10000;

/// Runs the demo and returns the exit code: 0 only when every client got
/// its own bytes back (and the server, here, failed none), 1 otherwise.
/// Throws common::SystemLimitHit (exit 5) when the descriptor limit
/// cannot make room for every connection.
int runStreamEcho(const StreamEchoSettings& settings,
                  const common::SharedOptions& options);
