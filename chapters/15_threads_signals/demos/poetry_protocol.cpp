#include "poetry_protocol.hpp"

#include <chrono>
#include <utility>

PoetryProtocol::PoetryProtocol(Callbacks callbacks)
    : callbacks_{std::move(callbacks)}
{
}

PoetryProtocol::PoetryProtocol(Callbacks callbacks, IReactorTime& time,
                               Duration silence)
    : callbacks_{std::move(callbacks)}, time_{&time}, silence_{silence}
{
}

// region: silence
void PoetryProtocol::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    if (time_ != nullptr) {
        silenceTimer_ = time_->callLater(
            silence_, [this] { silenceLasted(); },
            "the poetry client's silence timer");
    }
}

void PoetryProtocol::silenceLasted()
{
    // connectionLost follows, from the loop, and says why.
    gaveUp_ = true;
    transport_->abortConnection();
}
// endregion: silence

// region: receive
void PoetryProtocol::dataReceived(std::string_view data)
{
    if (silenceTimer_) {
        silenceTimer_->reset(silence_); // the server is still talking
    }
    poem_.append(data);
    if (callbacks_.chunkReceived) {
        callbacks_.chunkReceived(data);
    }
}

void PoetryProtocol::connectionLost(const Reason& reason)
{
    if (silenceTimer_ && silenceTimer_->active()) {
        silenceTimer_->cancel();
    }
    if (reason.clean()) {
        if (callbacks_.poemReceived) {
            // Handed over, not copied: the protocol has no more use for it.
            callbacks_.poemReceived(std::exchange(poem_, {}));
        }
    } else if (callbacks_.poemFailed) {
        const double waited =
            std::chrono::duration<double>{silence_}.count();
        callbacks_.poemFailed(
            gaveUp_ ? Reason::timedOut("waiting for the next chunk", waited)
                    : reason,
            poem_.size());
    }
}
// endregion: receive
