#pragma once
/// The seed's echo server, written with streams: one coroutine per
/// connection that reads what comes, writes it back and drains, until the
/// client's end of the stream. What chapter 08 spread over a protocol's
/// callbacks is here a loop of three lines.

#include "address.hpp"
#include "reactor.hpp"
#include "start_server.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "task.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

/// What the echo server did, for its reports. Atomic because the
/// watchdog's reports read them from their own thread; the loop thread is
/// the only one that writes them.
struct EchoServerStats {
    std::atomic<std::uint64_t> served{0};   ///< connections that ended
    std::atomic<std::uint64_t> open{0};     ///< connections being served
    std::atomic<std::uint64_t> peakOpen{0}; ///< the most served at once
    std::atomic<std::uint64_t> bytes{0};    ///< bytes echoed
    std::atomic<std::uint64_t> lost{0};     ///< connections lost mid-echo
};

/// Serves one connection: echoes every byte back, waiting in drain()
/// whenever the client is slower to read than to write, until the client
/// has sent its end of the stream. A connection that fails (a reset) ends
/// quietly, counted in `stats->lost`.
Task<void> echoStream(StreamReader reader, StreamWriter writer,
                      std::shared_ptr<EchoServerStats> stats);

/// startServer with echoStream for every connection.
std::unique_ptr<StreamServer>
startEchoServer(Reactor& reactor, const Address& address,
                std::shared_ptr<EchoServerStats> stats);
