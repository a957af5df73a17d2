#include "stream_protocol.hpp"

#include "stream_errors.hpp"
#include "stream_writer.hpp"

#include <exception>
#include <utility>

StreamProtocol::StreamProtocol(std::size_t limit, Connected connected)
    : reader_{limit}, connected_{std::move(connected)}
{
}

// region: protocol-side
void StreamProtocol::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    reader_.setTransport(&transport);
    // Chapter 7's flow control, unchanged: the transport pauses its
    // producer above the high water mark and resumes it at the low one.
    // Here the producer is whoever waits in drain().
    transport.registerProducer(*this);
    if (connected_) {
        // Once: the handler's streams; dropped so that nothing it holds
        // outlives its use.
        const Connected connected = std::exchange(connected_, nullptr);
        connected(reader_, StreamWriter{shared_from_this()});
    }
}

void StreamProtocol::dataReceived(std::string_view data)
{
    reader_.feedData(data);
}

void StreamProtocol::readConnectionLost()
{
    // The peer has finished sending; we may still answer (half-close).
    reader_.feedEof();
}

void StreamProtocol::connectionLost(const Reason& reason)
{
    lost_ = reason;
    transport_ = nullptr;
    reader_.setTransport(nullptr);
    if (reason.clean()) {
        reader_.feedEof();
    } else {
        reader_.setException(
            std::make_exception_ptr(ConnectionError{"read", reason}));
    }
    // The tasks in drain(): a clean close sent every byte, which is all a
    // drain waits for; a failure means some never went.
    drainWaiters_.wakeAll(
        reason.clean()
            ? nullptr
            : std::make_exception_ptr(ConnectionError{"drain", reason}));
    closeWaiters_.wakeAll();
}
// endregion: protocol-side

// region: writer-side
void StreamProtocol::pauseProducing() { paused_ = true; }

void StreamProtocol::resumeProducing()
{
    paused_ = false;
    drainWaiters_.wakeAll(); // all of them: the low mark leaves room
}

Task<void> StreamProtocol::drain() { return drainOf(shared_from_this()); }

Task<void> StreamProtocol::waitClosed()
{
    return waitClosedOf(shared_from_this());
}

// The coroutines hold the protocol by value: the writer handle they were
// called on may be gone by the time they resume.
Task<void> StreamProtocol::drainOf(std::shared_ptr<StreamProtocol> self)
{
    if (self->lost_) {
        throw ConnectionError{"drain", *self->lost_};
    }
    if (self->paused_) {
        co_await self->drainWaiters_.wait();
    }
}

Task<void> StreamProtocol::waitClosedOf(std::shared_ptr<StreamProtocol> self)
{
    if (!self->lost_) {
        co_await self->closeWaiters_.wait();
    }
}

void StreamProtocol::close()
{
    closing_ = true;
    if (transport_ != nullptr) {
        transport_->loseConnection();
    }
}

void StreamProtocol::abort()
{
    closing_ = true;
    if (transport_ != nullptr) {
        transport_->abortConnection();
    }
}
// endregion: writer-side
