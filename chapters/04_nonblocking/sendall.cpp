#include "sendall.hpp"

#include "error.hpp"
#include "watchdog.hpp"

#include <sys/socket.h>

#include <cerrno>

// region: sendall
void sendall(int fd, std::string_view data, SendallProgress& progress)
{
    progress.asked = data.size();
    progress.taken = 0;
    std::size_t sent = 0;
    while (sent < data.size()) {
        // Blocks until the kernel has room for at least part of the rest.
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent,
                                 MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            common::throwSystemError("send");
        }
        sent += static_cast<std::size_t>(n);
        progress.taken = sent;
        common::Watchdog::progress(); // bytes moved: not stalled
    }
}
// endregion: sendall
