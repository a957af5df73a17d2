#include "reactor.hpp"

#include "error.hpp"
#include "watchdog.hpp"

#include <sys/select.h>

#include <cerrno>
#include <stdexcept>
#include <string>

void Reactor::addReader(int fd, Handler handler)
{
    readers_[fd] = std::move(handler);
}

void Reactor::addWriter(int fd, Handler handler)
{
    writers_[fd] = std::move(handler);
}

void Reactor::removeReader(int fd)
{
    readers_.erase(fd);
}

void Reactor::removeWriter(int fd)
{
    writers_.erase(fd);
}

// region: run
void Reactor::run()
{
    while (!readers_.empty() || !writers_.empty()) {
        iterate();
    }
}

void Reactor::iterate(std::optional<std::chrono::milliseconds> timeout)
{
    const Ready ready = select(timeout);
    for (int fd : ready.readable) {
        dispatch(readers_, fd);
    }
    for (int fd : ready.writable) {
        dispatch(writers_, fd);
    }
    // A finished turn is progress. A handler that never returns is what
    // the stall watchdog is there to catch.
    common::Watchdog::progress();
}

void Reactor::dispatch(std::map<int, Handler>& handlers, int fd)
{
    // A handler that ran earlier in this turn may have removed this one
    // (a reader that closed its socket also drops the socket's writer):
    // select() said "ready" about a registration that no longer exists.
    const auto found = handlers.find(fd);
    if (found == handlers.end()) {
        return;
    }
    // Call a copy: a handler that removes itself would otherwise destroy
    // the very function that is running.
    const Handler handler = found->second;
    handler(*this, fd);
}
// endregion: run

namespace {

void watch(fd_set& set, int fd, int& highest)
{
    // FD_SET on a descriptor past FD_SETSIZE writes outside the set.
    if (fd < 0 || fd >= FD_SETSIZE) {
        throw std::out_of_range("select() cannot watch descriptor " +
                                std::to_string(fd) + " (FD_SETSIZE is " +
                                std::to_string(FD_SETSIZE) + ")");
    }
    FD_SET(fd, &set);
    highest = std::max(highest, fd);
}

} // namespace

// region: select
Reactor::Ready
Reactor::select(std::optional<std::chrono::milliseconds> timeout) const
{
    fd_set readable;
    fd_set writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    int highest = -1;
    for (const auto& [fd, handler] : readers_) {
        watch(readable, fd, highest);
    }
    for (const auto& [fd, handler] : writers_) {
        watch(writable, fd, highest);
    }

    timeval limit{};
    if (timeout) {
        limit.tv_sec = timeout->count() / 1000;
        limit.tv_usec = (timeout->count() % 1000) * 1000;
    }
    const int count = ::select(highest + 1, &readable, &writable, nullptr,
                               timeout ? &limit : nullptr);
    if (count < 0) {
        if (errno == EINTR) {
            return {}; // a signal arrived: an empty turn, then try again
        }
        common::throwSystemError("select");
    }

    Ready ready;
    for (const auto& [fd, handler] : readers_) {
        if (FD_ISSET(fd, &readable)) {
            ready.readable.push_back(fd);
        }
    }
    for (const auto& [fd, handler] : writers_) {
        if (FD_ISSET(fd, &writable)) {
            ready.writable.push_back(fd);
        }
    }
    return ready;
}
// endregion: select
