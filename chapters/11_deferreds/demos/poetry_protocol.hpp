#pragma once
/// The client's side of the poetry protocol, which is hardly a protocol:
/// the server sends a poem, in as many pieces as TCP likes, and closes
/// the connection when it is done. So the end of the poem is the end of
/// the stream, and a connection lost any other way is a poem cut short.
/// This is the Twisted Introduction's PoetryProtocol. It tells whoever
/// made it through three callbacks, so that chapter 10's client (plain
/// callbacks), chapter 11's (a Deferred) and chapter 12's (a coroutine)
/// can all use it unchanged.

#include "protocol.hpp"

#include <cstddef>
#include <functional>
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

    void makeConnection(ITransport&) override {}
    void dataReceived(std::string_view data) override;
    void connectionLost(const Reason& reason) override;

    /// The bytes received so far (handed over by poemReceived).
    const std::string& poem() const { return poem_; }

private:
    Callbacks callbacks_;
    std::string poem_;
};
// endregion: poetry-protocol
