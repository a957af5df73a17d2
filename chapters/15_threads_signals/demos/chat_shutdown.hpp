#pragma once
// The room's graceful shutdown (chapter 15): on SIGINT or SIGTERM the
// server stops accepting, the room tells every member it is closing and
// sends what it had queued for them, each connection is closed, and the
// program exits 0. A second signal during the shutdown exits at once.

#include "chat_room.hpp"
#include "deferred.hpp"
#include "reactor.hpp"
#include "start_server.hpp"

#include <chrono>
#include <cstddef>
#include <string>

struct ShutdownReport {
    std::string signal;      // "SIGTERM"
    int number = 0;           // SIGTERM
    std::size_t told = 0;     // members sent the closing notice
    std::size_t aborted = 0;  // connections cut when the grace ran out
    double seconds = 0;       // from the signal to the last connection
};

// region: chat-shutdown
class ChatShutdown {
public:
    /// Handles SIGINT and SIGTERM on `reactor`: the first stops it, and a
    /// 'before' shutdown trigger closes the room, waiting up to `grace`
    /// for the connections to finish sending (then aborting the rest).
    ChatShutdown(Reactor& reactor, ChatRoom& room, StreamServer& server,
                 Duration grace);
    /// Gives the signals back.
    ~ChatShutdown();
    ChatShutdown(const ChatShutdown&) = delete;
    ChatShutdown& operator=(const ChatShutdown&) = delete;

    /// Whether a signal started the shutdown, and what it did.
    bool signalled() const { return !report_.signal.empty(); }
    const ShutdownReport& report() const { return report_; }

private:
    void onSignal(int number, const char* name);
    Deferred<void> closeRoom();
    void checkClosed();

    Reactor& reactor_;
    ChatRoom& room_;
    StreamServer& server_;
    Duration grace_;
    ShutdownReport report_;
    Time signalledAt_{};
    Deferred<void> closed_;
    DelayedCall graceTimer_;
    DelayedCall poll_;
};
// endregion: chat-shutdown

/// The shutdown's report, in a few lines, to std::cout.
void printShutdown(const ShutdownReport& report, Duration grace);
