#pragma once
/// startServer: a server whose every connection is a coroutine (asyncio's
/// start_server). It is chapter 6's listen() with a StreamProtocol per
/// connection; the protocol hands the connection's two streams to the
/// handler, and the server runs the task the handler returns.

#include "address.hpp"
#include "listener.hpp"
#include "reactor.hpp"
#include "stream_reader.hpp"
#include "stream_wait_list.hpp"
#include "stream_writer.hpp"
#include "task.hpp"

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <utility>

// region: stream-server
class StreamServer {
public:
    /// What serves one connection: a coroutine given its two streams.
    using Handler = std::function<Task<void>(StreamReader, StreamWriter)>;

    /// Use startServer.
    explicit StreamServer(Handler handler);
    /// Stops listening; handlers still running are destroyed and their
    /// connections closed (what was written is sent first). Destroy it
    /// before its reactor.
    ~StreamServer();
    StreamServer(const StreamServer&) = delete;
    StreamServer& operator=(const StreamServer&) = delete;

    /// The TCP port it listens on (the one the OS chose for port 0); 0 for
    /// a Unix domain socket, or once closed.
    std::uint16_t port() const;
    /// Stops accepting; the connections already accepted go on (asyncio's
    /// Server.close). Twice does nothing.
    void close();
    bool isServing() const;
    /// Waits until the server is closed and every handler has ended.
    Task<void> waitClosed();

    /// Handlers running now.
    std::size_t connections() const { return running_.size(); }
    /// Connections served so far (accepted and handed to the handler).
    std::size_t accepted() const { return accepted_; }
    /// Handlers that ended with an exception, each said on stderr once
    /// (asyncio logs them: a test asserts there were none).
    std::size_t handlerErrors() const { return handlerErrors_; }

    /// The listener, while serving (nullptr once closed): its refused()
    /// counts the connections turned away, out of descriptors say.
    const std::shared_ptr<Listener>& listener() const { return listener_; }

    /// The listener (startServer's).
    void listenOn(std::shared_ptr<Listener> listener);
    /// One connection's streams: runs the handler's task for them.
    void serve(StreamReader reader, StreamWriter writer);

private:
    // One handler's task, watched until it ends.
    class Running : public TaskObserver {
    public:
        Running(StreamServer& owner, StreamWriter connection)
            : server{owner}, writer{std::move(connection)}
        {
        }
        std::coroutine_handle<> taskDone() noexcept override;

        StreamServer& server;
        StreamWriter writer;
        Task<void> task;
        std::list<Running>::iterator self;
    };
    void finished(std::list<Running>::iterator running) noexcept;

    Handler handler_;
    std::shared_ptr<Listener> listener_;
    std::list<Running> running_;
    std::size_t accepted_ = 0;
    std::size_t handlerErrors_ = 0;
    StreamWaitList closeWaiters_;
};

/// Listens on `address` (port 0: the OS picks one) and serves each
/// connection with a task from `handler`, given the connection's reader
/// (with `limit`) and writer. When the task ends, the server closes the
/// connection (what was written is sent first): asyncio leaves it open,
/// and a connection nobody serves would then stay until the peer left.
/// A task that throws is said on stderr and counted (handlerErrors()), and
/// its connection aborted; the other connections go on. Throws as listen()
/// does (bind(127.0.0.1:8000): Address already in use).
std::unique_ptr<StreamServer>
startServer(Reactor& reactor, const Address& address,
            StreamServer::Handler handler,
            std::size_t limit = StreamReader::defaultLimit);
// endregion: stream-server
