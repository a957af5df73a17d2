// The load generator behind scripts/bench echo: N connections to an echo
// server, each playing ping-pong with S-byte blocks (send a block, wait for
// all of it to come back, send the next), every byte checked against what
// was sent. libuv's benchmark-ping-pongs.c is the model, with many
// connections and any block size.
//
//     bench_load --connect 127.0.0.1:PORT [--connections N] [--size S]
//                [--seconds T] [--warmup T] [--server-pid PID]
//
// A run is three phases: a warm-up (not counted), the measured window of
// --seconds, and a drain in which no block is started and every block
// already sent is awaited and checked, so that at the end every byte sent
// has been checked. Then one JSON line on stdout (the fields are listed in
// printReport). With --server-pid the server's CPU time (utime + stime in
// /proc/PID/stat, all its threads) over the window is divided by the round
// trips: the figure that does not depend on whether the client or the
// server is the bottleneck.
//
// Loopback only: an address that is not 127.0.0.0/8 or ::1 is refused
// (exit 2). A benchmark that could be aimed at another machine would be a
// flood tool. Exit 1 on a wrong byte, a closed connection or a server that
// stops answering (a hang guard, not a timing).
#include "error.hpp"
#include "file_descriptor.hpp"
#include "options.hpp"
#include "socket.hpp"

#include <CLI/CLI.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// The hang guard of the drain: a server that has not answered a block
// this long after the window is broken, not slow.
constexpr std::chrono::seconds drainLimit{30};

struct Options {
    common::Endpoint server;
    std::size_t connections = 1;
    std::size_t size = 16;
    double seconds = 2;
    double warmup = 0.25;
    std::uint64_t serverPid = 0; // 0: no server CPU figure
};

bool isLoopback(const sockaddr* address)
{
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->sa_family == AF_INET6) {
        const in6_addr& v6 =
            reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(&v6) ||
               (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
    }
    return false;
}

/// Throws common::UsageError unless every address HOST names is loopback
/// (connectTcp may try each of them).
void requireLoopback(const std::string& host)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
        rc != 0) {
        throw common::UsageError("--connect: cannot resolve '" + host +
                                 "': " + ::gai_strerror(rc));
    }
    bool loopback = true;
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        loopback = loopback && isLoopback(a->ai_addr);
    }
    ::freeaddrinfo(found);
    if (!loopback) {
        throw common::UsageError(
            "--connect: '" + host + "' is not a loopback address; the load "
            "generator runs only against this machine (127.0.0.0/8, ::1)");
    }
}

/// utime + stime of process PID, in seconds (all its threads).
double processCpuSeconds(std::uint64_t pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    std::ifstream file{path};
    std::string line;
    if (!std::getline(file, line)) {
        throw std::runtime_error("cannot read " + path +
                                 " (is the server running?)");
    }
    // The command name (field 2) may hold spaces and parentheses: count
    // the fields from the last ')'. utime and stime are fields 14 and 15.
    std::istringstream fields{line.substr(line.rfind(')') + 2)};
    std::string skipped;
    for (int field = 3; field < 14; ++field) {
        fields >> skipped;
    }
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    fields >> utime >> stime;
    return static_cast<double>(utime + stime) /
           static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double ownCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) +
               static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Raises the soft limit on open descriptors when `needed` passes it.
void allowDescriptors(std::size_t needed)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) < 0) {
        common::throwSystemError("getrlimit(RLIMIT_NOFILE)");
    }
    if (limit.rlim_cur >= needed) {
        return;
    }
    if (limit.rlim_max < needed) {
        throw std::runtime_error(
            "need " + std::to_string(needed) + " descriptors, the hard "
            "limit is " + std::to_string(limit.rlim_max) + " (ulimit -Hn)");
    }
    limit.rlim_cur = needed;
    if (::setrlimit(RLIMIT_NOFILE, &limit) < 0) {
        common::throwSystemError("setrlimit(RLIMIT_NOFILE)");
    }
}

