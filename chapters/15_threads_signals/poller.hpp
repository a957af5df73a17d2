#pragma once
/// The poller: the one part of the reactor that asks the kernel which
/// descriptors are ready. The reactor keeps its readers and writers and
/// tells the poller only what each descriptor is watched for; select(),
/// poll() and epoll each answer the same question at a different cost.

#include <chrono>
#include <climits>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sys/time.h>
#include <time.h>

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
    /// timeout or a signal. The timeout is in nanoseconds because timers
    /// need better than whole milliseconds: each backend passes on as
    /// fine a timeout as its system call takes.
    virtual std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::nanoseconds> timeout) = 0;

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

// region: timeouts
/// The longest a backend waits at once: what an int of milliseconds holds
/// (24 days), the most poll() takes. A later deadline is reached by
/// waiting again.
constexpr std::chrono::milliseconds longestWait{INT_MAX};

/// `timeout`, at least zero and at most longestWait, for ppoll() and
/// epoll_pwait2(), which take nanoseconds.
timespec timeoutSpec(std::chrono::nanoseconds timeout);
/// The same for select(), in microseconds, rounded up (waking before the
/// deadline would only cost a turn for nothing).
timeval timeoutVal(std::chrono::nanoseconds timeout);
/// The same in whole milliseconds, rounded up, for epoll_wait(): -1 for
/// none. Only where epoll_pwait2() is missing (Linux before 5.11).
int timeoutMilliseconds(std::optional<std::chrono::nanoseconds> timeout);
// endregion: timeouts
