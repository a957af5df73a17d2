#include "blocked_connect.hpp"

#include "error.hpp"
#include "socket.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <utility>

namespace testing {

namespace {

// A hang guard, not a timing assumption: each wait ends much sooner.
constexpr auto patience = std::chrono::seconds{20};

void waitReadable(int fd)
{
    pollfd watched{fd, POLLIN, 0};
    const int ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(patience)
            .count());
    const int rc = ::poll(&watched, 1, ms);
    if (rc < 0) {
        common::throwSystemError("poll");
    }
    if (rc == 0) {
        throw std::runtime_error{"the connection never reached the queue"};
    }
}

} // namespace

BlockedConnect::BlockedConnect()
    // A backlog of 0 holds one connection not yet accepted; Linux drops
    // the SYN of the next while that one waits.
    : listener_{common::listenTcp("127.0.0.1", 0, 0)},
      port_{common::boundPort(listener_.get())}
{
    queued_ = common::connectTcp("127.0.0.1", port_);
    waitReadable(listener_.get()); // the queue now holds it: full
    client_ = std::thread{[this] {
        try {
            common::connectTcp("127.0.0.1", port_);
        } catch (...) {
            failure_ = std::current_exception();
        }
    }};
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (common::connectingTo().empty()) {
        if (std::chrono::steady_clock::now() > deadline) {
            finish(std::nothrow);
            throw std::runtime_error{"connectTcp never said it connects"};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
}

void BlockedConnect::finish()
{
    finish(std::nothrow);
    if (failure_) {
        std::rethrow_exception(std::exchange(failure_, nullptr));
    }
}

void BlockedConnect::finish(std::nothrow_t) noexcept
{
    if (!client_.joinable()) {
        return;
    }
    // Accepting the queued connection makes room for the waiting one;
    // closing the listener would refuse it. Either ends the connect().
    common::FileDescriptor accepted{
        ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC)};
    if (!accepted) {
        listener_.reset();
    }
    client_.join();
}

} // namespace testing
