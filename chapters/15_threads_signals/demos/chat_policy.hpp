#pragma once
// When a member that does not read is cut off: Redis's client output
// buffer limits, applied to a chat member's outgoing queue.

#include "reactor_time.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

// region: output-limits
/// The limits on the bytes waiting to be sent to one member.
struct OutputLimits {
    /// Past this, the member is cut at once.
    std::size_t hard = 256 * 1024;
    /// Above this for `softFor` without a break, the member is cut.
    std::size_t soft = 64 * 1024;
    Duration softFor = std::chrono::seconds{10};
};

/// What OutputPolicy::check decides.
enum class Verdict { keep, overHard, overSoftTooLong };

/// One member's policy. It is told the queue's size whenever it changes,
/// with the time; it remembers since when the queue has been above the
/// soft limit, and forgets it as soon as the queue is at or below it.
class OutputPolicy {
public:
    explicit OutputPolicy(OutputLimits limits) : limits_{limits} {}

    Verdict check(std::size_t queuedBytes, Time now);

    /// Words for the room's notice: "its queue passed the hard limit
    /// (256.0 KiB)".
    std::string explain(Verdict verdict) const;

    const OutputLimits& limits() const { return limits_; }

private:
    OutputLimits limits_;
    std::optional<Time> overSoftSince_;
};
// endregion: output-limits
