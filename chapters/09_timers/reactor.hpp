#pragma once
/// A reactor that watches selectables: objects that own a descriptor and
/// know what to do when it is readable or writable. The reactor owns the
/// loop; what happens on a descriptor is the selectable's; which system
/// call finds the ready descriptors is the poller's (poller.hpp).

#include "poller.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

// region: selectable
/// What the reactor watches. Twisted splits it in two interfaces,
/// IReadDescriptor and IWriteDescriptor; a transport is both.
class Selectable {
public:
    virtual ~Selectable() = default;

    /// The descriptor to watch. It must not change while the selectable is
    /// registered: remove it from the reactor before closing the descriptor.
    virtual int fileno() const = 0;
    /// The descriptor is readable (called only on a registered reader).
    virtual void doRead() = 0;
    /// The descriptor is writable (called only on a registered writer).
    virtual void doWrite() = 0;
};
// endregion: selectable

// region: reactor-class
class Reactor {
public:
    /// A reactor on `poller`; without one, on epoll.
    explicit Reactor(std::unique_ptr<Poller> poller = makeEpollPoller());

    /// Calls selectable->doRead() whenever its descriptor is readable. The
    /// reactor holds a reference: a registered selectable stays alive.
    void addReader(std::shared_ptr<Selectable> selectable);
    /// Calls selectable->doWrite() whenever its descriptor is writable.
    void addWriter(std::shared_ptr<Selectable> selectable);
    /// Forgets `selectable` as a reader; nothing happens if it is not one.
    void removeReader(const Selectable& selectable);
    /// Forgets `selectable` as a writer; nothing happens if it is not one.
    void removeWriter(const Selectable& selectable);

    /// Turns the loop until no reader and no writer is left.
    void run();
    /// One turn: wait (at most `timeout`; forever without one) for ready
    /// descriptors, then call their readers, then their writers.
    void iterate(std::optional<std::chrono::milliseconds> timeout = {});

    /// The poller's name and the number of descriptors it watches.
    std::string_view backend() const { return poller_->name(); }
    std::size_t watched() const { return poller_->watched(); }

private:
    // Keyed by descriptor, as in 03, so a turn visits them in a fixed order.
    using Registry = std::map<int, std::shared_ptr<Selectable>>;
    struct Ready {
        std::vector<std::shared_ptr<Selectable>> readable;
        std::vector<std::shared_ptr<Selectable>> writable;
    };
    Ready select(std::optional<std::chrono::milliseconds> timeout);
    void watch(int fd, Interest interest);
    Interest interestIn(int fd) const;
    static bool registered(const Registry& registry,
                           const Selectable& selectable);

    std::unique_ptr<Poller> poller_;
    Registry readers_;
    Registry writers_;
};
// endregion: reactor-class
