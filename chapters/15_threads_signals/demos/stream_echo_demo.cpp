#include "stream_echo_demo.hpp"

#include "echo_clients.hpp"
#include "open_files.hpp"
#include "stream_echo.hpp"

#include "address.hpp"
#include "looping_call.hpp"
#include "poller.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"

#include "exit_codes.hpp"
#include "output.hpp"
#include "watchdog.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

using namespace std::chrono_literals;
using common::counted;
using common::withCommas;

namespace {

// The failures the report names one by one; the rest are counted.
constexpr std::size_t failuresShown = 10;

EchoClientSettings clientSettings(const StreamEchoSettings& settings)
{
    return {settings.clients, settings.size,
            settings.timeout > 0
                ? std::optional{std::chrono::duration_cast<Duration>(
                      std::chrono::duration<double>(settings.timeout))}
                : std::nullopt};
}

// What each client sends, for the first line of a run.
std::string describeMessages(const StreamEchoSettings& settings)
{
    const std::size_t shortest = echoMessage(1, 0).size();
    if (settings.size <= shortest) {
        return "its own greeting (\"hello from client N\")";
    }
    return "its own message of " + counted(settings.size, "byte");
}

// A client waits up to --timeout for its echo, which is not a stall: the
// watchdog waits that long, and a second more, before it says so.
void allowForClients(const StreamEchoSettings& settings,
                     const common::SharedOptions& options)
{
    if (options.stallTimeout > 0 && settings.timeout > 0) {
        common::Watchdog::stallTimeout(
            std::max(options.stallTimeout, settings.timeout + 1));
    }
}

std::string describeClients(const EchoProgress& progress,
                            const StreamEchoSettings& settings)
{
    return withCommas(progress.finished) + " of the " +
           counted(settings.clients, "client") + " had finished (" +
           withCommas(progress.failed) +
           " failed);\nthe loop was waiting in the poller for the others' "
           "connects and echoes.";
}

common::SystemLimitHit wallHit(const UnwatchableDescriptor& error)
{
    return common::SystemLimitHit{
        "select()'s wall: descriptor " + std::to_string(error.fd()) +
        " cannot be watched; FD_SETSIZE is " + std::to_string(error.limit()) +
        ".\nBoth ends of every client's connection are descriptors in this "
        "process.\nAsk for fewer --clients, or use --backend poll or "
        "--backend epoll."};
}

// region: descriptors
// Two descriptors a client with the server here, one without; and a few
// for the standard streams, the listener and the poller. All of them are
// open at once only if every client connects before the server has
// answered any: where the hard limit is lower the run goes on, and says
// so; a client that finds no descriptor left fails, and is reported.
void raiseDescriptorLimit(const StreamEchoSettings& settings,
                          const common::SharedOptions& options)
{
    const std::uint64_t ends = options.connect ? 1 : 2;
    const std::uint64_t needed = ends * settings.clients + 8;
    const std::uint64_t limit = raiseOpenFilesLimit(needed);
    if (limit < needed) {
        std::cout << "The open-files limit is " << withCommas(limit)
                  << " (ulimit -Hn), below the " << withCommas(needed)
                  << " descriptors that\n"
                  << counted(settings.clients, "connection")
                  << " would take if all were open at once.\n";
    }
}
// endregion: descriptors

// region: report
// The clients' half of the report; true when every client got its own
// bytes back.
bool reportClients(const EchoTally& tally)
{
    const std::uint64_t failures = tally.failures();
    const std::uint64_t clients = tally.outcomes.size();
    std::size_t shown = 0;
    for (const EchoOutcome& outcome : tally.outcomes) {
        if (!outcome.ok() && shown++ < failuresShown) {
            std::cout << "Client " << outcome.index << ": " << outcome.failure
                      << ".\n";
        }
    }
    if (failures > failuresShown) {
        std::cout << "... and " << counted(failures - failuresShown, "failure")
                  << " more.\n";
    }
    std::cout << counted(clients, "client") << ": "
              << withCommas(clients - failures)
              << " got their own bytes back, " << withCommas(failures)
              << " failed.\n"
              << withCommas(tally.bytesSent())
              << (failures == 0 ? " bytes sent and " : " bytes to send, ")
              << withCommas(tally.bytesReceived()) << " came back"
              << (failures == 0 ? ", every byte checked" : "") << ", in "
              << common::formatSeconds(tally.seconds) << ".\n";
    return failures == 0;
}

// The server's half; true when no handler failed.
bool reportServer(const StreamServer& server, const EchoServerStats& stats)
{
    std::cout << "The server: "
              << counted(server.accepted(), "connection") << ", at most "
              << withCommas(stats.peakOpen) << " at once, "
              << withCommas(stats.bytes) << " bytes echoed;\n"
              << withCommas(stats.lost) << " lost mid-echo, "
              << counted(server.handlerErrors(), "handler error") << ".\n";
    return server.handlerErrors() == 0;
}
// endregion: report

// region: both-sides
int runBothSides(const StreamEchoSettings& settings,
                 const common::SharedOptions& options)
{
    Reactor reactor{makePoller(options.backend)};
    auto stats = std::make_shared<EchoServerStats>();
    const std::unique_ptr<StreamServer> server =
        startEchoServer(reactor, Address::tcp("127.0.0.1", 0), stats);
    const Address where = Address::tcp("127.0.0.1", server->port());
    std::cout << "Echo server on " << where.describe() << " ("
              << options.backend << " backend); "
              << counted(settings.clients, "client") << " connect at once.\n"
              << "Each sends " << describeMessages(settings)
              << " and checks the echo.\n";
    EchoProgress progress;
    const auto describing = common::Watchdog::describe(
        [&progress, &settings] { return describeClients(progress, settings); });
    const EchoTally tally = runUntilComplete(
        reactor, runEchoClients(reactor, where, clientSettings(settings),
                                &progress));
    // Every client has closed its connection; the server's coroutines end
    // as those ends arrive.
    server->close();
    runUntilComplete(reactor, server->waitClosed());
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    const bool clientsOk = reportClients(tally);
    const bool serverOk = reportServer(*server, *stats);
    return clientsOk && serverOk ? common::exit_code::ok
                                 : common::exit_code::error;
}
// endregion: both-sides

int runClients(const StreamEchoSettings& settings,
               const common::Endpoint& server,
               const common::SharedOptions& options)
{
    Reactor reactor{makePoller(options.backend)};
    const Address where = Address::tcp(server.host, server.port);
    std::cout << counted(settings.clients, "client") << " connect to "
              << where.describe() << " at once.\nEach sends "
              << describeMessages(settings) << " and checks the echo.\n";
    EchoProgress progress;
    const auto describing = common::Watchdog::describe(
        [&progress, &settings] { return describeClients(progress, settings); });
    const EchoTally tally = runUntilComplete(
        reactor, runEchoClients(reactor, where, clientSettings(settings),
                                &progress));
    common::Watchdog::standDown();
    return reportClients(tally) ? common::exit_code::ok
                                : common::exit_code::error;
}

// region: listen
int runServer(const common::Endpoint& where,
              const common::SharedOptions& options)
{
    // Waiting for clients is not a stall: only Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor{makePoller(options.backend)};
    auto stats = std::make_shared<EchoServerStats>();
    const std::unique_ptr<StreamServer> server =
        startEchoServer(reactor, Address::tcp(where.host, where.port), stats);
    const auto describing = common::Watchdog::describe([&stats] {
        return "The server was waiting in the poller for clients and their "
               "bytes;\nit had served " +
               counted(stats->served, "connection") + ", and " +
               withCommas(stats->open) + " were open.";
    });
    std::cout << "Echo server on " << where.host << ':' << server->port()
              << " (" << options.backend << " backend); Ctrl-C to stop.\n";
    // Once a second, if anything happened: a line per client would drown
    // the terminal when thousands come.
    std::uint64_t second = 0;
    std::uint64_t said = 0;
    LoopingCall reporting{
        reactor,
        [&] {
            ++second;
            const std::uint64_t done = stats->bytes + stats->served +
                                       stats->open;
            if (done == said) {
                return;
            }
            said = done;
            std::cout << "After " << second << " s: "
                      << counted(server->accepted(), "connection")
                      << " accepted, " << withCommas(stats->open)
                      << " open, " << withCommas(stats->bytes)
                      << " bytes echoed.\n";
        },
        "the report"};
    reporting.start(1s, false);
    reactor.run();
    return common::exit_code::ok;
}
// endregion: listen

} // namespace

int runStreamEcho(const StreamEchoSettings& settings,
                  const common::SharedOptions& options)
{
    if (options.listen) {
        return runServer(*options.listen, options);
    }
    allowForClients(settings, options);
    raiseDescriptorLimit(settings, options);
    try {
        if (options.connect) {
            return runClients(settings, *options.connect, options);
        }
        return runBothSides(settings, options);
    } catch (const UnwatchableDescriptor& error) {
        throw wallHit(error);
    }
}
