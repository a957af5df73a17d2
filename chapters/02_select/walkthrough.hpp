#pragma once
/// The walk-through: three sockets on 127.0.0.1 and the steps that ask
/// select(), one call at a time, which of them are ready and why.

#include "ready_sets.hpp"

#include "file_descriptor.hpp"

#include <cstdint>
#include <string>
#include <vector>

// region: step
/// One step as the program prints it: what was done, what select() was
/// asked, what it answered, and one sentence of why.
struct Step {
    /// A literal, so that the Ctrl-C report can read it from another thread.
    const char* title = "";
    std::vector<int> readers{}; ///< watched for reading
    std::vector<int> writers{}; ///< watched for writing
    Timeout timeout{};
    ReadySets ready{}; ///< select()'s answer
    std::string why{};
};
// endregion: step

/// A listener, a client connected to it, and the server socket the listener
/// accepted for that client. Each step does one thing to them, then asks
/// select(). The steps build on each other: call them in order.
class Walkthrough {
public:
    /// Listens on 127.0.0.1 (a port the OS picks), connects, accepts.
    Walkthrough();

    /// 1. Nothing sent yet: both connected sockets writable, none readable.
    Step bothConnected();
    /// 2. The client sends "xyz"; select() with no timeout returns because
    ///    the server is readable.
    Step clientSends();
    /// 3. Asked again before anyone reads: the server is still readable
    ///    (level-triggered).
    Step askAgain();
    /// 4. The server reads "xyz": no longer readable.
    Step serverReads();
    /// 5. A 100 ms timeout expires with nothing ready.
    Step timeoutExpires();
    /// 6. A second client connects, not yet accepted: the listener is
    ///    readable.
    Step connectionWaits();

    int listener() const { return listener_.get(); }
    int client() const { return client_.get(); }
    int server() const { return server_.get(); }
    std::uint16_t port() const;

    /// "listener", "client" or "server": a descriptor's role in the story.
    std::string nameOf(int fd) const;

private:
    common::FileDescriptor listener_;
    common::FileDescriptor client_;
    common::FileDescriptor server_;
    common::FileDescriptor secondClient_;
};

/// What the walk-through is doing now, for the Ctrl-C report. Safe to call
/// from another thread.
std::string currentStep();
