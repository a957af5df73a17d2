#pragma once
/// A reactor built on select(): handlers registered per descriptor, one
/// select() per turn of the loop, and the ready handlers called in turn.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <vector>

class Reactor;

/// What the reactor calls when a descriptor is ready: the reactor itself
/// (so the handler can add and remove handlers) and the ready descriptor.
using Handler = std::function<void(Reactor&, int fd)>;

// region: reactor-class
class Reactor {
public:
    /// Calls `handler` whenever `fd` is readable (replacing any earlier).
    void addReader(int fd, Handler handler);
    /// Calls `handler` whenever `fd` is writable (replacing any earlier).
    void addWriter(int fd, Handler handler);
    /// Forgets the reader of `fd`; nothing happens if there is none.
    void removeReader(int fd);
    /// Forgets the writer of `fd`; nothing happens if there is none.
    void removeWriter(int fd);

    /// Turns the loop until no reader and no writer is left.
    void run();
    /// One turn: wait (at most `timeout`; forever without one) for ready
    /// descriptors, then call their readers, then their writers.
    void iterate(std::optional<std::chrono::milliseconds> timeout = {});

private:
    struct Ready {
        std::vector<int> readable;
        std::vector<int> writable;
    };
    Ready select(std::optional<std::chrono::milliseconds> timeout) const;
    void dispatch(std::map<int, Handler>& handlers, int fd);

    std::map<int, Handler> readers_;
    std::map<int, Handler> writers_;
};
// endregion: reactor-class
