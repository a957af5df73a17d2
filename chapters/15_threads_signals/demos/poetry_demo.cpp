#include "poetry_demo.hpp"

#include "address.hpp"
#include "cummingsify.hpp"
#include "listener.hpp"
#include "poems.hpp"
#include "poetry_client.hpp"
#include "poetry_report.hpp"
#include "poetry_server.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "socket_address.hpp"

#include "error.hpp"
#include "exit_codes.hpp"
#include "file_descriptor.hpp"
#include "output.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

namespace {

// region: our-servers
// The servers of the default run. Their speeds differ, and the slowest is
// neither the longest poem nor the first: the total is its time, whatever
// the order of the downloads.
struct OurServer {
    std::string_view poem;
    PoetryPace pace;
};

const std::array<OurServer, 3> ourServers{{
    {"ecstasy", {50ms, 160}}, // 2,770 bytes: 18 chunks, 0.90 s
    {"science", {60ms, 40}},  // 674 bytes: 17 chunks, 1.02 s
    {"chapman", {70ms, 30}},  // 635 bytes: 22 chunks, 1.54 s
}};
// endregion: our-servers

Duration fromSeconds(double seconds)
{
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(seconds));
}

/// A directory of its own for --unix's socket files, removed with them.
class TemporaryDirectory {
public:
    TemporaryDirectory()
    {
        std::string name =
            (std::filesystem::temp_directory_path() / "poetry-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) {
            common::throwSystemError("mkdtemp(" + name + ")");
        }
        path_ = name;
    }
    ~TemporaryDirectory()
    {
        std::error_code ignored; // a leftover in /tmp is no reason to fail
        std::filesystem::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    std::string file(std::string_view name) const
    {
        return (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

// region: refused
/// An address where nobody listens, so that a connect there is refused.
/// TCP: a port bound and never listened on, held for the whole run so
/// that no other program can take it. Unix: a stale socket file, bound
/// and closed, as a server that is gone leaves one.
class NobodyListens {
public:
    explicit NobodyListens(const TemporaryDirectory* directory)
    {
        const SocketAddress where =
            directory != nullptr ? unixAddress(directory->file("gone.sock"))
                                 : resolveTcp("127.0.0.1", 0).front();
        socket_.reset(::socket(where.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!socket_) {
            common::throwSystemError("socket");
        }
        if (::bind(socket_.get(), where.get(), where.length) < 0) {
            common::throwSystemError("bind");
        }
        if (directory != nullptr) {
            address_ = Address::unixPath(directory->file("gone.sock"));
            socket_.reset(); // the file stays: stale
        } else {
            address_ =
                Address::tcp("127.0.0.1", common::boundPort(socket_.get()));
        }
    }

    const Address& address() const { return *address_; }

private:
    common::FileDescriptor socket_;
    std::optional<Address> address_;
};
// endregion: refused

// region: unanswered
/// A TCP server that never answers: its queue of connections not yet
/// accepted holds one (a backlog of 0), and that place is taken. Linux
/// then drops the SYN of every new connect, and the client waits, as it
/// would for a host that is down, until its timeout.
class NobodyAnswers {
public:
    NobodyAnswers()
        : listener_{common::listenTcp("127.0.0.1", 0, 0)},
          port_{common::boundPort(listener_.get())}
    {
        // A blocking connect, the one left in this chapter: to a queue
        // that has room, on this machine, so it returns at once.
        queued_ = common::connectTcp("127.0.0.1", port_);
        // The queue is full once the listener is readable.
        pollfd watched{listener_.get(), POLLIN, 0};
        if (::poll(&watched, 1, 5000) != 1) {
            throw std::runtime_error{"the queue of the server that never "
                                     "answers did not fill"};
        }
    }

    Address address() const { return Address::tcp("127.0.0.1", port_); }

private:
    common::FileDescriptor listener_;
    std::uint16_t port_;
    common::FileDescriptor queued_;
};
// endregion: unanswered

// The three servers of the default run, on ports the OS picks or, with
// --unix, on socket files in `directory`.
std::vector<std::shared_ptr<Listener>>
startOurServers(Reactor& reactor, const TemporaryDirectory* directory,
                PoetryReport& report, std::vector<Address>& addresses)
{
    std::vector<std::shared_ptr<Listener>> listeners;
    for (const OurServer& server : ourServers) {
        const Poem poem = *findPoem(server.poem);
        auto text = std::make_shared<const std::string>(poem.text);
        const PoetryPace pace = server.pace;
        const Address where = directory != nullptr
                                  ? Address::unixPath(directory->file(
                                        std::string{poem.name} + ".sock"))
                                  : Address::tcp("127.0.0.1", 0);
        listeners.push_back(listen(reactor, where, [&reactor, text, pace] {
            return std::make_shared<SlowPoetryProtocol>(reactor, text, pace);
        }));
        addresses.push_back(
            where.isUnix()
                ? where
                : Address::tcp("127.0.0.1", listeners.back()->port()));
        report.add(addresses.back().describe(),
                   std::string{poem.name} + ", " + describePace(pace));
    }
    return listeners;
}

// A connect may wait --timeout seconds for its peer, which is not a stall:
// the watchdog waits that long, and a second more, before it says so.
void allowForConnects(const PoetrySettings& settings,
                      const common::SharedOptions& options)
{
    if (options.stallTimeout > 0 && settings.timeout > 0) {
        common::Watchdog::stallTimeout(
            std::max(options.stallTimeout, settings.timeout + 1));
    }
}

} // namespace

// region: run-client
int runPoetryClient(const PoetrySettings& settings,
                    const common::SharedOptions& options)
{
    std::optional<TemporaryDirectory> directory;
    if (settings.unixSockets) {
        directory.emplace();
    }
    Reactor reactor{makePoller(options.backend)};
    PoetryReport report{reactor};
    std::vector<Address> addresses;
    std::vector<std::shared_ptr<Listener>> listeners;
    if (settings.connect.empty()) {
        std::cout << "Three slow poetry servers, and one client fetching "
                     "from all three at once.\n";
        listeners = startOurServers(reactor, directory ? &*directory : nullptr,
                                    report, addresses);
    }
    for (const std::string& text : settings.connect) {
        addresses.push_back(Address::parse(text, ""));
        report.add(addresses.back().describe());
    }
    std::optional<NobodyListens> refusing;
    if (settings.addRefused) {
        refusing.emplace(directory ? &*directory : nullptr);
        addresses.push_back(refusing->address());
        report.add(addresses.back().describe(), "nobody listens there");
    }
    std::optional<NobodyAnswers> silent;
    if (settings.addUnanswered) {
        silent.emplace();
        addresses.push_back(silent->address());
        report.add(addresses.back().describe(), "a server that never answers");
    }
    const auto describing =
        common::Watchdog::describe([&report] { return report.describe(); });
    allowForConnects(settings, options);

    const std::optional<Duration> timeout =
        settings.timeout > 0 ? std::optional{fromSeconds(settings.timeout)}
                             : std::nullopt;
    const Cummingsifier cummingsify{settings.seed, settings.failureRate};
    // The client is one task: the loop runs until it is done, every poem
    // arrived or failed.
    runUntilComplete(
        reactor, fetchPoems(reactor, addresses, report, timeout, cummingsify));
    for (const auto& listener : listeners) {
        listener->stopListening();
    }
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    return report.summary();
}
// endregion: run-client

// region: run-server
int runPoetryServer(const ServeSettings& settings,
                    const common::SharedOptions& options)
{
    const auto poem =
        std::make_shared<const std::string>(loadPoem(settings.poem));
    const Address where = Address::parse(
        settings.listen.empty() ? "0" : settings.listen, "127.0.0.1");
    const PoetryPace pace{std::chrono::milliseconds{settings.delayMs},
                          settings.chunk};
    // A server waits for clients, and waiting for a peer is not a stall:
    // only Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor{makePoller(options.backend)};
    std::atomic<std::size_t> clients{0};
    auto listener = listen(reactor, where, [&reactor, poem, pace, &clients] {
        return std::make_shared<SlowPoetryProtocol>(reactor, poem, pace,
                                                    &std::cout, ++clients);
    });
    const auto describing = common::Watchdog::describe([&clients] {
        return "The server was waiting in the poller for clients, and on its "
               "timers for\nthe next chunks; it has had " +
               common::counted(clients, "client") + ".";
    });
    const Address bound =
        where.isUnix() ? where : Address::tcp(where.host(), listener->port());
    const std::size_t titleEnd = std::min(poem->find('\n'), std::size_t{60});
    std::cout << "Serving \"" << poem->substr(0, titleEnd) << "\" ("
              << common::counted(poem->size(), "byte") << "), "
              << describePace(pace) << ", on " << bound.describe()
              << "; Ctrl-C to stop.\n";
    reactor.run();
    return 0;
}
// endregion: run-server
