#include "poetry_client.hpp"

#include "connector.hpp"
#include "gather.hpp"
#include "protocol.hpp"
#include "sock_ops.hpp"
#include "socket_address.hpp"
#include "transport.hpp"
#include "wait_for.hpp"

#include "output.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <new>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>

namespace {

// How far a download had gone when it stopped, for the reason it gives.
struct Progress {
    bool connected = false;
    std::size_t received = 0;
};

// region: download
// The whole client, in the order it happens. At each co_await the task
// waits, and the loop serves the other downloads meanwhile. waitFor bounds
// the connect, and then each silence between two chunks, as chapter 10's
// connect timer and silence timer do.
Task<std::string> downloadPoem(Reactor& reactor, Address address,
                               PoetryReport& report, std::size_t poem,
                               std::optional<Duration> timeout,
                               Progress& progress)
{
    const common::FileDescriptor socket =
        co_await waitFor(reactor, connectTo(reactor, address), timeout);
    progress.connected = true;
    std::string text;
    for (;;) {
        const std::string chunk = co_await waitFor(
            reactor, sockRecv(reactor, socket.get(), Transport::maxReadSize),
            timeout);
        if (chunk.empty()) {
            co_return text; // the server has closed: the poem is whole
        }
        report.chunkReceived(poem, chunk);
        progress.received += chunk.size();
        text += chunk;
    }
}
// endregion: download

// Why a download that ran out of time failed, in chapter 10's words, so
// that the two chapters print the same line.
std::string timedOut(const Address& address, const Progress& progress,
                     Duration timeout)
{
    const double seconds = std::chrono::duration<double>(timeout).count();
    if (!progress.connected) {
        return Reason::timedOut("connect to " + address.describe(), seconds)
            .text();
    }
    return Reason::timedOut("waiting for the next chunk", seconds).text() +
           ", after " + common::counted(progress.received, "byte");
}

// region: cummingsify
// Chapter 11's errback, as a catch: a poem cummingsify fails on stays as
// it came, and the run says so.
std::string cummingsifyOrKeep(const Cummingsifier& cummingsify,
                              std::size_t poem, std::string text,
                              std::ostream& out)
{
    try {
        return cummingsify(poem, std::move(text));
    } catch (const CannotCummingsify& cannot) {
        out << "Poem " << poem << ": " << cannot.what()
            << "; it stays as it came.\n";
        return cannot.poem;
    }
}
// endregion: cummingsify

} // namespace

// region: connect-to
Task<common::FileDescriptor> connectTo(Reactor& reactor, Address address)
{
    const std::string destination = address.describe();
    std::vector<SocketAddress> candidates;
    try {
        // NOTE: resolving a name blocks the loop (see socket_address.hpp);
        // chapter 15 moves it to a thread pool.
        candidates = address.isUnix()
                         ? std::vector{unixAddress(address.path())}
                         : resolveTcp(address.host(), address.port());
    } catch (const std::exception& error) {
        throw ConnectError{"connect to " + destination + ": " + error.what()};
    }
    int error = 0;
    for (const SocketAddress& candidate : candidates) {
        common::FileDescriptor socket{::socket(
            candidate.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
        if (!socket) {
            error = errno;
            continue;
        }
        try {
            co_await sockConnect(reactor, socket.get(), candidate);
            co_return std::move(socket);
        } catch (const std::system_error& failed) {
            error = failed.code().value(); // refused, unreachable: the next
        }
    }
    throw ConnectError{connectFailure(destination, error).text()};
}
// endregion: connect-to

// region: fetch-poem
Task<void> fetchPoem(Reactor& reactor, Address address, PoetryReport& report,
                     std::size_t poem, std::optional<Duration> timeout,
                     Cummingsifier cummingsify, std::ostream& out)
{
    Progress progress;
    try {
        std::string text = co_await downloadPoem(reactor, address, report, poem,
                                                 timeout, progress);
        report.poemReceived(
            poem, cummingsifyOrKeep(cummingsify, poem, std::move(text), out));
    } catch (const TimeoutError&) {
        report.poemFailed(poem, timedOut(address, progress, *timeout));
    } catch (const ConnectError& error) {
        report.poemFailed(poem, error.what());
    } catch (const std::bad_alloc&) {
        throw; // out of memory is the program's end, not this poem's
    } catch (const std::exception& error) {
        // The connection broke half-way (a reset): say how much had come.
        report.poemFailed(poem, std::string{error.what()} + ", after " +
                                    common::counted(progress.received, "byte"));
    }
}
// endregion: fetch-poem

// region: fetch-poems
Task<void> fetchPoems(Reactor& reactor, std::vector<Address> addresses,
                      PoetryReport& report, std::optional<Duration> timeout,
                      Cummingsifier cummingsify, std::ostream& out)
{
    if (addresses.size() != report.size()) {
        throw std::invalid_argument{"fetchPoems: one address per poem"};
    }
    std::vector<Task<void>> downloads;
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        downloads.push_back(fetchPoem(reactor, addresses[i], report, i + 1,
                                      timeout, cummingsify, out));
    }
    report.start();
    // fetchPoem never throws, so no download cancels the others: each
    // poem arrives or fails on its own.
    co_await gather(std::move(downloads));
}
// endregion: fetch-poems
