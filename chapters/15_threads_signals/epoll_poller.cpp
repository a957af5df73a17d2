// The epoll backend: the interest list lives in the kernel, changed one
// descriptor at a time with epoll_ctl(), and epoll_wait() hands back only
// the ready ones, so a turn costs the number ready, not the number watched.
// Level-triggered, like select() and poll(): a descriptor stays ready
// while there is something to read, so a reader may stop at any point.
#include "poller.hpp"

#include "error.hpp"
#include "file_descriptor.hpp"

#include <sys/epoll.h>

#include <algorithm>
#include <cerrno>

namespace {

std::uint32_t eventsFor(Interest interest)
{
    return (interest.read ? EPOLLIN : 0u) | (interest.write ? EPOLLOUT : 0u);
}

// region: epoll-backend
class EpollPoller final : public Poller {
public:
    EpollPoller() : epoll_{::epoll_create1(EPOLL_CLOEXEC)}
    {
        if (!epoll_) {
            common::throwSystemError("epoll_create1");
        }
    }

    std::string_view name() const override { return "epoll"; }

    void add(int fd, Interest interest) override
    {
        control(EPOLL_CTL_ADD, fd, interest, "epoll_ctl(ADD)");
        ++watched_;
    }
    void modify(int fd, Interest interest) override
    {
        control(EPOLL_CTL_MOD, fd, interest, "epoll_ctl(MOD)");
    }
    void remove(int fd) override
    {
        control(EPOLL_CTL_DEL, fd, {}, "epoll_ctl(DEL)");
        --watched_;
    }
    std::size_t watched() const override { return watched_; }

    std::vector<ReadyDescriptor>
    wait(std::optional<std::chrono::nanoseconds> timeout) override
    {
        // Room for every watched descriptor, up to a bound: any left
        // over are still ready next turn (level-triggered).
        events_.resize(std::clamp<std::size_t>(watched_, 1, 4096));
        const int count = waitForEvents(timeout);
        if (count < 0) {
            if (errno == EINTR) {
                return {};
            }
            common::throwSystemError(pwait2_ ? "epoll_pwait2" : "epoll_wait");
        }
        std::vector<ReadyDescriptor> ready;
        ready.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            const epoll_event& event = events_[static_cast<std::size_t>(i)];
            const bool failed = (event.events & (EPOLLERR | EPOLLHUP)) != 0;
            ready.push_back({event.data.fd,
                             failed || (event.events & EPOLLIN) != 0,
                             failed || (event.events & EPOLLOUT) != 0});
        }
        return ready;
    }

private:
    // region: epoll-pwait2
    // epoll_wait() counts in whole milliseconds, so a timer could fire up
    // to a millisecond late; epoll_pwait2() (Linux 5.11) takes a timespec.
    // On an older kernel, or where a sandbox forbids the call, the loop
    // falls back to milliseconds for good.
    int waitForEvents(std::optional<std::chrono::nanoseconds> timeout)
    {
        const int room = static_cast<int>(events_.size());
        if (pwait2_) {
            const timespec limit = timeoutSpec(timeout.value_or(longestWait));
            const int count = ::epoll_pwait2(epoll_.get(), events_.data(), room,
                                             timeout ? &limit : nullptr,
                                             nullptr);
            if (count >= 0 || (errno != ENOSYS && errno != EPERM)) {
                return count;
            }
            pwait2_ = false;
        }
        return ::epoll_wait(epoll_.get(), events_.data(), room,
                            timeoutMilliseconds(timeout));
    }
    // endregion: epoll-pwait2

    void control(int operation, int fd, Interest interest, const char* call)
    {
        epoll_event event{};
        event.events = eventsFor(interest);
        event.data.fd = fd;
        if (::epoll_ctl(epoll_.get(), operation, fd, &event) < 0) {
            common::throwSystemError(call);
        }
    }

    common::FileDescriptor epoll_;
    std::vector<epoll_event> events_;
    std::size_t watched_ = 0;
    bool pwait2_ = true;
};
// endregion: epoll-backend

} // namespace

std::unique_ptr<Poller> makeEpollPoller()
{
    return std::make_unique<EpollPoller>();
}
