#include "poller.hpp"

#include <algorithm>
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

namespace {

// `timeout` between zero and longestWait: a far deadline waits as long as
// a backend allows, and the reactor simply asks again.
std::chrono::nanoseconds clamped(std::chrono::nanoseconds timeout)
{
    return std::clamp<std::chrono::nanoseconds>(timeout, {}, longestWait);
}

} // namespace

timespec timeoutSpec(std::chrono::nanoseconds timeout)
{
    const auto wait = clamped(timeout);
    const auto whole = std::chrono::floor<std::chrono::seconds>(wait);
    return {static_cast<time_t>(whole.count()),
            static_cast<long>((wait - whole).count())};
}

timeval timeoutVal(std::chrono::nanoseconds timeout)
{
    const auto wait = std::chrono::ceil<std::chrono::microseconds>(
        clamped(timeout));
    const auto whole = std::chrono::floor<std::chrono::seconds>(wait);
    return {static_cast<time_t>(whole.count()),
            static_cast<suseconds_t>((wait - whole).count())};
}

int timeoutMilliseconds(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!timeout) {
        return -1; // block until something is ready
    }
    return static_cast<int>(
        std::chrono::ceil<std::chrono::milliseconds>(clamped(*timeout))
            .count());
}
