#include "descriptors.hpp"

#include "error.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#include <cerrno>

namespace testing {

std::optional<common::FileDescriptor> duplicateAtFdSetSize(int fd)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) < 0) {
        common::throwSystemError("getrlimit");
    }
    if (limit.rlim_max <= FD_SETSIZE) {
        return std::nullopt;
    }
    if (limit.rlim_cur <= FD_SETSIZE) {
        limit.rlim_cur = FD_SETSIZE + 1;
        if (::setrlimit(RLIMIT_NOFILE, &limit) < 0) {
            common::throwSystemError("setrlimit");
        }
    }
    common::FileDescriptor high{::dup2(fd, FD_SETSIZE)};
    if (!high) {
        common::throwSystemError("dup2");
    }
    return high;
}

namespace {

common::FileDescriptor openDevNull()
{
    return common::FileDescriptor{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
}

} // namespace

std::vector<common::FileDescriptor> fillDescriptorsBelow(int end)
{
    std::vector<common::FileDescriptor> taken;
    for (;;) {
        common::FileDescriptor fd = openDevNull();
        if (!fd) {
            common::throwSystemError("open(/dev/null)");
        }
        if (fd.get() >= end) {
            return taken; // fd closes: its number stays free
        }
        taken.push_back(std::move(fd));
    }
}

OutOfDescriptors::OutOfDescriptors()
{
    if (::getrlimit(RLIMIT_NOFILE, &saved_) < 0) {
        common::throwSystemError("getrlimit");
    }
    // Every number below the lowest free one is in use, so a limit a few
    // above it leaves only a few to take.
    int lowestFree = openDevNull().get(); // closed again at once
    if (lowestFree < 0) {
        common::throwSystemError("open(/dev/null)");
    }
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(lowestFree) + 4;
    if (::setrlimit(RLIMIT_NOFILE, &lowered) < 0) {
        common::throwSystemError("setrlimit");
    }
    for (common::FileDescriptor fd; (fd = openDevNull());) {
        taken_.push_back(std::move(fd));
    }
    if (errno != EMFILE) {
        const int error = errno;
        taken_.clear();
        ::setrlimit(RLIMIT_NOFILE, &saved_);
        common::throwSystemError("open(/dev/null)", error);
    }
}

OutOfDescriptors::~OutOfDescriptors()
{
    taken_.clear();
    ::setrlimit(RLIMIT_NOFILE, &saved_);
}

void OutOfDescriptors::free()
{
    if (!taken_.empty()) {
        taken_.pop_back();
    }
}

} // namespace testing
