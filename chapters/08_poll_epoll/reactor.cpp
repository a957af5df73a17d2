#include "reactor.hpp"

#include "error.hpp"

#include <sys/select.h>

#include <cerrno>
#include <stdexcept>
#include <string>

void Reactor::addReader(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    readers_[fd] = std::move(selectable);
}

void Reactor::addWriter(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    writers_[fd] = std::move(selectable);
}

void Reactor::removeReader(const Selectable& selectable)
{
    if (registered(readers_, selectable)) {
        readers_.erase(selectable.fileno());
    }
}

void Reactor::removeWriter(const Selectable& selectable)
{
    if (registered(writers_, selectable)) {
        writers_.erase(selectable.fileno());
    }
}

bool Reactor::registered(const Registry& registry,
                         const Selectable& selectable)
{
    // The same object, not only the same number: a descriptor closed and
    // handed out again belongs to somebody else.
    const auto found = registry.find(selectable.fileno());
    return found != registry.end() && found->second.get() == &selectable;
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
    // `ready` holds its own references, so a selectable that is removed
    // during this turn (and dropped by everyone else) lives until the turn
    // is over: a transport can tear itself down inside its own doRead.
    const Ready ready = select(timeout);
    for (const auto& selectable : ready.readable) {
        // Removed earlier in this turn: select()'s answer is stale.
        if (registered(readers_, *selectable)) {
            selectable->doRead();
        }
    }
    for (const auto& selectable : ready.writable) {
        if (registered(writers_, *selectable)) {
            selectable->doWrite();
        }
    }
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
    for (const auto& [fd, selectable] : readers_) {
        watch(readable, fd, highest);
    }
    for (const auto& [fd, selectable] : writers_) {
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
    for (const auto& [fd, selectable] : readers_) {
        if (FD_ISSET(fd, &readable)) {
            ready.readable.push_back(selectable);
        }
    }
    for (const auto& [fd, selectable] : writers_) {
        if (FD_ISSET(fd, &writable)) {
            ready.writable.push_back(selectable);
        }
    }
    return ready;
}
// endregion: select
