#pragma once
/// The contract between a protocol and its transport. A protocol is the
/// behaviour of one connection: it is told about bytes and about the end,
/// and it answers through the transport, never through a socket. That is
/// what lets a test drive it with a transport that is only a string.
/// A protocol with much to say writes as a producer, which the transport
/// pauses while its buffer is full.

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

// region: reason
/// Why a connection was lost, or why one was never made: closed
/// cleanly, or what failed, in words a person can act on.
class Reason {
public:
    /// End of stream, or loseConnection() with everything written.
    static Reason closedCleanly();
    /// A system call failed: "recv: Connection reset by peer", or, with
    /// the attempt as `call`, "connect to 127.0.0.1:9: Connection refused".
    static Reason failed(std::string_view call, int error);
    /// Something failed that has no errno of its own (a name that does
    /// not resolve, say): "`call`: `why`". error() is `error`.
    static Reason failed(std::string_view call, std::string_view why,
                         int error = 0);
    /// Program code threw while handling an event: "the protocol's
    /// dataReceived threw: boom", or with another `owner`, "the client
    /// factory's buildProtocol threw: boom".
    static Reason threw(std::string_view method, const std::exception& e,
                        std::string_view owner = "the protocol");
    /// abortConnection(): closed at once, what was unsent dropped.
    /// error() is ECONNABORTED.
    static Reason aborted();
    /// `what` did not finish in time: "connect to 10.0.0.1:80: timed out
    /// after 2.00 s". error() is ETIMEDOUT.
    static Reason timedOut(std::string_view what, double seconds);
    /// `what` was called off by this side (stopConnecting): "connect to
    /// 127.0.0.1:8000: cancelled". error() is ECANCELED.
    static Reason cancelled(std::string_view what);

    bool clean() const { return clean_; }
    /// The errno of the failed call (ECONNREFUSED, ETIMEDOUT, ...); 0
    /// when none failed or the program threw.
    int error() const { return error_; }
    /// "closed cleanly", or what failed and why.
    const std::string& text() const { return text_; }

private:
    Reason(bool clean, int error, std::string text);

    bool clean_;
    int error_;
    std::string text_;
};
// endregion: reason

/// Runs `call`, a call into protocol code named `method`, and returns
/// nothing, or why the connection must end: what the call threw. Every
/// call into protocol code goes through here, so that a bug in one
/// protocol costs its own connection and never the loop. Out of memory
/// is rethrown: it is not that connection's fault. `owner` names whose
/// code it is in the reason (a client factory's, from chapter 10 on).
[[nodiscard]] std::optional<Reason>
callGuarded(std::string_view method, const std::function<void()>& call,
            std::string_view owner = "the protocol");

// region: interfaces
// region: producer
/// Something that writes on its own initiative and can be asked to hold
/// off (Twisted's IPushProducer). Its consumer, the transport, calls it.
class IPushProducer {
public:
    virtual ~IPushProducer() = default;

    /// Too much is buffered: write nothing more until resumeProducing.
    virtual void pauseProducing() = 0;
    /// The buffer has drained: write again, until paused.
    virtual void resumeProducing() = 0;
    /// The connection is gone: never write again.
    virtual void stopProducing() = 0;
};
// endregion: producer

/// What a protocol may ask of its transport (Twisted's ITransport).
class ITransport {
public:
    virtual ~ITransport() = default;

    /// Queues `data` to be sent after everything written before. Never
    /// blocks and never fails: errors end the connection (connectionLost).
    /// Ignored once loseConnection() has been called.
    virtual void write(std::string_view data) = 0;
    /// Closes the connection once everything written has been sent; then
    /// the protocol's connectionLost follows. No dataReceived after this.
    virtual void loseConnection() = 0;

    /// Makes `producer` this transport's producer (one at a time): it is
    /// paused while too much is buffered and resumed once enough has been
    /// sent. It must outlive its registration, which ends with
    /// unregisterProducer() or connectionLost (after stopProducing).
    virtual void registerProducer(IPushProducer& producer) = 0;
    /// The producer has finished: the transport will not call it again.
    virtual void unregisterProducer() = 0;

    // region: itransport-10
    // Chapter 10's two ways to end a connection other than loseConnection
    // (in Twisted they are ITCPTransport's). They have defaults, not "= 0",
    // so that a transport made of a string (tests/contracts) still
    // compiles: it has nothing buffered to drop, and no socket to shut.

    /// Closes at once: what is buffered and unsent is dropped, nothing
    /// more is read, a TCP peer gets a reset, and connectionLost follows
    /// with a reason that is not clean (Reason::aborted), once, on a later
    /// turn of the loop, never from inside this call. Safe to call twice,
    /// or after loseConnection.
    virtual void abortConnection() { loseConnection(); }
    /// Half-close: once what is buffered has been sent, tells the peer
    /// that nothing more will come (shutdown(SHUT_WR)); reading goes on.
    /// Later writes are dropped, as after loseConnection.
    virtual void loseWriteConnection()
    {
        throw std::logic_error{"loseWriteConnection: this transport "
                               "cannot half-close"};
    }
    // endregion: itransport-10

    // region: itransport-13
    // Chapter 13's read-side flow control: a StreamReader whose buffer is
    // full asks its transport to stop reading, so that the kernel's buffers
    // fill and TCP slows the peer down. asyncio's names (pause_reading);
    // Twisted's transport does it as a producer (pauseProducing), a name
    // that here already means the writer's side. Defaults for the same
    // reason as above: a transport made of a string reads nothing.

    /// Reads nothing more until resumeReading(); what arrives waits in
    /// the kernel. Twice is once. No effect once the connection is closing.
    virtual void pauseReading() {}
    /// Reads again after pauseReading().
    virtual void resumeReading() {}
    // endregion: itransport-13
};

/// The behaviour of one connection (Twisted's Protocol).
class Protocol {
public:
    virtual ~Protocol() = default;

    /// The connection is up; `transport` is valid until connectionLost.
    virtual void makeConnection(ITransport& transport) = 0;
    /// Bytes arrived: any number, as TCP delivered them (no messages).
    virtual void dataReceived(std::string_view data) = 0;
    /// The connection is gone, for `reason`. Called exactly once.
    virtual void connectionLost(const Reason& reason) = 0;
};
// endregion: interfaces

// region: half-closeable
/// A protocol that wants to hear that the peer has finished sending, and
/// go on writing (Twisted's IHalfCloseableProtocol). A protocol inherits
/// it beside Protocol, and the transport asks with dynamic_cast once.
///
/// Why an interface of its own, and not a virtual in Protocol with a
/// default: the two kinds of protocol need different things from the
/// transport at the end of the stream. For the others, end of stream
/// means "close", the transport's job; a default readConnectionLost()
/// could not do it (Protocol holds no transport), so the transport would
/// have to know anyway whether it had been overridden. Asking "is this
/// protocol half-closeable?" says exactly that, once, and leaves every
/// protocol written before chapter 10 untouched.
class IHalfCloseableProtocol {
public:
    virtual ~IHalfCloseableProtocol() = default;

    /// The peer has finished sending (end of stream). Nothing more will be
    /// read; writing goes on until loseConnection(), or until
    /// loseWriteConnection() has sent everything, which ends the
    /// connection: both halves are then closed (connectionLost follows).
    virtual void readConnectionLost() = 0;
    /// loseWriteConnection() has taken effect: everything was sent and
    /// the peer told. Reading goes on until the peer finishes too.
    virtual void writeConnectionLost() {}
};
// endregion: half-closeable
