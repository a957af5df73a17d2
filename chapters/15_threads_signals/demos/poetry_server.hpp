#pragma once
/// The slow poetry server of the Twisted Introduction, on our reactor: it
/// sends a poem a few bytes at a time, one chunk every so many
/// milliseconds, then closes the connection. The Introduction's server
/// slept between chunks, and so served one client at a time; this one
/// waits on a timer, and serves any number at once.

#include "looping_call.hpp"
#include "protocol.hpp"
#include "reactor_time.hpp"

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

/// How a server sends its poem.
struct PoetryPace {
    Duration delay{};      ///< between two chunks
    std::size_t chunk = 1; ///< bytes in each chunk (the last may be fewer)
};

/// "30 bytes every 100 ms"
std::string describePace(const PoetryPace& pace);

// region: slow-poetry
/// One connection of the slow server: the first chunk at once, the next
/// ones on a LoopingCall, then loseConnection() one interval after the
/// last, as the Introduction's server closed after its last sleep. It is
/// half-closeable: a client that shuts down its sending side (`nc -N`)
/// has only said it will send nothing, and still gets the whole poem.
class SlowPoetryProtocol : public Protocol, public IHalfCloseableProtocol {
public:
    /// Sends `poem` on `clock` at `pace`. With `log`, says on it when
    /// client number `client` comes and goes.
    SlowPoetryProtocol(IReactorTime& clock,
                       std::shared_ptr<const std::string> poem, PoetryPace pace,
                       std::ostream* log = nullptr, std::size_t client = 0);

    void makeConnection(ITransport& transport) override;
    /// A poetry client has nothing to say; what it says is ignored.
    void dataReceived(std::string_view) override {}
    void connectionLost(const Reason& reason) override;
    /// The client will send nothing more: the poem goes on.
    void readConnectionLost() override {}

    /// Bytes of the poem written so far.
    std::size_t sent() const { return sent_; }

private:
    void sendNext();

    std::shared_ptr<const std::string> poem_;
    PoetryPace pace_;
    std::ostream* log_;
    std::size_t client_;
    LoopingCall sending_;
    ITransport* transport_ = nullptr;
    std::size_t sent_ = 0;
};
// endregion: slow-poetry
