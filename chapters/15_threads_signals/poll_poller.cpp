// The poll() backend: no wall at FD_SETSIZE, since the interest list is an
// array of (descriptor, events) pairs; but the whole array still goes to
// the kernel and back on every turn, so a turn costs the number watched.
#include "poller.hpp"

#include "error.hpp"

#include <poll.h>

#include <cerrno>
#include <string>
#include <unordered_map>

namespace {

short eventsFor(Interest interest)
{
    return static_cast<short>((interest.read ? POLLIN : 0) |
                              (interest.write ? POLLOUT : 0));
}

// region: poll-backend
class PollPoller final : public Poller {
public:
    std::string_view name() const override { return "poll"; }

    void add(int fd, Interest interest) override
    {
        at_[fd] = fds_.size();
        fds_.push_back(pollfd{fd, eventsFor(interest), 0});
    }
    void modify(int fd, Interest interest) override
    {
        fds_.at(at_.at(fd)).events = eventsFor(interest);
    }
    void remove(int fd) override
    {
        const auto found = at_.find(fd);
        if (found == at_.end()) {
            return;
        }
        // Move the last entry into the hole: removal costs O(1).
        const std::size_t hole = found->second;
        fds_[hole] = fds_.back();
        at_[fds_[hole].fd] = hole;
        fds_.pop_back();
        at_.erase(fd);
    }
    std::size_t watched() const override { return fds_.size(); }

    std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::nanoseconds> timeout) override
    {
        // ppoll(), not poll(): poll() counts in whole milliseconds.
        const timespec limit = timeoutSpec(timeout.value_or(longestWait));
        const int count = ::ppoll(fds_.data(), fds_.size(),
                                  timeout ? &limit : nullptr, nullptr);
        if (count < 0) {
            if (errno == EINTR) {
                return {};
            }
            common::throwSystemError("ppoll");
        }
        std::vector<ReadyDescriptor> ready;
        for (const pollfd& entry : fds_) {
            if (entry.revents == 0) {
                continue;
            }
            if ((entry.revents & POLLNVAL) != 0) {
                // Closed while watched: a bug of ours, as the reactor
                // removes a descriptor before it is closed.
                throw std::logic_error{"poll: descriptor " +
                                       std::to_string(entry.fd) +
                                       " was closed while watched"};
            }
            const bool failed = (entry.revents & (POLLERR | POLLHUP)) != 0;
            ready.push_back({entry.fd,
                             (entry.events & POLLIN) != 0 &&
                                 (failed || (entry.revents & POLLIN) != 0),
                             (entry.events & POLLOUT) != 0 &&
                                 (failed || (entry.revents & POLLOUT) != 0)});
        }
        return ready;
    }

private:
    std::vector<pollfd> fds_;
    std::unordered_map<int, std::size_t> at_; // fd -> index in fds_
};
// endregion: poll-backend

} // namespace

std::unique_ptr<Poller> makePollPoller()
{
    return std::make_unique<PollPoller>();
}
