#include "file_descriptor.hpp"

#include <unistd.h>

namespace common {

void FileDescriptor::reset(int fd) noexcept
{
    if (fd_ >= 0) {
        // Not retried on EINTR: on Linux the descriptor is released even
        // when close reports an interruption, so a retry could close another.
        ::close(fd_);
    }
    fd_ = fd;
}

} // namespace common
