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
    wait(std::optional<std::chrono::milliseconds> timeout) override
    {
        // Room for every watched descriptor, up to a bound: any left
        // over are still ready next turn (level-triggered).
        events_.resize(std::clamp<std::size_t>(watched_, 1, 4096));
        const int count =
            ::epoll_wait(epoll_.get(), events_.data(),
                         static_cast<int>(events_.size()),
                         timeoutMilliseconds(timeout));
        if (count < 0) {
            if (errno == EINTR) {
                return {};
            }
            common::throwSystemError("epoll_wait");
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
};
// endregion: epoll-backend

} // namespace

std::unique_ptr<Poller> makeEpollPoller()
{
    return std::make_unique<EpollPoller>();
}
