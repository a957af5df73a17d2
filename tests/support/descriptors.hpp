#pragma once
/// Descriptors for tests that need unusual ones.

#include "file_descriptor.hpp"

#include <sys/resource.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace testing {

/// A duplicate of `fd` numbered FD_SETSIZE, the first number select()
/// cannot watch. Raises the soft descriptor limit to make room; nothing
/// when the hard limit does not allow it (the caller skips its test).
std::optional<common::FileDescriptor> duplicateAtFdSetSize(int fd);

/// Takes every free descriptor number below `end` (on /dev/null), so that
/// the next descriptor opened is numbered `end` or more.
std::vector<common::FileDescriptor> fillDescriptorsBelow(int end);

/// Leaves the process unable to open one more descriptor (EMFILE), as a
/// server is at its `ulimit -n`: lowers the soft limit a little above the
/// descriptors in use and takes the rest. free() gives one back. The
/// limit is restored when this is destroyed.
class OutOfDescriptors {
public:
    OutOfDescriptors();
    ~OutOfDescriptors();
    OutOfDescriptors(const OutOfDescriptors&) = delete;
    OutOfDescriptors& operator=(const OutOfDescriptors&) = delete;

    /// Closes one of the descriptors taken: one more may be opened.
    void free();

private:
    rlimit saved_{};
    std::vector<common::FileDescriptor> taken_;
};

} // namespace testing
