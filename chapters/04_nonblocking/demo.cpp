#include "demo.hpp"

#include "stream.hpp"

#include "error.hpp"
#include "output.hpp"
#include "socket.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <iostream>

using common::withCommas;

namespace {

constexpr std::size_t smallBlock = 1024;
constexpr std::size_t largeBlock = 1024 * 1024;

} // namespace

void Demo::accept(Reactor& reactor, int listener)
{
    server_ = common::acceptConnection(listener);
    // One connection is all this demo needs; with nothing left registered
    // once the server is done, run() returns and the program can end.
    reactor.removeReader(listener);
    reactor.addReader(server_.get(), std::bind_front(&Demo::read, this));
}

// region: read
void Demo::read(Reactor& reactor, int fd)
{
    char data[1024];
    const ssize_t n = ::recv(fd, data, sizeof data, 0);
    if (n < 0) {
        common::throwSystemError("recv");
    }
    for (ssize_t i = 0; i < n; ++i) {
        if (data[i] != streamByte(serverReceived_ + static_cast<size_t>(i))) {
            ++mismatches_;
        }
    }
    serverReceived_ += static_cast<std::size_t>(n);
    if (n == 0) {
        std::cout << "Server reached the end of the stream.\n";
        reactor.removeReader(fd);
        server_.reset();
    }
}
// endregion: read

void Demo::write(Reactor& reactor, int fd)
{
    if (++writeTurns_ == 1) {
        fillUntilEagain(fd);
    } else {
        writeOneLargeBlock(reactor, fd);
    }
}

// region: fill
void Demo::fillUntilEagain(int fd)
{
    for (;;) {
        const std::string block = streamBytes(clientSent_, smallBlock);
        const ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            std::cout << "send(" << block.size() << " bytes) -> -1, errno "
                      << "EAGAIN (" << std::strerror(errno) << ")\n"
                      << "The buffers are full after "
                      << withCommas(clientSent_) << " bytes: the client "
                      << "goes back to the loop\nuntil select() says the "
                      << "socket is writable again.\n";
            return;
        }
        if (n < 0) {
            common::throwSystemError("send");
        }
        clientSent_ += static_cast<std::size_t>(n);
        std::cout << "send(" << block.size() << " bytes) -> " << n << '\n';
    }
}
// endregion: fill

// region: short-write
void Demo::writeOneLargeBlock(Reactor& reactor, int fd)
{
    std::cout << "Writable again, once the server had read "
              << withCommas(serverReceived_) << " bytes.\n";
    const std::string block = streamBytes(clientSent_, largeBlock);
    const ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
    if (n < 0) {
        common::throwSystemError("send"); // select() said writable
    }
    const auto taken = static_cast<std::size_t>(n);
    clientSent_ += taken;
    notTaken_ = block.size() - taken;
    std::cout << "send(" << withCommas(block.size()) << " bytes) -> "
              << withCommas(taken) << ": a short write. The other "
              << withCommas(notTaken_) << "\nbytes were not sent, and "
              << "only the return value says so.\n";

    // Done writing: the server will see the end of the stream once it has
    // read everything that send() took.
    reactor.removeWriter(fd);
    if (::shutdown(fd, SHUT_WR) < 0) {
        common::throwSystemError("shutdown");
    }
}
// endregion: short-write

// region: accounts
std::string Demo::accounts() const
{
    const std::string placed =
        mismatches_ == 0 ? "every byte in its place"
                         : withCommas(mismatches_) + " bytes out of place";
    return "send() reported " + withCommas(clientSent_) +
           " bytes taken; the server received " +
           withCommas(serverReceived_) + ",\n" + placed + ". The " +
           withCommas(notTaken_) +
           " bytes that send() did not take\nnever left the client.";
}

bool Demo::balanced() const
{
    return clientSent_ == serverReceived_ && mismatches_ == 0;
}
// endregion: accounts

std::string Demo::describe() const
{
    // Before the loop starts, the client may wait in connect() (for a
    // server whose queue is full): then that is the story, not the loop.
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    return "The loop had sent " + withCommas(clientSent_) +
           " bytes and received " + withCommas(serverReceived_) + ".";
}
