#pragma once
/// One attempt of a Connector: the socket while connect() is in progress.
/// It is the selectable the reactor watches for writability, which is how
/// the kernel says a non-blocking connect has finished, one way or the
/// other. On success the socket goes to a new Transport; on failure, the
/// next address is tried, or the factory told. Internal to connector.cpp.

#include "connector.hpp"
#include "delayed_call.hpp"
#include "protocol.hpp"
#include "reactor.hpp"

#include "file_descriptor.hpp"

#include <cstddef>
#include <memory>
#include <optional>

class ConnectAttempt : public Selectable,
                       public std::enable_shared_from_this<ConnectAttempt> {
public:
    /// Holds `connector`: the attempt keeps it alive until the outcome.
    ConnectAttempt(Reactor& reactor, std::shared_ptr<Connector> connector);

    /// Arms the timeout and connects to the first address.
    void start();
    /// Ends the attempt at once with `reason`, calling the factory now
    /// (stopConnecting). Does nothing once the attempt has ended.
    void stop(const Reason& reason);
    /// Ends the attempt with `reason` on the next turn of the loop: for a
    /// failure known inside connect() (refused at once, no address, a
    /// startedConnecting that threw), which must not call the factory.
    void failSoon(Reason reason);

    int fileno() const override { return socket_.get(); }
    /// Never called: an attempt is only ever a writer.
    void doRead() override {}
    /// Writable: the connect has finished; SO_ERROR says how.
    void doWrite() override;

private:
    void lookUp();
    void connectNext();
    void timedOut();
    void succeed();
    void fail(const Reason& reason);

    Reactor& reactor_;
    std::shared_ptr<Connector> connector_;
    common::FileDescriptor socket_;
    std::size_t next_ = 0;              // the next address to try
    std::optional<Reason> lastFailure_; // of the addresses tried so far
    DelayedCall timeout_;
    std::optional<Deferred<std::vector<SocketAddress>>> lookup_;
    bool ended_ = false; // the factory has been told, or is about to be
};
