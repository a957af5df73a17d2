#pragma once
/// The poller: the one part of the reactor that asks the kernel which
/// descriptors are ready. The reactor keeps its readers and writers and
/// tells the poller only what each descriptor is watched for; select(),
/// poll() and epoll each answer the same question at a different cost.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// region: poller
/// What a descriptor is watched for.
struct Interest {
    bool read = false;
    bool write = false;

    bool none() const { return !read && !write; }
    bool operator==(const Interest&) const = default;
};

/// A descriptor that wait() found ready. An error or a hang-up on it
/// counts as ready for whatever it is watched for: the reader's recv()
/// or the writer's send() then meets the error and reports it.
struct ReadyDescriptor {
    int fd = -1;
    bool readable = false;
    bool writable = false;
};

class Poller {
public:
    virtual ~Poller() = default;

    /// "select", "poll" or "epoll", as --backend spells it.
    virtual std::string_view name() const = 0;

    /// Starts watching `fd`, which is not watched yet, for `interest`.
    virtual void add(int fd, Interest interest) = 0;
    /// Changes what a watched `fd` is watched for.
    virtual void modify(int fd, Interest interest) = 0;
    /// Stops watching `fd`. Call it before the descriptor is closed: its
    /// number may be handed to the next socket opened.
    virtual void remove(int fd) = 0;

    /// Waits until a watched descriptor is ready, at most `timeout`
    /// (forever without one), and returns the ready ones. Empty after a
    /// timeout or a signal.
    virtual std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::milliseconds> timeout) = 0;

    /// How many descriptors are watched.
    virtual std::size_t watched() const = 0;
};
// endregion: poller

// region: unwatchable
/// A descriptor a backend cannot watch: select()'s FD_SETSIZE wall.
class UnwatchableDescriptor : public std::out_of_range {
public:
    UnwatchableDescriptor(int fd, int limit);

    int fd() const { return fd_; }
    int limit() const { return limit_; }

private:
    int fd_;
    int limit_;
};
// endregion: unwatchable

/// The backends, one file each.
std::unique_ptr<Poller> makeSelectPoller();
std::unique_ptr<Poller> makePollPoller();
std::unique_ptr<Poller> makeEpollPoller();

/// The backend named `name` ("select", "poll" or "epoll").
std::unique_ptr<Poller> makePoller(std::string_view name);

/// A timeout in whole milliseconds for poll() and epoll_wait(): -1 for
/// none, and never past what an int holds.
int timeoutMilliseconds(std::optional<std::chrono::milliseconds> timeout);
