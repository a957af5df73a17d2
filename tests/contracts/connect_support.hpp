#pragma once
// Test doubles for the connect contract (chapter 10 on): a client factory
// that records what it is told, a listener whose queue is full so that a
// connect to it never finishes, a reactor on a fake clock, and a private
// folder for Unix domain sockets.
#include "clock.hpp"
#include "connector.hpp"
#include "reactor.hpp"
#include "recording_protocol.hpp"
#include "transport.hpp"

#include "error.hpp"
#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/// Records every call a connector makes; the hooks script its behaviour.
class RecordingFactory : public ClientFactory {
public:
    /// Makes the protocols; a RecordingProtocol each, kept in `protocols`.
    std::function<std::shared_ptr<Protocol>()> build;
    std::function<void(Connector&)> onStarted;
    std::function<void(Connector&, const Reason&)> onFailed;
    std::function<void(Connector&, const Reason&)> onLost;

    std::shared_ptr<Protocol> buildProtocol() override
    {
        ++built;
        if (build) {
            return build();
        }
        protocols.push_back(std::make_shared<RecordingProtocol>());
        return protocols.back();
    }
    void startedConnecting(Connector& connector) override
    {
        ++started;
        if (onStarted) {
            onStarted(connector);
        }
    }
    void clientConnectionFailed(Connector& connector,
                                const Reason& reason) override
    {
        failures.push_back(reason);
        if (onFailed) {
            onFailed(connector, reason);
        }
    }
    void clientConnectionLost(Connector& connector,
                              const Reason& reason) override
    {
        losses.push_back(reason);
        if (onLost) {
            onLost(connector, reason);
        }
    }

    /// Something has been said about the attempt: made, failed or lost.
    bool settled() const
    {
        return !failures.empty() || !losses.empty() ||
               (!protocols.empty() && protocols.back()->made > 0);
    }

    int started = 0;
    int built = 0;
    std::vector<std::shared_ptr<RecordingProtocol>> protocols;
    std::vector<Reason> failures;
    std::vector<Reason> losses;
};

/// A TCP listener on 127.0.0.1 that never accepts, with its queue of
/// connections full: Linux then drops a new client's SYN, and a connect to
/// it stays in progress until the client gives up. (The trick of
/// tests/support/blocked_connect.hpp, without the thread: our connect does
/// not block.)
class FullListener {
public:
    FullListener()
        // A backlog of 0 holds one connection not yet accepted.
        : listener_{common::listenTcp("127.0.0.1", 0, 0)},
          port_{common::boundPort(listener_.get())},
          queued_{common::connectTcp("127.0.0.1", port_)}
    {
        // Readable once the queued connection is in the queue: full.
        pollfd watched{listener_.get(), POLLIN, 0};
        REQUIRE(::poll(&watched, 1, 20'000) == 1); // a hang guard
    }
    std::uint16_t port() const { return port_; }
    /// Makes room: the connect in progress then completes on its next try.
    void acceptOne() { common::acceptConnection(listener_.get()); }

private:
    common::FileDescriptor listener_;
    std::uint16_t port_;
    common::FileDescriptor queued_;
};

/// A reactor on a real poller whose time is a fake Clock's: the clock
/// moves only when a test advances it, so a timeout fires exactly when the
/// test says, however slow the machine.
struct FakeClockReactor {
    Clock clock;
    Reactor reactor{makeEpollPoller(), [this] { return clock.seconds(); }};

    /// Moves the clock on and turns the loop once without waiting.
    void advance(Duration amount)
    {
        clock.advance(amount);
        reactor.iterate(Duration::zero());
    }
};

/// A fresh folder for Unix domain sockets, removed with what is in it.
/// Under /tmp: a socket's path must be short (107 bytes).
class TempDir {
public:
    TempDir()
    {
        std::string pattern = "/tmp/connect-test-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            common::throwSystemError("mkdtemp");
        }
        path_ = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// `name` inside the folder.
    std::string file(const std::string& name) const
    {
        return path_ + "/" + name;
    }

private:
    std::string path_;
};

/// Serves `socket` with `protocol` on a new transport; the reactor becomes
/// its only owner, and the weak_ptr says when it is gone.
inline std::weak_ptr<Transport> serve(Reactor& reactor,
                                      common::FileDescriptor socket,
                                      std::shared_ptr<Protocol> protocol)
{
    auto transport = std::make_shared<Transport>(reactor, std::move(socket),
                                                 std::move(protocol));
    transport->activate();
    return transport;
}

/// Appends what `fd` holds now to `into`, without waiting; true once the
/// stream has ended (end of stream, or an error such as a reset).
inline bool readAvailable(int fd, std::string& into)
{
    char chunk[64 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            into.append(chunk, static_cast<std::size_t>(n));
        } else if (n == 0) {
            return true;
        } else {
            return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
        }
    }
}

/// Whether something is at `path`.
inline bool exists(const std::string& path)
{
    std::error_code ignored;
    return std::filesystem::exists(
        std::filesystem::symlink_status(path, ignored));
}

/// Sends `text` from a blocking test socket, all of it at once.
inline void sendText(const common::FileDescriptor& fd, const std::string& text)
{
    REQUIRE(::send(fd.get(), text.data(), text.size(), 0) ==
            static_cast<ssize_t>(text.size()));
}
