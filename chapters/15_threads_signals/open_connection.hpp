#pragma once
/// openConnection: a client connection as a pair of streams (asyncio's
/// open_connection). It is chapter 10's connect() with a StreamProtocol,
/// and a co_await where chapter 10 had a factory's callbacks.

#include "address.hpp"
#include "reactor.hpp"
#include "reactor_time.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "task.hpp"

#include <cstddef>
#include <optional>

// region: open-connection
/// The two halves of one connection.
struct Streams {
    StreamReader reader;
    StreamWriter writer;
};

/// Connects to `address` (TCP or "unix:PATH", each resolved address in
/// turn, as chapter 10's Connector does) and returns its streams, the
/// reader with `limit`. Throws ConnectionError naming the failure
/// ("connect to 127.0.0.1:9: Connection refused"), or timed out after
/// `timeout` (std::nullopt: the kernel's own, minutes). A cancel stops the
/// attempt. Close the writer when done: the connection lives on otherwise.
Task<Streams> openConnection(Reactor& reactor, Address address,
                             std::size_t limit = StreamReader::defaultLimit,
                             std::optional<Duration> timeout =
                                 defaultConnectTimeout);
// endregion: open-connection