/// One connection's ping-pong: the block of round r is a window into a
/// shared random pattern that starts at an offset depending on the
/// connection and the round, so a byte from another round or another
/// connection does not pass the check.
struct Player {
    common::FileDescriptor fd;
    std::size_t id = 0;
    std::uint64_t round = 0;
    std::size_t sent = 0;     // bytes of this round's block sent
    std::size_t received = 0; // bytes of it received, all checked
    Clock::time_point blockStart;
    std::uint64_t roundsInWindow = 0;
    bool writing = false; // EPOLLOUT is in its interest
    bool finished = false;
};

class Load {
public:
    explicit Load(const Options& options);

    /// Runs the three phases and prints the JSON line.
    void run();

private:
    enum class Phase { warmup, window, drain };

    const char* block(const Player& player) const
    {
        return pattern_.data() + (player.id * 7 + player.round) % 251;
    }
    void watch(Player& player, bool writing);
    void startRound(Player& player, Clock::time_point now);
    void sendSome(Player& player);
    void receiveSome(Player& player, Clock::time_point now);
    void turn(int timeoutMs);
    void advancePhase(Clock::time_point now);
    void printReport() const;

    Options options_;
    std::string pattern_;
    common::FileDescriptor epoll_;
    std::vector<Player> players_;
    std::vector<char> scratch_;
    Phase phase_ = Phase::warmup;
    Clock::time_point windowStart_;
    Clock::time_point windowEnd_;
    std::size_t unfinished_ = 0;
    std::vector<std::uint64_t> latenciesNs_;
    std::uint64_t bytesSent_ = 0;
    std::uint64_t bytesChecked_ = 0;
    double serverCpuStart_ = 0;
    double serverCpu_ = -1; // seconds over the window; -1: not measured
    double ownCpuStart_ = 0;
    double ownCpu_ = 0;
};

Load::Load(const Options& options)
    : options_{options}, epoll_{::epoll_create1(EPOLL_CLOEXEC)},
      scratch_(std::max<std::size_t>(options.size, 4096))
{
    if (!epoll_) {
        common::throwSystemError("epoll_create1");
    }
    std::mt19937 random{20260801};
    pattern_.resize(options.size + 256);
    for (char& byte : pattern_) {
        byte = static_cast<char>(random() & 0xff);
    }
    allowDescriptors(options.connections + 64);
    players_.resize(options.connections);
    for (std::size_t i = 0; i < players_.size(); ++i) {
        Player& player = players_[i];
        player.id = i;
        player.fd = common::connectTcp(options.server.host, options.server.port);
        common::setNonBlocking(player.fd.get());
        // Ping-pong never has data in flight when it sends, but a block
        // sent in pieces would: do not let Nagle hold the last piece.
        const int on = 1;
        ::setsockopt(player.fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = i;
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, player.fd.get(), &event) <
            0) {
            common::throwSystemError("epoll_ctl(EPOLL_CTL_ADD)");
        }
    }
}

void Load::watch(Player& player, bool writing)
{
    if (player.writing == writing) {
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN | (writing ? EPOLLOUT : 0u);
    event.data.u64 = player.id;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, player.fd.get(), &event) < 0) {
        common::throwSystemError("epoll_ctl(EPOLL_CTL_MOD)");
    }
    player.writing = writing;
}

void Load::startRound(Player& player, Clock::time_point now)
{
    player.sent = 0;
    player.received = 0;
    player.blockStart = now;
    sendSome(player);
}

void Load::sendSome(Player& player)
{
    while (player.sent < options_.size) {
        const ssize_t sent =
            ::send(player.fd.get(), block(player) + player.sent,
                   options_.size - player.sent, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                break;
            }
            common::throwSystemError("send (connection " +
                                     std::to_string(player.id) + ")");
        }
        player.sent += static_cast<std::size_t>(sent);
        bytesSent_ += static_cast<std::size_t>(sent);
    }
    watch(player, player.sent < options_.size);
}

