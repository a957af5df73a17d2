#include "echo_demo.hpp"

#include "echo.hpp"
#include "listener.hpp"
#include "looping_call.hpp"
#include "open_files.hpp"
#include "reactor.hpp"
#include "transport.hpp"

#include "error.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using common::counted;
using common::withCommas;

namespace {

// Both ends of every connection live in this process, plus a few more
// (standard streams, the listener and its spare, the poller).
std::uint64_t descriptorsNeeded(const EchoSettings& settings)
{
    return 2 * (settings.idle + 1) + 16;
}

// region: wall
common::SystemLimitHit wallHit(const UnwatchableDescriptor& error,
                               const EchoSettings& settings)
{
    return common::SystemLimitHit{
        "select()'s wall: descriptor " + std::to_string(error.fd()) +
        " cannot be watched; FD_SETSIZE is " + std::to_string(error.limit()) +
        ".\nAn fd_set is an array of FD_SETSIZE bits: FD_SET(" +
        std::to_string(error.fd()) +
        ", &set) would write past\nits end, into whatever memory follows "
        "it, and corrupt it without a word.\nSo the select backend refuses "
        "the descriptor instead. " +
        withCommas(settings.idle) + " idle connections\nneed about " +
        withCommas(descriptorsNeeded(settings)) +
        " descriptors here. Use --backend poll or --backend epoll:\n"
        "neither has this wall."};
}
// endregion: wall

// CPU time this process has used, user and system, in microseconds.
double cpuMicroseconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto us = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1e6 +
               static_cast<double>(t.tv_usec);
    };
    return us(usage.ru_utime) + us(usage.ru_stime);
}

// What the watchdog and Ctrl-C say the demo was doing.
struct Progress {
    std::atomic<std::uint64_t> idleOpen{0};
    std::atomic<const PingClient*> busy{nullptr};
};

std::string describe(const Progress& progress, const EchoSettings& settings)
{
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    const PingClient* busy = progress.busy;
    if (busy == nullptr) {
        return "The demo had opened " + withCommas(progress.idleOpen) +
               " of its " + counted(settings.idle, "idle connection") + ".";
    }
    return "The busy client had made " +
           withCommas(busy->rounds()) + " of " +
           counted(settings.rounds, "round trip") +
           ";\nthe loop was waiting in the poller for the echo.";
}

// region: measure
struct Measured {
    std::uint64_t turns = 0;
    double seconds = 0;
    double cpuPerTurn = 0; // microseconds
    std::size_t watched = 0;
};

// Turns the loop until the busy client is done, counting the turns and
// the CPU they took.
Measured playPingPong(Reactor& reactor, const PingClient& busy)
{
    Measured measured;
    const double cpuBefore = cpuMicroseconds();
    const auto start = std::chrono::steady_clock::now();
    measured.watched = reactor.watched();
    while (!busy.lost()) {
        reactor.iterate();
        ++measured.turns;
    }
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    measured.seconds = took.count();
    measured.cpuPerTurn = (cpuMicroseconds() - cpuBefore) /
                          static_cast<double>(measured.turns);
    return measured;
}
// endregion: measure

// region: report
int report(const PingClient& busy, const Measured& measured,
           const EchoSettings& settings, std::string_view backend)
{
    if (!busy.succeeded()) {
        std::cout << "The busy client failed: " << busy.failure() << ".\n";
        return 1;
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "turns: %llu, cpu per turn: %.2f us, descriptors: %zu, "
                  "backend: %.*s\n",
                  static_cast<unsigned long long>(measured.turns),
                  measured.cpuPerTurn, measured.watched,
                  static_cast<int>(backend.size()), backend.data());
    const double perSecond =
        static_cast<double>(settings.rounds) / measured.seconds;
    std::cout << counted(settings.rounds, "round trip") << " of "
              << counted(settings.size, "byte") << " in "
              << common::formatSeconds(measured.seconds) << ": "
              << withCommas(static_cast<std::uint64_t>(perSecond))
              << " per second, every byte checked.\n"
              << line;
    return 0;
}
// endregion: report

// region: timers
Duration seconds(double value)
{
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(value));
}

// The reactor of the demo's server: debug mode if asked for, and the calls
// that fail and block on purpose.
void setUpTimers(Reactor& reactor, const EchoSettings& settings)
{
    reactor.runner().setDebug(settings.debug, seconds(settings.slowCallback));
    // The Twisted Introduction's point: a callback that fails is reported,
    // and the loop goes on with the next one.
    reactor.callLater(
        1500ms,
        [] { throw std::runtime_error{"thrown on purpose, to show that "
                                     "the server carries on"}; },
        "the callback that fails on purpose");
    if (settings.debug) {
        // Chapter 03's lesson, for debug mode to find.
        reactor.callLater(
            1200ms, [] { std::this_thread::sleep_for(250ms); },
            "the handler that blocks on purpose");
    }
}

// The once-a-second report.
void printReport(Reactor& reactor, const EchoStats& stats,
                 std::uint64_t second)
{
    std::cout << "After " << second << " s: "
              << counted(stats.open, "connection") << " open, "
              << counted(stats.bytes, "byte") << " echoed, "
              << counted(reactor.turns(), "turn") << " of the loop, "
              << counted(reactor.getDelayedCalls().size(), "timed call")
              << " pending.\n";
    common::Watchdog::progress(); // the loop is turning, and on time
}
// endregion: timers

