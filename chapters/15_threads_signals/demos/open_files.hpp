#pragma once
/// Room for many descriptors: the demos that open thousands of
/// connections raise the soft open-files limit (ulimit -n) towards the
/// hard one before they start, as chapter 08's echo demo does.

#include <cstdint>
#include <string>

/// Raises the soft RLIMIT_NOFILE to `wanted`, or to the hard limit if that
/// is lower, and returns the soft limit it leaves (never lowered).
/// Throws std::system_error naming setrlimit if raising fails.
std::uint64_t raiseOpenFilesLimit(std::uint64_t wanted);

/// The same, for a run that cannot do with less than `needed`: throws
/// common::SystemLimitHit (exit 5) when the hard limit is below it, with
/// `advice` (what to ask for instead) at the end of its message.
void makeRoomForDescriptors(std::uint64_t needed, const std::string& advice);
