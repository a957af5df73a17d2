#include "chat_shutdown.hpp"

#include "output.hpp"

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

using namespace std::chrono_literals;

ChatShutdown::ChatShutdown(Reactor& reactor, ChatRoom& room,
                           StreamServer& server, Duration grace)
    : reactor_{reactor}, room_{room}, server_{server}, grace_{grace}
{
    reactor_.addSignalHandler(SIGINT, [this] { onSignal(SIGINT, "SIGINT"); });
    reactor_.addSignalHandler(SIGTERM,
                              [this] { onSignal(SIGTERM, "SIGTERM"); });
    reactor_.addSystemEventTrigger(Reactor::Phase::before, "shutdown",
                                   [this] { return closeRoom(); });
}

ChatShutdown::~ChatShutdown()
{
    for (DelayedCall* timer : {&graceTimer_, &poll_}) {
        if (timer->active()) {
            timer->cancel();
        }
    }
    reactor_.removeSignalHandler(SIGINT);
    reactor_.removeSignalHandler(SIGTERM);
}

// region: on-signal
void ChatShutdown::onSignal(int number, const char* name)
{
    if (signalled()) {
        // The reader asked twice: whatever is still being sent is dropped.
        std::cout << "\n" << name << " again during the shutdown: exiting "
                  << "at once." << std::endl;
        std::_Exit(130);
    }
    report_.signal = name;
    report_.number = number;
    signalledAt_ = reactor_.seconds();
    std::cout << "\n" << name << ": closing the room." << std::endl;
    reactor_.stop(); // the 'before' trigger closes the room
}
// endregion: on-signal

// region: close-room
// The 'before' trigger: the loop goes on turning until the Deferred fires,
// so the connections can send what is queued and close.
Deferred<void> ChatShutdown::closeRoom()
{
    if (!signalled()) {
        signalledAt_ = reactor_.seconds(); // stopped for another reason
    }
    server_.close(); // no new members
    report_.told = room_.close("the server is going away; goodbye");
    graceTimer_ = reactor_.callLater(
        grace_, [this] { report_.aborted = room_.abortAll(); },
        "the shutdown's grace period");
    checkClosed();
    return closed_;
}

void ChatShutdown::checkClosed()
{
    if (server_.connections() > 0) {
        poll_ = reactor_.callLater(10ms, [this] { checkClosed(); },
                                   "the shutdown's check");
        return;
    }
    if (graceTimer_.active()) {
        graceTimer_.cancel();
    }
    report_.seconds = std::chrono::duration<double>(reactor_.seconds() -
                                                    signalledAt_)
                          .count();
    closed_.callback();
}
// endregion: close-room

void printShutdown(const ShutdownReport& report, Duration grace)
{
    const double limit = std::chrono::duration<double>(grace).count();
    std::cout << "Shutdown: stopped accepting; told " << report.told
              << (report.told == 1 ? " member" : " members")
              << " and sent what was queued; every connection closed after "
              << common::formatSeconds(report.seconds) << "; "
              << (report.aborted == 0
                      ? std::string{"none cut at the "}
                      : std::to_string(report.aborted) + " cut at the ")
              << common::formatSeconds(limit) << " grace.\n";
}
