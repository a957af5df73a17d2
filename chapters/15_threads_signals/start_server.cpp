#include "start_server.hpp"

#include "stream_protocol.hpp"

#include <exception>
#include <iostream>
#include <stdexcept>
#include <utility>

StreamServer::StreamServer(Handler handler) : handler_{std::move(handler)}
{
    if (!handler_) {
        throw std::invalid_argument{"startServer: no handler"};
    }
}

StreamServer::~StreamServer()
{
    close();
    // The tasks go before the list does: a frame destroyed mid-wait only
    // leaves its wait list, which each connection's protocol owns.
    while (!running_.empty()) {
        StreamWriter writer = running_.back().writer;
        running_.pop_back();
        writer.close();
    }
    closeWaiters_.wakeAll(); // waitClosed: it is, now
}

std::uint16_t StreamServer::port() const
{
    return listener_ ? listener_->port() : 0;
}

void StreamServer::close()
{
    if (listener_) {
        listener_->stopListening();
        listener_.reset();
        if (running_.empty()) {
            closeWaiters_.wakeAll();
        }
    }
}

bool StreamServer::isServing() const { return listener_ != nullptr; }

Task<void> StreamServer::waitClosed()
{
    // The server outlives its waiters (its destructor destroys nothing of
    // theirs, so a task must not wait past it): `this` is safe here.
    while (listener_ || !running_.empty()) {
        co_await closeWaiters_.wait();
    }
}

void StreamServer::listenOn(std::shared_ptr<Listener> listener)
{
    listener_ = std::move(listener);
}

// region: serve
void StreamServer::serve(StreamReader reader, StreamWriter writer)
{
    ++accepted_;
    // A handler that throws before it is a task (not from its body) ends
    // here: the transport closes the connection, as for any protocol.
    Task<void> task = handler_(std::move(reader), writer);
    running_.emplace_back(*this, std::move(writer));
    const auto running = std::prev(running_.end());
    running->self = running;
    running->task = std::move(task);
    // It runs now, until its first wait; taskDone follows when it ends.
    running->task.start(*running);
}

std::coroutine_handle<> StreamServer::Running::taskDone() noexcept
{
    server.finished(self); // destroys this
    return std::noop_coroutine();
}

void StreamServer::finished(std::list<Running>::iterator running) noexcept
{
    StreamWriter writer = running->writer;
    if (running->task.failed()) {
        ++handlerErrors_;
        try {
            running->task.result();
        } catch (const std::exception& e) {
            std::cerr << "startServer: a connection's handler failed: "
                      << e.what() << '\n';
        } catch (...) {
            std::cerr << "startServer: a connection's handler failed with "
                         "an exception that is not a std::exception\n";
        }
        writer.abort(); // its peer must not wait for an answer
    } else {
        writer.close(); // what it wrote is sent, then the connection ends
    }
    running_.erase(running); // the task's frame with it: it has ended
    if (!listener_ && running_.empty()) {
        closeWaiters_.wakeAll();
    }
}
// endregion: serve

// region: start-server
std::unique_ptr<StreamServer> startServer(Reactor& reactor,
                                          const Address& address,
                                          StreamServer::Handler handler,
                                          std::size_t limit)
{
    auto server = std::make_unique<StreamServer>(std::move(handler));
    StreamServer* serving = server.get();
    // The listener stops before the server goes (~StreamServer), so the
    // factory never outlives the server it points to.
    server->listenOn(listen(reactor, address, [serving, limit] {
        return std::make_shared<StreamProtocol>(
            limit, [serving](StreamReader reader, StreamWriter writer) {
                serving->serve(std::move(reader), std::move(writer));
            });
    }));
    return server;
}
// endregion: start-server
