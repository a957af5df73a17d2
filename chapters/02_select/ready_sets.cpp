#include "ready_sets.hpp"

#include "error.hpp"

#include <sys/select.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace {

// Adds `fd` to `set`; select() needs the highest descriptor plus one.
void watch(int fd, fd_set& set, int& highest)
{
    // An fd_set is a bitset of FD_SETSIZE bits: FD_SET past the end would
    // write outside it. 08_poll_epoll runs into this wall and goes around it.
    if (fd < 0 || fd >= FD_SETSIZE) {
        throw std::invalid_argument("select: descriptor " + std::to_string(fd) +
                                    " is outside 0.." +
                                    std::to_string(FD_SETSIZE - 1));
    }
    FD_SET(fd, &set);
    highest = std::max(highest, fd);
}

// The descriptors of `watched` that select() left in `set`.
std::vector<int> stillIn(const std::vector<int>& watched, const fd_set& set)
{
    std::vector<int> ready;
    for (int fd : watched) {
        if (FD_ISSET(fd, &set)) {
            ready.push_back(fd);
        }
    }
    return ready;
}

timeval toTimeval(std::chrono::milliseconds duration)
{
    timeval limit{};
    limit.tv_sec = static_cast<time_t>(duration.count() / 1000);
    limit.tv_usec = static_cast<suseconds_t>(duration.count() % 1000 * 1000);
    return limit;
}

} // namespace

// region: select
ReadySets selectReady(const std::vector<int>& readers,
                      const std::vector<int>& writers, Timeout timeout)
{
    fd_set readSet;
    fd_set writeSet;
    FD_ZERO(&readSet);
    FD_ZERO(&writeSet);
    int highest = -1;
    for (int fd : readers) {
        watch(fd, readSet, highest);
    }
    for (int fd : writers) {
        watch(fd, writeSet, highest);
    }

    // A null timeval means no timeout: wait until something is ready.
    timeval limit{};
    timeval* wait = nullptr;
    if (timeout) {
        limit = toTimeval(*timeout);
        wait = &limit;
    }
    // select() rewrites the sets in place: only the ready ones stay set.
    if (::select(highest + 1, &readSet, &writeSet, nullptr, wait) < 0) {
        common::throwSystemError("select");
    }
    return {stillIn(readers, readSet), stillIn(writers, writeSet)};
}
// endregion: select
