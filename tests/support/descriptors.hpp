#pragma once
/// Descriptors for tests that need unusual ones.

#include "file_descriptor.hpp"

#include <optional>

namespace testing {

/// A duplicate of `fd` numbered FD_SETSIZE, the first number select()
/// cannot watch. Raises the soft descriptor limit to make room; nothing
/// when the hard limit does not allow it (the caller skips its test).
std::optional<common::FileDescriptor> duplicateAtFdSetSize(int fd);

} // namespace testing
