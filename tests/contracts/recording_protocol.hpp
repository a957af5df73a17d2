#pragma once
// Test doubles for the transport-protocol contract: a protocol that records
// what happens to it (and does what a test's hooks say), a selectable that
// calls a test's lambdas, and a helper that turns the loop until something
// has happened.
#include "protocol.hpp"
#include "reactor.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

/// Records every call it gets; the hooks let a test script its behaviour.
class RecordingProtocol : public Protocol {
public:
    std::function<void(ITransport&)> onConnect;
    std::function<void(ITransport&, std::string_view)> onData;
    std::function<void(const Reason&)> onLost;

    void makeConnection(ITransport& transport) override
    {
        transport_ = &transport;
        ++made;
        if (onConnect) {
            onConnect(transport);
        }
    }
    void dataReceived(std::string_view data) override
    {
        CHECK(transport_ != nullptr); // never after connectionLost
        received.append(data);
        if (onData) {
            onData(*transport_, data);
        }
    }
    void connectionLost(const Reason& why) override
    {
        transport_ = nullptr;
        ++lost;
        reason = why;
        if (onLost) {
            onLost(why);
        }
    }

    std::string received;
    int made = 0;
    int lost = 0;
    std::optional<Reason> reason;

private:
    ITransport* transport_ = nullptr;
};

/// Turns the loop (at most a second per turn) until `done` says so.
inline void turnUntil(Reactor& reactor, const std::function<bool()>& done,
                      int turns = 1000)
{
    using namespace std::chrono_literals;
    for (int turn = 0; turn < turns && !done(); ++turn) {
        reactor.iterate(1000ms);
    }
    REQUIRE(done());
}

/// Collects what is written to std::cerr while it lives, for the lines a
/// listener or a transport says there.
class CapturedStderr {
public:
    CapturedStderr() : saved_{std::cerr.rdbuf(captured_.rdbuf())} {}
    ~CapturedStderr() { std::cerr.rdbuf(saved_); }
    CapturedStderr(const CapturedStderr&) = delete;
    CapturedStderr& operator=(const CapturedStderr&) = delete;

    std::string text() const { return captured_.str(); }

private:
    std::ostringstream captured_;
    std::streambuf* saved_;
};
