#pragma once
/// The chapter's demo: the original's accept, read and write handlers on
/// the select reactor, and the story the watchdog tells when it stalls.

#include "reactor.hpp"
#include "sendall.hpp"

#include "file_descriptor.hpp"

#include <atomic>
#include <cstddef>
#include <map>
#include <string>

/// The story of a client blocked in sendall(): `asked` the message's size,
/// `taken` what send() has taken of it, `read` and `wrote` the bytes the
/// server has read and the client has written before. Fits 80 columns.
std::string blockedInSendall(std::size_t asked, std::size_t taken,
                             std::size_t read, std::size_t wrote);

class Demo {
public:
    /// Accepts a connection and registers `read` for it.
    void accept(Reactor& reactor, int listener);
    /// Reads up to 1024 bytes; closes the connection at end of stream.
    void read(Reactor& reactor, int fd);
    /// Sends the whole message with a blocking sendall, then doubles it.
    void write(Reactor& reactor, int fd);

    /// What the program is doing, for the watchdog's and Ctrl-C's reports.
    std::string describe() const;
    /// Why memory ran out, for the out-of-memory report.
    std::string explainOutOfMemory() const;

private:
    std::map<int, common::FileDescriptor> accepted_;
    std::string message_ = "**";
    SendallProgress sending_;
    std::atomic<std::size_t> clientWrote_{0};
    std::atomic<std::size_t> serverReceived_{0};
    std::atomic<bool> inSendall_{false};
};
