#pragma once
/// The one door into the loop from other threads: an eventfd that the
/// reactor's poller watches beside everything else. A thread that has left
/// work for the loop writes to it; the loop, blocked in its poller, sees it
/// readable and wakes. Twisted and asyncio use a pipe (a socket pair) for
/// the same thing, the self-pipe trick: one descriptor to write, one to
/// read. An eventfd is one descriptor holding a counter, which the kernel
/// adds every write to, so a thousand wake-ups cost one read to drain.

#include "file_descriptor.hpp"

// region: waker
class Waker {
public:
    /// Throws std::system_error naming eventfd when none can be made.
    Waker();

    /// The descriptor to watch for reading.
    int fileno() const { return fd_.get(); }
    /// Makes the descriptor readable. Safe from any thread, and from a
    /// signal handler (write() is async-signal-safe).
    void wakeUp() noexcept;
    /// Reads the counter back to zero, so the poller can sleep again.
    /// Called on the loop thread when the descriptor is readable.
    void drain() noexcept;

private:
    common::FileDescriptor fd_;
};
// endregion: waker
