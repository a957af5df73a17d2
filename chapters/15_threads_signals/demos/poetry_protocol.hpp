#pragma once
/// The client's side of the poetry protocol, which is hardly a protocol:
/// the server sends a poem, in as many pieces as TCP likes, and closes
/// the connection when it is done. So the end of the poem is the end of
/// the stream, and a connection lost any other way is a poem cut short.
/// This is the Twisted Introduction's PoetryProtocol. It tells whoever
/// made it through three callbacks, so that chapter 10's client (plain
/// callbacks), chapter 11's (a Deferred) and chapter 12's (a coroutine)
/// can all use it unchanged.
///
/// A server that accepts and then says nothing would keep a download open
/// forever, so the protocol can give up on silence: no byte for a set
/// time, and it aborts its connection (a timer reset on every chunk, as
/// chapter 9's echo server drops idle clients).

#include "delayed_call.hpp"
#include "protocol.hpp"
#include "reactor_time.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// region: poetry-protocol
class PoetryProtocol : public Protocol {
public:
    struct Callbacks {
        /// A piece of the poem arrived (any size, as TCP delivered it).
        std::function<void(std::string_view chunk)> chunkReceived;
        /// The server closed cleanly: `poem` is everything it sent.
        std::function<void(std::string poem)> poemReceived;
        /// The connection was lost another way, after `received` bytes.
        std::function<void(const Reason& reason, std::size_t received)>
            poemFailed;
    };

    explicit PoetryProtocol(Callbacks callbacks);
    /// The same, giving up when no byte has come for `silence`, on the
    /// timers of `time` (which must outlive the connection).
    PoetryProtocol(Callbacks callbacks, IReactorTime& time, Duration silence);

    void makeConnection(ITransport& transport) override;
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

    /// The bytes received so far (handed over by poemReceived).
    const std::string& poem() const { return poem_; }

private:
    void silenceLasted();

    Callbacks callbacks_;
    std::string poem_;
    IReactorTime* time_ = nullptr;
    Duration silence_{};
    ITransport* transport_ = nullptr;
    std::optional<DelayedCall> silenceTimer_;
    bool gaveUp_ = false;
};
// endregion: poetry-protocol
