#pragma once
/// Errors shared by every chapter: failed system calls and bad usage.

#include <stdexcept>
#include <string>

namespace common {

/// Throws std::system_error for the current errno, naming the call that
/// failed: what() reads like "send: Connection reset by peer".
[[noreturn]] void throwSystemError(const std::string& call);

/// Throws std::system_error for an explicit error number, for APIs that
/// return the error instead of setting errno (getsockopt's SO_ERROR, say).
[[noreturn]] void throwSystemError(const std::string& call, int error);

/// Bad command-line usage found after parsing (two options that cannot go
/// together, say). The entry wrapper prints it with the --help hint, exit 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace common
