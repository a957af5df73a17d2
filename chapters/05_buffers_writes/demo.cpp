#include "demo.hpp"

#include "buffers_writes.hpp"

#include "big_string.hpp"
#include "error.hpp"
#include "output.hpp"
#include "socket.hpp"

#include <sys/socket.h>

#include <iostream>
#include <memory>

using common::withCommas;

void Demo::accept(Reactor& reactor, int listener)
{
    server_ = common::acceptConnection(listener);
    // One connection is all this demo needs; with nothing left registered
    // once the server is done, run() returns and the program can end.
    reactor.removeReader(listener);
    reactor.addReader(server_.get(), std::bind_front(&Demo::read, this));
}

void Demo::read(Reactor& reactor, int fd)
{
    char data[1024];
    const ssize_t n = ::recv(fd, data, sizeof data, 0);
    if (n < 0) {
        common::throwSystemError("recv");
    }
    if (n > 0) {
        serverReceived_ += static_cast<std::size_t>(n);
        std::cout << "Server received " << n << " bytes.\n";
        return;
    }
    reactor.removeReader(fd);
    server_.reset();
    std::cout << "Server closed.\n";
}

// region: write
void Demo::write(Reactor& reactor, int fd)
{
    // The handler owns its BuffersWrites; the reactor calls a copy of the
    // handler, so the writer outlives its own removeWriter(). The copy and
    // the fill below go a slice at a time, marking progress: at a gigabyte
    // they take seconds, and the watchdog must not take that for a stall.
    auto writer = std::make_shared<BuffersWrites>(
        common::copiedString(message_),
        std::bind_front(&Demo::write, this));
    reactor.addWriter(fd, [writer](Reactor& r, int ready) {
        writer->bufferingWrite(r, ready);
    });
    clientBuffered_ += message_.size();
    std::cout << "Client buffering " << message_.size()
              << " bytes to write.\n";
    message_ = common::filledString(2 * message_.size(), '*'); // twice as long
}
// endregion: write

std::string Demo::describe() const
{
    // Before the loop starts, the client may wait in connect() (for a
    // server whose queue is full): then that is the story, not the loop.
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    return "The loop was running: the client had buffered " +
           withCommas(clientBuffered_) + " bytes,\nthe server had read " +
           withCommas(serverReceived_) + ".";
}

// region: explain
std::string Demo::explainOutOfMemory() const
{
    using common::formatBytes;
    return "The client had just buffered a " +
           formatBytes(message_.size()) +
           " message and was making the next, twice\nas long. Of the " +
           formatBytes(clientBuffered_) +
           " it had buffered in all, the server had read " +
           formatBytes(serverReceived_) +
           ",\n1 KiB per turn of the loop. Every write succeeded, because "
           "none waits:\nwhatever send() does not take is kept in memory, "
           "and the next message is\nmade as soon as the last one is handed "
           "over. Nothing ever tells the writer\nto slow down, so the "
           "buffer grows until memory runs out.";
}
// endregion: explain
