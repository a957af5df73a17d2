#include "transport.hpp"

#include "socket.hpp"
#include "watchdog.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <utility>

namespace {

// Errors that mean "not now": the socket was not ready after all, or a
// signal interrupted the call. The loop will ask again.
bool tryAgainLater(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

// For an exception from protocol code when there is no connection left to
// end: it is said on stderr, and the loop goes on.
void reportIgnored(const Reason& failure)
{
    std::cerr << "Ignored (the connection was closing anyway): "
              << failure.text() << '\n';
}

} // namespace

Transport::Transport(Reactor& reactor, common::FileDescriptor socket,
                     std::shared_ptr<Protocol> protocol)
    : reactor_{reactor}, socket_{std::move(socket)},
      protocol_{std::move(protocol)},
      // Asked once: does this protocol want to hear of a half-close?
      halfCloseable_{dynamic_cast<IHalfCloseableProtocol*>(protocol_.get())}
{
}

// region: activate
void Transport::activate()
{
    // From here on no call may block: the loop is the only thread.
    common::setNonBlocking(socket_.get());
    reactor_.addReader(shared_from_this());
    callProtocol("makeConnection",
                 [this] { protocol_->makeConnection(*this); });
}
// endregion: activate

void Transport::setReadSize(std::size_t bytes)
{
    if (bytes == 0 || bytes > maxReadSize) {
        throw std::invalid_argument{"setReadSize: a read size must be from "
                                    "1 byte to 64 KiB"};
    }
    readSize_ = bytes;
}

// region: doRead
void Transport::doRead()
{
    char data[maxReadSize];
    const ssize_t n = ::recv(socket_.get(), data, readSize_, 0);
    if (n > 0) {
        common::Watchdog::progress(); // bytes moved: not stalled
        const std::string_view bytes{data, static_cast<std::size_t>(n)};
        callProtocol("dataReceived",
                     [&] { protocol_->dataReceived(bytes); });
    } else if (n == 0) {
        endOfStream(); // the peer will send nothing more
    } else if (!tryAgainLater(errno)) {
        tearDown(Reason::failed("recv", errno)); // a reset, say
    }
}
// endregion: doRead

// region: write
void Transport::write(std::string_view data)
{
    // After loseConnection the protocol has had its last word: later
    // bytes are dropped rather than hold the close open. (Twisted keeps
    // taking them until the connection is closed.) The same after
    // loseWriteConnection: the peer is about to be told "no more".
    if (state_ != State::connected || writeClosing_ || data.empty()) {
        return;
    }
    buffer_.append(data);
    peakBuffered_ = std::max(peakBuffered_, buffer_.size());
    // Sent from doWrite, on a later turn of the loop, and never from here:
    // a send error inside write() would call connectionLost from inside
    // the very protocol call that wrote.
    reactor_.addWriter(shared_from_this());
    pauseProducerIfFull();
}
// endregion: write

// region: doWrite
void Transport::doWrite()
{
    if (!buffer_.empty()) {
        const std::string_view pending = buffer_.front();
        const ssize_t n = ::send(socket_.get(), pending.data(),
                                 pending.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (!tryAgainLater(errno)) {
                tearDown(Reason::failed("send", errno)); // EPIPE, say
            }
            return;
        }
        buffer_.consume(static_cast<std::size_t>(n));
        common::Watchdog::progress();
        resumeProducerIfDrained();
    }
    if (buffer_.empty()) {
        reactor_.removeWriter(*this); // nothing to send: stop asking
        if (state_ == State::disconnecting) {
            tearDown(failure_.value_or(Reason::closedCleanly()));
        } else if (writeClosing_ && !writeClosed_) {
            shutDownWriting(); // loseWriteConnection, now that all is sent
        }
    }
}
// endregion: doWrite

// region: loseConnection
void Transport::loseConnection()
{
    if (state_ != State::connected) {
        return; // already closing, or closed
    }
    // Called from a timer, not from this transport's own doRead, the
    // reactor's registration may be the last reference to this transport:
    // keep it alive until the writer holds one again.
    const auto self = shared_from_this();
    state_ = State::disconnecting;
    reactor_.removeReader(*this);
    // The close itself happens in doWrite once the buffer is empty, even
    // when it already is: one path for every close, and it runs from the
    // loop, never from inside the protocol call that asked for it.
    reactor_.addWriter(shared_from_this());
}
// endregion: loseConnection

// region: abort
void Transport::abortConnection()
{
    if (state_ == State::aborting || state_ == State::disconnected) {
        return; // twice, or too late: connectionLost is said once
    }
    state_ = State::aborting;
    // Called from a timer or by a connector's owner, the reactor's
    // registrations may be the last references: this one lives through
    // the closing, and the callSoon below takes it over.
    auto self = shared_from_this();
    // Closed now: nothing more is read, and what is buffered is dropped.
    reactor_.removeReader(*this);
    reactor_.removeWriter(*this);
    // With a reset, as Twisted closes an aborted socket: a lingering close
    // of zero seconds throws away what the kernel holds too, and the peer
    // reads ECONNRESET, not an end of stream that looks like a clean one.
    // (A Unix socket has no reset; its peer sees the end.) If setsockopt
    // fails, the close is an ordinary one: still closed.
    const linger reset{1, 0};
    ::setsockopt(socket_.get(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    socket_.reset();
    buffer_.clear();
    // But connectionLost waits for the next turn: abortConnection is
    // often called from inside the protocol (dataReceived, say), and the
    // protocol must never hear of the end in the middle of its own call.
    // The closure's reference keeps the transport alive until then.
    reactor_.callSoon(
        [self = std::move(self)] { self->tearDown(Reason::aborted()); },
        "connectionLost after abortConnection");
}
// endregion: abort

// region: half-close
void Transport::endOfStream()
{
    if (halfCloseable_ == nullptr) {
        // End of stream ends the connection, as in every chapter before:
        // send what is queued, then close.
        loseConnection();
        return;
    }
    // A reader at end of stream is readable for ever: stop watching.
    readClosed_ = true;
    reactor_.removeReader(*this);
    // With nothing to read and maybe nothing to send, the reactor may
    // watch it for nothing now: it holds it instead, until the protocol
    // ends the connection (or the reactor goes).
    reactor_.hold(shared_from_this());
    callProtocol("readConnectionLost",
                 [this] { halfCloseable_->readConnectionLost(); });
    if (state_ == State::connected && writeClosed_) {
        tearDown(Reason::closedCleanly()); // both halves closed: the end
    }
}

void Transport::loseWriteConnection()
{
    if (state_ != State::connected || writeClosing_) {
        return; // closing already, or asked before
    }
    writeClosing_ = true;
    // As loseConnection: the shutdown happens in doWrite, once the buffer
    // is empty (at once if it is), from the loop.
    reactor_.addWriter(shared_from_this());
}

void Transport::shutDownWriting()
{
    writeClosed_ = true;
    if (::shutdown(socket_.get(), SHUT_WR) < 0) {
        tearDown(Reason::failed("shutdown", errno)); // ENOTCONN: a reset
        return;
    }
    if (halfCloseable_ != nullptr) {
        callProtocol("writeConnectionLost",
                     [this] { halfCloseable_->writeConnectionLost(); });
    }
    if (state_ == State::connected && readClosed_) {
        tearDown(Reason::closedCleanly()); // both halves closed: the end
    }
}
// endregion: half-close

// region: pause-reading
void Transport::pauseReading()
{
    if (state_ != State::connected || readClosed_ || readPaused_) {
        return; // nothing is being read
    }
    readPaused_ = true;
    // With reading off and nothing to send, the reactor watches it for
    // nothing: it holds it instead, until it reads again.
    reactor_.hold(shared_from_this());
    reactor_.removeReader(*this);
}

void Transport::resumeReading()
{
    if (!readPaused_) {
        return;
    }
    readPaused_ = false;
    if (state_ != State::connected || readClosed_) {
        return; // closing meanwhile: there is nothing left to read
    }
    reactor_.addReader(shared_from_this());
    reactor_.release(*this); // the reader's registration keeps it now
}
// endregion: pause-reading

void Transport::afterConnectionLost(std::function<void(const Reason&)> then)
{
    afterLost_ = std::move(then);
}

// region: tearDown
void Transport::tearDown(const Reason& reason)
{
    if (state_ == State::disconnected) {
        return; // the protocol has been told already
    }
    state_ = State::disconnected;
    // A half-closed or paused transport may be held only by the reactor:
    // it lives until this call returns, and then goes.
    const std::shared_ptr<Selectable> keepAlive = reactor_.release(*this);
    // Unregister before closing: the reactor finds us by descriptor.
    // *this survives the removal, because whoever called us (the
    // reactor's turn, or activate's caller) holds a reference.
    reactor_.removeReader(*this);
    reactor_.removeWriter(*this);
    socket_.reset();
    buffer_.clear();
    if (producer_ != nullptr) {
        // Nothing written from now on would ever be sent.
        IPushProducer* producer = std::exchange(producer_, nullptr);
        callProtocol("stopProducing",
                     [producer] { producer->stopProducing(); });
    }
    callProtocol("connectionLost",
                 [&] { protocol_->connectionLost(reason); });
    if (afterLost_) {
        // The connector, which tells its factory: after the protocol.
        const auto then = std::exchange(afterLost_, nullptr);
        then(reason);
    }
}
// endregion: tearDown

// region: flow-control
void Transport::registerProducer(IPushProducer& producer)
{
    if (producer_ != nullptr) {
        throw std::logic_error{"registerProducer: the transport already "
                               "has a producer"};
    }
    if (state_ != State::connected) {
        // It could never write anything. If it throws, the connection is
        // closing anyway, and the caller is still in its own code.
        if (const auto failure = callGuarded(
                "stopProducing", [&producer] { producer.stopProducing(); })) {
            reportIgnored(*failure);
        }
        return;
    }
    producer_ = &producer;
    producerPaused_ = false;
    pauseProducerIfFull();
}

void Transport::unregisterProducer()
{
    producer_ = nullptr;
    producerPaused_ = false;
}

void Transport::pauseProducerIfFull()
{
    // Called from write(), so the producer is paused by the very write
    // that took the buffer over the mark: it overshoots by one write.
    if (producer_ != nullptr && !producerPaused_ &&
        buffer_.size() > highWater_) {
        producerPaused_ = true;
        // If the producer throws, this is still inside write(), inside the
        // writer's own code, where a teardown would pull the connection
        // from under it. So the loop closes it, as after loseConnection.
        if (auto failure = callGuarded(
                "pauseProducing", [this] { producer_->pauseProducing(); })) {
            failure_ = std::move(failure);
            loseConnection();
        }
    }
}

void Transport::resumeProducerIfDrained()
{
    if (producer_ != nullptr && producerPaused_ &&
        state_ == State::connected && buffer_.size() <= lowWater_) {
        producerPaused_ = false;
        callProtocol("resumeProducing",
                     [this] { producer_->resumeProducing(); });
    }
}
// endregion: flow-control

void Transport::setWaterMarks(std::size_t high, std::size_t low)
{
    if (low > high) {
        throw std::invalid_argument{"setWaterMarks: the low water mark is "
                                    "above the high one"};
    }
    highWater_ = high;
    lowWater_ = low;
}

// region: callProtocol
void Transport::callProtocol(std::string_view method,
                             const std::function<void()>& call)
{
    const std::optional<Reason> failure = callGuarded(method, call);
    if (!failure) {
        return;
    }
    if (state_ == State::disconnected) {
        reportIgnored(*failure); // connectionLost itself threw
        return;
    }
    // A broken protocol loses its connection; the loop goes on serving
    // the others.
    tearDown(*failure);
}
// endregion: callProtocol
