#pragma once
/// The chapter's demo: a non-blocking client fills the socket's buffers,
/// meets EAGAIN and a short write, and the server proves that exactly the
/// bytes send() reported arrived.

#include "reactor.hpp"

#include "file_descriptor.hpp"

#include <atomic>
#include <cstddef>
#include <string>

class Demo {
public:
    /// Accepts the one connection this demo needs, then stops listening.
    void accept(Reactor& reactor, int listener);
    /// Reads up to 1024 bytes, checking each against the stream.
    void read(Reactor& reactor, int fd);
    /// First turn: 1024-byte sends until EAGAIN. Next turn: one send far
    /// larger than the buffers, which can only be a short write.
    void write(Reactor& reactor, int fd);

    /// send()'s account against the server's, as the demo's last words.
    std::string accounts() const;
    /// True when the server received exactly what send() reported.
    bool balanced() const;
    /// What the program is doing, for the watchdog's and Ctrl-C's reports.
    std::string describe() const;

private:
    void fillUntilEagain(int fd);
    void writeOneLargeBlock(Reactor& reactor, int fd);

    common::FileDescriptor server_;
    int writeTurns_ = 0;
    std::atomic<std::size_t> clientSent_{0};
    std::atomic<std::size_t> serverReceived_{0};
    std::size_t notTaken_ = 0;
    std::size_t mismatches_ = 0;
};
