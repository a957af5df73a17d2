#pragma once
/// What the machine can give: the ceiling over every --memory-limit.
///
/// The cap of memory_cap.hpp is the program's own budget; a budget above
/// what the machine has free would let a demo push the machine into swap
/// (a crawl for everything on it) long before the cap is reached. So the
/// cap a run gets is clamped to a share of the memory available now: the
/// kernel's MemAvailable estimate, or the room left under the process's
/// cgroup limit (a container's) when that is smaller.

#include <cstddef>
#include <optional>
#include <string_view>

namespace common::memory {

/// MemAvailable, in bytes, from the text of /proc/meminfo.
std::optional<std::size_t> parseMemAvailable(std::string_view meminfo);

/// The room left under a cgroup limit, from the text of its limit file
/// ("max" or bytes: memory.max, memory.limit_in_bytes) and its usage file.
/// Nothing when there is no limit or the text cannot be read.
std::optional<std::size_t> cgroupRoom(std::string_view limit,
                                      std::string_view usage);

/// The memory this process could take now without the machine swapping:
/// the smaller of MemAvailable and the cgroup's room. Nothing when neither
/// can be read (not Linux, no /proc).
std::optional<std::size_t> machineAvailable();

/// The most a cap may be with `available` bytes free: three quarters,
/// leaving the rest to the machine and to what the cap does not count
/// (thread stacks, socket buffers, the allocator's own overhead).
std::size_t machineCeiling(std::size_t available);

/// The cap a run gets for a --memory-limit of `requested` bytes.
struct EffectiveCap {
    std::size_t bytes = 0; ///< 0 only when there is no cap at all
    bool clamped = false;  ///< lowered (or, for 0, set) to the machine's
};

/// `requested`, or the machine's ceiling when that is lower; a request of
/// 0 (no cap of the program's own) gets the ceiling. Without a figure for
/// the machine, `requested` stands as it is.
EffectiveCap effectiveCap(std::size_t requested,
                          std::optional<std::size_t> available);

} // namespace common::memory