// Opens the idle connections, each a socket that never says a word. In
// both-sides mode each is accepted before the next is opened, so that
// the server's descriptor for it is watched, or refused at the wall.
std::vector<common::FileDescriptor>
openIdle(Reactor& reactor, const common::Endpoint& server,
         const EchoSettings& settings, Progress& progress,
         const Listener* listener, const EchoStats* stats)
{
    std::vector<common::FileDescriptor> idle;
    idle.reserve(settings.idle);
    for (std::uint64_t i = 0; i < settings.idle; ++i) {
        idle.push_back(common::connectTcp(server.host, server.port));
        ++progress.idleOpen;
        common::Watchdog::progress();
        while (listener != nullptr && stats->connections < i + 1) {
            if (listener->unwatchable()) {
                throw wallHit(*listener->unwatchable(), settings);
            }
            reactor.iterate();
        }
    }
    return idle;
}

// region: both-sides
int runBothSides(const EchoSettings& settings,
                 const common::SharedOptions& options, Progress& progress)
{
    Reactor reactor{makePoller(options.backend)};
    setUpTimers(reactor, settings);
    auto stats = std::make_shared<EchoStats>();
    bool ending = false;
    std::uint64_t second = 0;
    LoopingCall reporting{reactor,
                          [&] {
                              printReport(reactor, *stats, ++second);
                              if (ending && stats->open == 0) {
                                  reporting.stop(); // nothing left to say
                              }
                          },
                          "the report"};
    reporting.start(1s, false);
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&reactor, stats, &settings] {
            return std::make_shared<EchoProtocol>(
                stats, &reactor, seconds(settings.idleTimeout));
        });
    listener->activate();
    const common::Endpoint server{"127.0.0.1",
                                  common::boundPort(listener->fileno())};
    std::cout << "Echo server on the " << options.backend << " backend, "
              << counted(settings.idle, "idle connection")
              << " and one busy client.\n";
    std::vector<common::FileDescriptor> idle = openIdle(
        reactor, server, settings, progress, listener.get(), stats.get());

    auto busy = std::make_shared<PingClient>(settings.rounds, settings.size);
    progress.busy = busy.get();
    auto connection = std::make_shared<Transport>(
        reactor, common::connectTcp(server.host, server.port), busy);
    connection->activate();
    const Measured measured = playPingPong(reactor, *busy);
    if (listener->unwatchable()) {
        throw wallHit(*listener->unwatchable(), settings); // the busy one's
    }
    // The end: without an idle timeout the idle clients hang up; with one
    // they stay silent, and the server drops them. run() returns once the
    // last connection is gone and the report has stopped.
    if (settings.idleTimeout == 0) {
        idle.clear();
    }
    listener->stopListening();
    ending = true;
    reactor.run();
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    std::cout << "The server echoed " << withCommas(stats->bytes)
              << " bytes on " << counted(stats->connections, "connection")
              << "; "
              << withCommas(stats->dropped)
              << " dropped by the idle timeout; "
              << counted(reactor.runner().failures(), "callback")
              << " failed, and the server carried on.\n";
    return report(*busy, measured, settings, reactor.backend());
}
// endregion: both-sides

int runServer(const EchoSettings& settings, const common::Endpoint& where,
              const common::SharedOptions& options)
{
    // Waiting for clients is not a stall: only Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor{makePoller(options.backend)};
    setUpTimers(reactor, settings);
    auto stats = std::make_shared<EchoStats>();
    std::uint64_t second = 0;
    LoopingCall reporting{reactor,
                          [&] { printReport(reactor, *stats, ++second); },
                          "the report"};
    reporting.start(1s, false);
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(where.host, where.port),
        [&reactor, stats, &settings] {
            return std::make_shared<EchoProtocol>(
                stats, &reactor, seconds(settings.idleTimeout));
        });
    listener->activate();
    std::cout << "Echo server on " << where.host << ':'
              << common::boundPort(listener->fileno()) << " ("
              << options.backend << " backend); Ctrl-C to stop.\n";
    reactor.run();
    return 0;
}

int runClients(const EchoSettings& settings,
               const common::SharedOptions& options, Progress& progress)
{
    Reactor reactor{makePoller(options.backend)};
    std::vector<common::FileDescriptor> idle = openIdle(
        reactor, *options.connect, settings, progress, nullptr, nullptr);
    auto busy = std::make_shared<PingClient>(settings.rounds, settings.size);
    progress.busy = busy.get();
    auto connection = std::make_shared<Transport>(
        reactor,
        common::connectTcp(options.connect->host, options.connect->port),
        busy);
    connection->activate();
    const Measured measured = playPingPong(reactor, *busy);
    common::Watchdog::standDown();
    return report(*busy, measured, settings, reactor.backend());
}

} // namespace

int runEcho(const EchoSettings& settings, const common::SharedOptions& options)
{
    Progress progress;
    const auto describing = common::Watchdog::describe(
        [&progress, &settings] { return describe(progress, settings); });
    try {
        if (options.listen) {
            return runServer(settings, *options.listen, options);
        }
        makeRoomForDescriptors(descriptorsNeeded(settings),
                               "Ask for fewer --idle connections, or raise "
                               "the hard limit (as root).");
        if (options.connect) {
            return runClients(settings, options, progress);
        }
        return runBothSides(settings, options, progress);
    } catch (const UnwatchableDescriptor& error) {
        throw wallHit(error, settings); // the busy client's own socket
    }
}