void Load::receiveSome(Player& player, Clock::time_point now)
{
    // Never more than the rest of this block: an echo server sends back
    // only what it was sent, and anything else must fail the check.
    const std::size_t wanted = options_.size - player.received;
    const ssize_t got = ::recv(player.fd.get(), scratch_.data(),
                               std::min(wanted, scratch_.size()), 0);
    if (got < 0) {
        if (errno == EAGAIN || errno == EINTR) {
            return;
        }
        common::throwSystemError("recv (connection " +
                                 std::to_string(player.id) + ")");
    }
    if (got == 0 || player.finished) {
        throw std::runtime_error(
            "connection " + std::to_string(player.id) + ": " +
            (got == 0 ? "the server closed the connection"
                      : "bytes arrived that were never sent"));
    }
    const auto size = static_cast<std::size_t>(got);
    const char* expected = block(player) + player.received;
    if (size > player.sent - player.received ||
        std::memcmp(scratch_.data(), expected, size) != 0) {
        std::size_t at = 0;
        while (at < size && at < player.sent - player.received &&
               scratch_[at] == expected[at]) {
            ++at;
        }
        throw std::runtime_error(
            "connection " + std::to_string(player.id) + ", round " +
            std::to_string(player.round) + ": byte " +
            std::to_string(player.received + at) +
            " of the block is not the byte sent there");
    }
    player.received += size;
    bytesChecked_ += size;
    if (player.received < options_.size) {
        return;
    }
    if (phase_ == Phase::window) {
        ++player.roundsInWindow;
        latenciesNs_.push_back(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(
                now - player.blockStart)
                .count()));
    }
    ++player.round;
    if (phase_ == Phase::drain) {
        player.finished = true;
        --unfinished_;
        return;
    }
    startRound(player, now);
}

void Load::turn(int timeoutMs)
{
    epoll_event events[256];
    const int ready = ::epoll_wait(epoll_.get(), events, 256, timeoutMs);
    if (ready < 0 && errno != EINTR) {
        common::throwSystemError("epoll_wait");
    }
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < ready; ++i) {
        Player& player = players_[events[i].data.u64];
        if ((events[i].events & EPOLLOUT) != 0) {
            sendSome(player);
        }
        if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
            receiveSome(player, now);
        }
    }
}

void Load::advancePhase(Clock::time_point now)
{
    if (phase_ == Phase::warmup) {
        phase_ = Phase::window;
        windowStart_ = now;
        if (options_.serverPid != 0) {
            serverCpuStart_ = processCpuSeconds(options_.serverPid);
        }
        ownCpuStart_ = ownCpuSeconds();
        return;
    }
    phase_ = Phase::drain;
    windowEnd_ = now;
    if (options_.serverPid != 0) {
        serverCpu_ = processCpuSeconds(options_.serverPid) - serverCpuStart_;
    }
    ownCpu_ = ownCpuSeconds() - ownCpuStart_;
    // A player whose block is complete is between rounds only inside
    // receiveSome, so every player has a block out: await them all.
    unfinished_ = players_.size();
}

int millisecondsUntil(Clock::time_point now, Clock::time_point then)
{
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(then - now).count();
    return static_cast<int>(std::max<long long>(left, 0));
}

void Load::run()
{
    const auto seconds = [](double s) {
        return std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(s));
    };
    Clock::time_point now = Clock::now();
    for (Player& player : players_) {
        startRound(player, now);
    }
    Clock::time_point next = now + seconds(options_.warmup);
    while (phase_ != Phase::drain) {
        turn(millisecondsUntil(now, next));
        now = Clock::now();
        if (now >= next) {
            advancePhase(now);
            next = now + seconds(options_.seconds);
        }
    }
    const Clock::time_point giveUp = now + drainLimit;
    while (unfinished_ > 0) {
        if (now >= giveUp) {
            throw std::runtime_error(
                std::to_string(unfinished_) + " connection(s) got no full "
                "answer " + std::to_string(drainLimit.count()) +
                " s after the window: the server stopped echoing");
        }
        turn(millisecondsUntil(now, giveUp));
        now = Clock::now();
    }
    printReport();
}

