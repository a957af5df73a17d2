#pragma once
/// co_await readable(reactor, fd): the task resumes when the descriptor is
/// readable (or writable, with writable()). One wake-up: the awaiter
/// registers a small selectable with the reactor, and removes it when the
/// descriptor is ready, when the wait is cancelled, or when the task is
/// destroyed. asyncio's sock_* functions wait the same way, with
/// add_reader and remove_reader around a future.

#include "reactor.hpp"
#include "suspension.hpp"
#include "task.hpp"

#include <coroutine>
#include <memory>

// region: descriptor-wait
class [[nodiscard]] DescriptorWait : public Waiting {
public:
    enum class For { reading, writing };

    DescriptorWait(Reactor& reactor, int fd, For what)
        : reactor_{reactor}, fd_{fd}, what_{what}
    {
    }
    // The reactor's selectable points at this object: it stays put.
    DescriptorWait(const DescriptorWait&) = delete;
    DescriptorWait& operator=(const DescriptorWait&) = delete;
    /// A task destroyed while it waits leaves nothing registered.
    ~DescriptorWait() override;

    bool await_ready() const noexcept { return false; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        if (suspension_.cancelPending(task)) {
            return false;
        }
        watch(); // may throw: select() cannot watch past FD_SETSIZE
        suspension_.waitOn(*this);
        return true;
    }
    void await_resume() { suspension_.check(); }

    void cancel() override;

private:
    class Watcher;
    void watch();
    void unwatch();
    void ready();

    Reactor& reactor_;
    int fd_;
    For what_;
    std::shared_ptr<Watcher> watcher_;
    Suspension suspension_;
};

/// Suspends the task until `fd` is readable: data, end of stream, an
/// error, or for a listening socket a connection to accept.
inline DescriptorWait readable(Reactor& reactor, int fd)
{
    return DescriptorWait{reactor, fd, DescriptorWait::For::reading};
}

/// Suspends the task until `fd` is writable: room in the send buffer, or
/// for a connecting socket the end of the attempt, either way.
inline DescriptorWait writable(Reactor& reactor, int fd)
{
    return DescriptorWait{reactor, fd, DescriptorWait::For::writing};
}
// endregion: descriptor-wait
