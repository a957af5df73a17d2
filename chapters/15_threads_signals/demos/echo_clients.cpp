#include "echo_clients.hpp"

#include "gather.hpp"
#include "open_connection.hpp"
#include "stream_errors.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "wait_for.hpp"

#include "output.hpp"
#include "watchdog.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <system_error>
#include <utility>

using common::counted;

namespace {

// What a client writes before each drain: chapter 07's 16 KiB chunks.
constexpr std::size_t writeSize = 16 * 1024;

// Closes the connection however the client's coroutine ends: returning,
// throwing, or cancelled by its timeout. A connection nobody closes lives
// on (openConnection's rule).
class ClosesWriter {
public:
    explicit ClosesWriter(StreamWriter writer) : writer_{std::move(writer)} {}
    ~ClosesWriter() { writer_.close(); }
    ClosesWriter(const ClosesWriter&) = delete;
    ClosesWriter& operator=(const ClosesWriter&) = delete;

private:
    StreamWriter writer_;
};

// region: halves
// The sending half: the message a chunk at a time, each followed by a
// drain, then the end of the stream, which tells the server we are done.
// `message` is the caller's, which awaits this task in its own frame.
Task<void> sendAll(StreamWriter writer, std::string_view message)
{
    for (std::size_t at = 0; at < message.size(); at += writeSize) {
        writer.write(message.substr(at, writeSize));
        co_await writer.drain();
    }
    writer.writeEof();
}

// The receiving half: exactly as many bytes as were sent, then whatever
// else comes before the server's end of the stream (which should be
// nothing). A short echo is IncompleteReadError.
Task<void> receiveAll(StreamReader reader, std::size_t expected,
                      std::string* echoed)
{
    *echoed = co_await reader.readExactly(expected);
    *echoed += co_await reader.read(); // to the end of the stream
}
// endregion: halves

// What is wrong with `echoed` as the echo of `message`; empty if nothing.
std::string compare(const std::string& message, const std::string& echoed)
{
    if (echoed.size() > message.size()) {
        return counted(echoed.size() - message.size(), "byte") +
               " more than it sent came back";
    }
    const auto [sent, back] =
        std::mismatch(message.begin(), message.end(), echoed.begin());
    if (sent != message.end()) {
        return "the echo differs from its message from byte " +
               common::withCommas(static_cast<std::uint64_t>(
                   sent - message.begin())) +
               " on";
    }
    return {};
}

// region: exchange
// One client's conversation, without its timeout: both halves at once.
Task<EchoOutcome> exchange(Reactor& reactor, Address server,
                           std::uint64_t index, std::string message)
{
    const Streams streams =
        co_await openConnection(reactor, std::move(server),
                                StreamReader::defaultLimit, std::nullopt);
    const ClosesWriter closing{streams.writer};
    // Sending all, then reading, would deadlock on a long message: the
    // server stops reading while its echo waits for us in its drain(),
    // and our own drain() then waits for the server. So the two halves
    // run side by side, and gather waits for both.
    std::string echoed;
    std::vector<Task<void>> halves;
    halves.push_back(sendAll(streams.writer, message));
    halves.push_back(receiveAll(streams.reader, message.size(), &echoed));
    co_await gather(std::move(halves));
    co_return EchoOutcome{index, message.size(), echoed.size(),
                          compare(message, echoed)};
}
// endregion: exchange

} // namespace

std::string echoMessage(std::uint64_t index, std::size_t size)
{
    std::string message = "hello from client " + std::to_string(index);
    if (size <= message.size() + 1) {
        return message + '\n';
    }
    // A pattern of letters from the index (xorshift64), so that two
    // clients' messages differ all along their length.
    std::uint64_t state = index * 0x9E3779B97F4A7C15ULL + 1;
    message += ' ';
    while (message.size() + 1 < size) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        message += static_cast<char>('a' + state % 26);
    }
    return message + '\n';
}

// region: echo-client
Task<EchoOutcome> echoClient(Reactor& reactor, Address server,
                             std::uint64_t index, std::string message,
                             std::optional<Duration> timeout)
{
    EchoOutcome failed{index, message.size(), 0, {}};
    try {
        co_return co_await waitFor(
            reactor,
            exchange(reactor, std::move(server), index, std::move(message)),
            timeout);
    } catch (const ConnectionError& error) {
        failed.failure = error.what(); // refused, reset, ...
    } catch (const IncompleteReadError& error) {
        failed.received = error.partial().size();
        failed.failure = "only " + common::withCommas(failed.received) +
                         " of its " + counted(failed.sent, "byte") +
                         " came back";
    } catch (const std::system_error& error) {
        failed.failure = error.what(); // socket(): Too many open files
    } catch (const TimeoutError&) {
        failed.failure =
            "no whole echo within " +
            common::formatSeconds(
                std::chrono::duration<double>(*timeout).count());
    }
    co_return failed;
}
// endregion: echo-client

std::uint64_t EchoTally::failures() const
{
    return static_cast<std::uint64_t>(std::count_if(
        outcomes.begin(), outcomes.end(),
        [](const EchoOutcome& outcome) { return !outcome.ok(); }));
}

std::uint64_t EchoTally::bytesSent() const
{
    std::uint64_t bytes = 0;
    for (const EchoOutcome& outcome : outcomes) {
        bytes += outcome.sent;
    }
    return bytes;
}

std::uint64_t EchoTally::bytesReceived() const
{
    std::uint64_t bytes = 0;
    for (const EchoOutcome& outcome : outcomes) {
        bytes += outcome.received;
    }
    return bytes;
}

namespace {

// A client whose end is counted, for the watchdog (which sees the loop
// get something done) and for the reports made while the run goes on.
Task<EchoOutcome> tallied(Task<EchoOutcome> client, EchoProgress* progress)
{
    EchoOutcome outcome = co_await std::move(client);
    ++progress->finished;
    if (!outcome.ok()) {
        ++progress->failed;
    }
    common::Watchdog::progress();
    co_return outcome;
}

} // namespace

// region: run-clients
Task<EchoTally> runEchoClients(Reactor& reactor, Address server,
                               EchoClientSettings settings,
                               EchoProgress* progress)
{
    const auto started = std::chrono::steady_clock::now();
    std::vector<Task<EchoOutcome>> clients;
    clients.reserve(settings.clients);
    for (std::uint64_t index = 1; index <= settings.clients; ++index) {
        clients.push_back(tallied(
            echoClient(reactor, server, index,
                       echoMessage(index, settings.size), settings.timeout),
            progress));
    }
    EchoTally tally;
    tally.outcomes = co_await gather(std::move(clients)); // all at once
    tally.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    co_return tally;
}
// endregion: run-clients
