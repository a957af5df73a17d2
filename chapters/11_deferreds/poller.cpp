#include "poller.hpp"

#include <climits>
#include <string>

UnwatchableDescriptor::UnwatchableDescriptor(int fd, int limit)
    : std::out_of_range{"select() cannot watch descriptor " +
                        std::to_string(fd) + " (FD_SETSIZE is " +
                        std::to_string(limit) + ")"},
      fd_{fd}, limit_{limit}
{
}

std::unique_ptr<Poller> makePoller(std::string_view name)
{
    if (name == "select") {
        return makeSelectPoller();
    }
    if (name == "poll") {
        return makePollPoller();
    }
    if (name == "epoll") {
        return makeEpollPoller();
    }
    throw std::invalid_argument{"no poller backend named '" +
                                std::string{name} + "'"};
}

int timeoutMilliseconds(std::optional<std::chrono::milliseconds> timeout)
{
    if (!timeout) {
        return -1; // block until something is ready
    }
    if (timeout->count() <= 0) {
        return 0;
    }
    // A far deadline waits as long as an int allows (24 days); the caller
    // simply asks again.
    return timeout->count() > INT_MAX ? INT_MAX
                                      : static_cast<int>(timeout->count());
}
