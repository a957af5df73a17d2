#include "walkthrough.hpp"

#include "error.hpp"
#include "socket.hpp"

#include <sys/socket.h>

#include <atomic>
#include <stdexcept>
#include <string_view>

using namespace std::chrono_literals;

namespace {

// The step whose select() is running, read by the watchdog on Ctrl-C.
std::atomic<const char*> inProgress{"opening the sockets"};

// region: ask
// Asks select() the step's question and records its answer.
Step ask(Step step)
{
    inProgress = step.title;
    step.ready = selectReady(step.readers, step.writers, step.timeout);
    return step;
}
// endregion: ask

void sendText(int fd, std::string_view text)
{
    const auto sent = ::send(fd, text.data(), text.size(), 0);
    if (sent < 0) {
        common::throwSystemError("send");
    }
    // A few bytes into an empty send buffer always go in one call.
    if (static_cast<std::size_t>(sent) != text.size()) {
        throw std::runtime_error("send: a short write of a few bytes");
    }
}

std::string receiveExactly(int fd, std::size_t count)
{
    std::string text(count, '\0');
    std::size_t received = 0;
    while (received < count) {
        const auto n = ::recv(fd, text.data() + received, count - received, 0);
        if (n < 0) {
            common::throwSystemError("recv");
        }
        if (n == 0) {
            throw std::runtime_error("recv: the peer closed the connection");
        }
        received += static_cast<std::size_t>(n);
    }
    return text;
}

} // namespace

// region: sockets
// The members start in declaration order, so port() already has a listener.
Walkthrough::Walkthrough()
    : listener_{common::listenTcp("127.0.0.1", 0)},
      client_{common::connectTcp("127.0.0.1", port())},
      server_{common::acceptConnection(listener())}
{
}
// endregion: sockets

std::uint16_t Walkthrough::port() const
{
    return common::boundPort(listener());
}

std::string Walkthrough::nameOf(int fd) const
{
    if (fd == listener()) {
        return "listener";
    }
    if (fd == client()) {
        return "client";
    }
    if (fd == server()) {
        return "server";
    }
    return "fd " + std::to_string(fd);
}

// region: connected
Step Walkthrough::bothConnected()
{
    return ask({
        .title = "Both ends are connected; nothing has been sent yet.",
        .readers = {listener(), client(), server()},
        .writers = {client(), server()},
        .timeout = 0s,
        .why = "Both connected sockets have room in their send buffers, so "
               "both are writable; neither a byte nor a connection has "
               "arrived, so nothing is readable.",
    });
}
// endregion: connected

// region: level
Step Walkthrough::clientSends()
{
    sendText(client(), "xyz");
    // No writers: both are writable, so select() would return at once.
    return ask({
        .title = "The client sends \"xyz\"; select() waits with no timeout.",
        .readers = {listener(), client(), server()},
        .timeout = forever,
        .why = "With no timeout select() would wait as long as it takes; it "
               "returned because the server has 3 bytes to read.",
    });
}

Step Walkthrough::askAgain()
{
    return ask({
        .title = "Nobody has read them; select() is asked again, timeout 0.",
        .readers = {listener(), client(), server()},
        .writers = {client(), server()},
        .timeout = 0s,
        .why = "select() reports a state, not a change: until the bytes are "
               "read, the server stays readable (level-triggered).",
    });
}
// endregion: level

Step Walkthrough::serverReads()
{
    if (receiveExactly(server(), 3) != "xyz") {
        throw std::runtime_error("recv: the server did not get \"xyz\"");
    }
    return ask({
        .title = "The server reads the 3 bytes, \"xyz\".",
        .readers = {listener(), client(), server()},
        .writers = {client(), server()},
        .timeout = 0s,
        .why = "The server's receive buffer is empty again, so it is no "
               "longer readable; both sockets are still writable.",
    });
}

// region: timeout-expires
Step Walkthrough::timeoutExpires()
{
    // Readers only, as in step 2: a writer would end the wait at once.
    return ask({
        .title = "Nothing else happens; select() waits with a 100 ms timeout.",
        .readers = {listener(), client(), server()},
        .timeout = 100ms,
        .why = "Nothing became ready within 100 ms, so select() gave up and "
               "returned empty sets: a timeout bounds the wait.",
    });
}
// endregion: timeout-expires

// region: accept
Step Walkthrough::connectionWaits()
{
    secondClient_ = common::connectTcp("127.0.0.1", port());
    return ask({
        .title = "A second client connects; nobody accepts it yet.",
        .readers = {listener(), client(), server()},
        .timeout = 5s,
        .why = "A connection waiting to be accepted makes the listener "
               "readable (accept() would not block), and select() returned "
               "without waiting out its 5 s.",
    });
}
// endregion: accept

std::string currentStep()
{
    return inProgress.load();
}
