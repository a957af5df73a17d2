#include "descriptors.hpp"

#include "error.hpp"

#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

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

} // namespace testing
