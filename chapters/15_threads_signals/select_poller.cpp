// The select() backend: the whole interest list is copied into two bit
// arrays and handed to the kernel on every turn, and the kernel scans
// every bit up to the highest descriptor watched.
#include "poller.hpp"

#include "error.hpp"

#include <sys/select.h>

#include <cerrno>
#include <map>

namespace {

// region: select-backend
class SelectPoller final : public Poller {
public:
    std::string_view name() const override { return "select"; }

    void add(int fd, Interest interest) override
    {
        // FD_SET on a descriptor at or past FD_SETSIZE writes outside
        // the fd_set, into whatever memory follows it: refuse instead.
        if (fd < 0 || fd >= FD_SETSIZE) {
            throw UnwatchableDescriptor{fd, FD_SETSIZE};
        }
        interests_[fd] = interest;
    }
    void modify(int fd, Interest interest) override
    {
        interests_.at(fd) = interest;
    }
    void remove(int fd) override { interests_.erase(fd); }
    std::size_t watched() const override { return interests_.size(); }

    std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::nanoseconds> timeout) override
    {
        fd_set readable;
        fd_set writable;
        FD_ZERO(&readable);
        FD_ZERO(&writable);
        int highest = -1;
        for (const auto& [fd, interest] : interests_) {
            if (interest.read) {
                FD_SET(fd, &readable);
            }
            if (interest.write) {
                FD_SET(fd, &writable);
            }
            highest = fd; // the map is in order: the last is the highest
        }
        timeval limit = timeoutVal(timeout.value_or(longestWait));
        const int count = ::select(highest + 1, &readable, &writable,
                                   nullptr, timeout ? &limit : nullptr);
        if (count < 0) {
            if (errno == EINTR) {
                return {}; // a signal arrived: an empty turn
            }
            common::throwSystemError("select");
        }
        std::vector<ReadyDescriptor> ready;
        for (const auto& [fd, interest] : interests_) {
            const bool r = FD_ISSET(fd, &readable);
            const bool w = FD_ISSET(fd, &writable);
            if (r || w) {
                ready.push_back({fd, r, w});
            }
        }
        return ready;
    }

private:
    std::map<int, Interest> interests_; // in order, for the highest
};
// endregion: select-backend

} // namespace

std::unique_ptr<Poller> makeSelectPoller()
{
    return std::make_unique<SelectPoller>();
}
