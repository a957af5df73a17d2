#include "poetry_protocol.hpp"

#include <utility>

PoetryProtocol::PoetryProtocol(Callbacks callbacks)
    : callbacks_{std::move(callbacks)}
{
}

// region: receive
void PoetryProtocol::dataReceived(std::string_view data)
{
    poem_.append(data);
    if (callbacks_.chunkReceived) {
        callbacks_.chunkReceived(data);
    }
}

void PoetryProtocol::connectionLost(const Reason& reason)
{
    if (reason.clean()) {
        if (callbacks_.poemReceived) {
            // Handed over, not copied: the protocol has no more use for it.
            callbacks_.poemReceived(std::exchange(poem_, {}));
        }
    } else if (callbacks_.poemFailed) {
        callbacks_.poemFailed(reason, poem_.size());
    }
}
// endregion: receive
