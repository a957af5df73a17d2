#pragma once
/// The seed's test of its echo server, with streams: N clients connect at
/// once, each sends its own message, half-closes, and checks that exactly
/// its message comes back, no byte more or less, before the server's end
/// of the stream. Each client is a coroutine; gather runs them all.

#include "address.hpp"
#include "reactor.hpp"
#include "reactor_time.hpp"
#include "task.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// The message client `index` sends: "hello from client INDEX\n", then
/// bytes of its own (a pattern seeded by the index) up to `size` bytes,
/// so that no two clients send the same bytes and cross-talk shows.
/// Never shorter than the greeting.
std::string echoMessage(std::uint64_t index, std::size_t size);

/// How one client did.
struct EchoOutcome {
    std::uint64_t index = 0;
    std::size_t sent = 0;     ///< bytes of its message
    std::size_t received = 0; ///< bytes that came back
    std::string failure;      ///< why it failed; empty when its bytes came back
    bool ok() const { return failure.empty(); }
};

/// One client: connects to `server`, sends `message` while it reads the
/// echo, and compares. Never throws but CancelledError: every failure
/// (refused, reset, a short or wrong or long echo, `timeout` passed) is
/// said in the outcome.
Task<EchoOutcome> echoClient(Reactor& reactor, Address server,
                             std::uint64_t index, std::string message,
                             std::optional<Duration> timeout);

/// What the clients have done so far: written on the loop thread, read
/// by the watchdog's reports on theirs.
struct EchoProgress {
    std::atomic<std::uint64_t> finished{0};
    std::atomic<std::uint64_t> failed{0};
};

/// Every client's outcome, in the order of their indexes.
struct EchoTally {
    std::vector<EchoOutcome> outcomes;
    double seconds = 0; ///< from the first connect to the last outcome

    std::uint64_t failures() const;
    std::uint64_t bytesSent() const;
    std::uint64_t bytesReceived() const;
};

/// What the clients are asked to do.
struct EchoClientSettings {
    std::uint64_t clients = 20;
    std::size_t size = 0; ///< bytes in each message; 0: the greeting alone
    std::optional<Duration> timeout; ///< for each client, connect to check
};

/// Runs `settings.clients` clients against `server` at once (gather) and
/// returns how each did. `progress` is counted as they finish.
Task<EchoTally> runEchoClients(Reactor& reactor, Address server,
                               EchoClientSettings settings,
                               EchoProgress* progress);
