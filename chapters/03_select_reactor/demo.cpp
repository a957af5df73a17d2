#include "demo.hpp"

#include "big_string.hpp"
#include "error.hpp"
#include "output.hpp"
#include "socket.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <iostream>

using common::withCommas;

// region: handlers
void Demo::accept(Reactor& reactor, int listener)
{
    common::FileDescriptor server = common::acceptConnection(listener);
    const int fd = server.get();
    accepted_.emplace(fd, std::move(server));
    reactor.addReader(fd, std::bind_front(&Demo::read, this));
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
    accepted_.erase(fd); // closes the socket
    std::cout << "Server closed.\n";
}

void Demo::write(Reactor&, int fd)
{
    // NOTE: blocks the whole loop once the kernel's buffers are full;
    // 04_nonblocking shows the way out.
    inSendall_ = true;
    sendall(fd, message_, sending_);
    inSendall_ = false;
    clientWrote_ += message_.size();
    std::cout << "Client wrote " << message_.size() << " bytes.\n";
    message_ = common::filledString(2 * message_.size(), '*'); // twice as long
}
// endregion: handlers

// region: describe
std::string Demo::describe() const
{
    // Before the loop starts, the client may wait in connect() (for a
    // server whose queue is full): then that is the story, not the loop.
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    const std::size_t wrote = clientWrote_;
    const std::size_t read = serverReceived_;
    if (!inSendall_) {
        return "The loop was waiting in select() or running a handler. So "
               "far this process's\nclient has written " +
               withCommas(wrote) + " bytes and its server has read " +
               withCommas(read) + ".";
    }
    return blockedInSendall(sending_.asked, sending_.taken, read, wrote);
}
// endregion: describe

// Each line holds at most two counts, so that counts of a petabyte (more
// than any memory cap allows a message to be) still fit 80 columns.
std::string blockedInSendall(std::size_t asked, std::size_t taken,
                             std::size_t read, std::size_t wrote)
{
    std::string story =
        "The only thread is blocked in send(), called by the write "
        "handler's sendall()\nfor a message of " +
        withCommas(asked) + " bytes";
    if (taken > 0) {
        story += ", " + withCommas(taken) + " sent so far";
    }
    return story +
           ".\nA blocking send() returns only once the kernel has taken "
           "every byte, and the\nkernel has no room. Of the " +
           withCommas(wrote) + " bytes written before,\nthe server has read " +
           withCommas(read) +
           "; the rest fill the socket buffers.\nOnly the server's read "
           "handler could make room, and it runs on this same\nthread, in "
           "the loop that is waiting for send() to return. send() never "
           "will:\nthe program is deadlocked with itself.";
}

std::string Demo::explainOutOfMemory() const
{
    return "The write handler doubles its message after every sendall(); "
           "it was " +
           common::formatBytes(message_.size()) +
           ".\nWith nothing to stall it, the doubling goes on until memory "
           "runs out.";
}
