#include "reactor.hpp"

#include <algorithm>

Reactor::Reactor(std::unique_ptr<Poller> poller) : poller_{std::move(poller)}
{
}

// region: interest
void Reactor::addReader(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    // The poller first: if it refuses the descriptor (select() past
    // FD_SETSIZE), nothing is registered.
    watch(fd, {true, writers_.contains(fd)});
    readers_[fd] = std::move(selectable);
}

void Reactor::addWriter(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    watch(fd, {readers_.contains(fd), true});
    writers_[fd] = std::move(selectable);
}

void Reactor::removeReader(const Selectable& selectable)
{
    if (registered(readers_, selectable)) {
        const int fd = selectable.fileno();
        watch(fd, {false, writers_.contains(fd)});
        readers_.erase(fd);
    }
}

void Reactor::removeWriter(const Selectable& selectable)
{
    if (registered(writers_, selectable)) {
        const int fd = selectable.fileno();
        watch(fd, {readers_.contains(fd), false});
        writers_.erase(fd);
    }
}

// Tells the poller what `fd` is to be watched for, if that differs from
// what the registries say now: called before they change.
void Reactor::watch(int fd, Interest interest)
{
    const Interest before = interestIn(fd);
    if (interest == before) {
        return;
    }
    if (before.none()) {
        poller_->add(fd, interest);
    } else if (interest.none()) {
        poller_->remove(fd);
    } else {
        poller_->modify(fd, interest);
    }
}
// endregion: interest

Interest Reactor::interestIn(int fd) const
{
    return {readers_.contains(fd), writers_.contains(fd)};
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
        // Removed earlier in this turn: the poller's answer is stale.
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

// region: select
Reactor::Ready
Reactor::select(std::optional<std::chrono::milliseconds> timeout)
{
    std::vector<ReadyDescriptor> found = poller_->wait(timeout);
    // In descriptor order, as 07 visited them, whatever order the
    // backend answered in: a turn is the same on every backend.
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.fd < b.fd; });
    Ready ready;
    for (const ReadyDescriptor& descriptor : found) {
        if (const auto reader = readers_.find(descriptor.fd);
            descriptor.readable && reader != readers_.end()) {
            ready.readable.push_back(reader->second);
        }
        if (const auto writer = writers_.find(descriptor.fd);
            descriptor.writable && writer != writers_.end()) {
            ready.writable.push_back(writer->second);
        }
    }
    return ready;
}
// endregion: select
