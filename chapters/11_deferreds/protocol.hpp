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
#include <string>
#include <string_view>

// region: reason
/// Why a connection was lost: closed cleanly, or what failed.
class Reason {
public:
    /// End of stream, or loseConnection() with everything written.
    static Reason closedCleanly();
    /// A system call failed: "recv: Connection reset by peer".
    static Reason failed(std::string_view call, int error);
    /// The protocol threw while handling an event.
    static Reason threw(std::string_view method, const std::exception& e);

    bool clean() const { return clean_; }
    /// The errno of the failed call; 0 when none failed.
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
/// is rethrown: it is not that connection's fault.
[[nodiscard]] std::optional<Reason>
callGuarded(std::string_view method, const std::function<void()>& call);

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