double percentileUs(std::vector<std::uint64_t> samples, double fraction)
{
    if (samples.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(
        std::ceil(fraction * static_cast<double>(samples.size()))) - 1;
    const auto at = samples.begin() + static_cast<std::ptrdiff_t>(
                                          std::min(rank, samples.size() - 1));
    std::nth_element(samples.begin(), at, samples.end());
    return static_cast<double>(*at) / 1e3;
}

void Load::printReport() const
{
    const double window =
        std::chrono::duration<double>(windowEnd_ - windowStart_).count();
    std::uint64_t total = 0;
    std::uint64_t least = UINT64_MAX;
    std::uint64_t most = 0;
    double squares = 0;
    for (const Player& player : players_) {
        const std::uint64_t n = player.roundsInWindow;
        total += n;
        least = std::min(least, n);
        most = std::max(most, n);
        squares += static_cast<double>(n) * static_cast<double>(n);
    }
    const double rounds = static_cast<double>(total);
    // Jain's index: 1 when every connection got the same share, 1/N when
    // one got everything.
    const double jain =
        squares > 0 ? rounds * rounds /
                          (static_cast<double>(players_.size()) * squares)
                    : 0;
    const auto perRound = [&](double cpu) {
        return total > 0 ? cpu * 1e6 / rounds : 0.0;
    };
    char serverCpu[32] = "null";
    if (serverCpu_ >= 0) {
        std::snprintf(serverCpu, sizeof serverCpu, "%.3f", perRound(serverCpu_));
    }
    std::printf(
        "{\"connect\": \"%s:%u\", \"connections\": %zu, \"block_bytes\": %zu, "
        "\"seconds\": %.3f, \"round_trips\": %llu, "
        "\"round_trips_per_second\": %.1f, \"mib_per_second\": %.2f, "
        "\"latency_p50_us\": %.1f, \"latency_p99_us\": %.1f, "
        "\"round_trips_min\": %llu, \"round_trips_max\": %llu, "
        "\"fairness_jain\": %.4f, \"server_cpu_us_per_round_trip\": %s, "
        "\"client_cpu_us_per_round_trip\": %.3f, \"bytes_sent\": %llu, "
        "\"bytes_checked\": %llu}\n",
        options_.server.host.c_str(), options_.server.port, players_.size(),
        options_.size, window, static_cast<unsigned long long>(total),
        rounds / window,
        rounds * static_cast<double>(options_.size) / window / (1 << 20),
        percentileUs(latenciesNs_, 0.50), percentileUs(latenciesNs_, 0.99),
        static_cast<unsigned long long>(least),
        static_cast<unsigned long long>(most), jain, serverCpu,
        perRound(ownCpu_), static_cast<unsigned long long>(bytesSent_),
        static_cast<unsigned long long>(bytesChecked_));
}

CLI::Validator endpointValidator()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            try {
                common::parseEndpoint(text, "");
                return {};
            } catch (const std::invalid_argument& error) {
                return error.what();
            }
        },
        "");
}

void addOptions(CLI::App& app, Options& options)
{
    app.add_option_function<std::string>(
           "--connect",
           [&options](const std::string& text) {
               options.server = common::parseEndpoint(text, "");
           },
           "The echo server, HOST:PORT on this machine")
        ->type_name("HOST:PORT")
        ->required()
        ->check(endpointValidator());
    common::addCountOption(app, "--connections", options.connections,
                           std::size_t{1}, std::size_t{100000},
                           "Connections, each playing ping-pong");
    common::addSizeOption(app, "--size", options.size, "16",
                          "Bytes in each block (16, 16KiB, ...)", 1);
    common::addSecondsOption(app, "--seconds", options.seconds,
                             "Length of the measured window");
    common::addSecondsOption(app, "--warmup", options.warmup,
                             "Seconds played before the window, not counted");
    common::addCountOption(app, "--server-pid", options.serverPid,
                           std::uint64_t{0}, std::uint64_t{1} << 32,
                           "The server's process id, for its CPU per round "
                           "trip (0: not measured)");
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Ping-pong load against an echo server on this machine; "
                 "prints one JSON line",
                 "bench_load"};
    Options options;
    addOptions(app, options);
    try {
        app.parse(argc, argv);
        if (options.seconds <= 0) {
            throw common::UsageError("--seconds: the window cannot be empty");
        }
        requireLoopback(options.server.host);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        std::fprintf(stderr, "bench_load: %s\nRun with --help for more "
                     "information.\n", error.what());
        return 2;
    } catch (const common::UsageError& error) {
        std::fprintf(stderr, "bench_load: %s\n", error.what());
        return 2;
    }
    try {
        Load load{options};
        load.run();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_load: %s\n", error.what());
        return 1;
    }
    return 0;
}
