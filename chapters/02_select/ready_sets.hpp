#pragma once
/// A small wrapper around select(): given the descriptors to watch for
/// reading and for writing, and how long to wait, it says which are ready.

#include <chrono>
#include <optional>
#include <vector>

// region: timeout
/// How long select() may wait for something to become ready:
///   0                returns at once, after one look (a poll);
///   a duration       waits at most that long;
///   forever          waits until something is ready, however long it takes.
using Timeout = std::optional<std::chrono::milliseconds>;
inline constexpr Timeout forever = std::nullopt;
// endregion: timeout

/// The descriptors select() reported ready, in the order they were watched.
struct ReadySets {
    std::vector<int> readable; ///< a read (or accept) would not block
    std::vector<int> writable; ///< a write would not block

    bool operator==(const ReadySets&) const = default;
};

/// Calls select() once on `readers` and `writers` and returns the ready ones.
/// Every descriptor must be below FD_SETSIZE (1024), the size of select()'s
/// fixed bitsets; a larger one throws std::invalid_argument. Failures of
/// select() itself throw std::system_error naming "select".
ReadySets selectReady(const std::vector<int>& readers,
                      const std::vector<int>& writers, Timeout timeout);
