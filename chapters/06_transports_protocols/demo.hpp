#pragma once
/// The chapter's demo: chapter 03's doubling writes, now through
/// BuffersWrites on a non-blocking socket. Nothing blocks, so nothing
/// stalls; the message keeps doubling until memory runs out.

#include "reactor.hpp"

#include "file_descriptor.hpp"

#include <atomic>
#include <cstddef>
#include <string>

class Demo {
public:
    /// Accepts the one connection this demo needs, then stops listening.
    void accept(Reactor& reactor, int listener);
    /// Reads up to 1024 bytes; closes the connection at end of stream.
    void read(Reactor& reactor, int fd);
    /// Hands the message to a BuffersWrites that calls `write` again when
    /// it is done, then doubles the message.
    void write(Reactor& reactor, int fd);

    /// What the program is doing, for the watchdog's and Ctrl-C's reports.
    std::string describe() const;
    /// Why memory ran out, for the out-of-memory report.
    std::string explainOutOfMemory() const;

private:
    common::FileDescriptor server_;
    std::string message_ = "**";
    std::atomic<std::size_t> clientBuffered_{0};
    std::atomic<std::size_t> serverReceived_{0};
};
