#include "open_files.hpp"

#include "error.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <sys/resource.h>

#include <algorithm>

// region: rlimit
std::uint64_t raiseOpenFilesLimit(std::uint64_t wanted)
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur != RLIM_INFINITY && wanted > limit.rlim_cur) {
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY
                             ? wanted
                             : std::min<rlim_t>(wanted, limit.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &limit) < 0) {
            common::throwSystemError("setrlimit(RLIMIT_NOFILE)");
        }
    }
    return limit.rlim_cur;
}

void makeRoomForDescriptors(std::uint64_t needed, const std::string& advice)
{
    const std::uint64_t got = raiseOpenFilesLimit(needed);
    if (got < needed) {
        throw common::SystemLimitHit{
            "Descriptor limit: this run needs about " +
            common::withCommas(needed) +
            " descriptors (both ends of every\nconnection are in this "
            "process), but the hard limit is " + common::withCommas(got) +
            " (ulimit -Hn).\n" + advice};
    }
}
// endregion: rlimit
