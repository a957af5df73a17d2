#pragma once
/// The exit codes of ../shared/PLAN.md, and the exception a demo throws when
/// it runs into a system limit on purpose. Apart from chapter_app.hpp so
/// that a demo can name them without compiling CLI11, which chapter_app.hpp
/// brings in and which costs seconds in every file that includes it.

#include <stdexcept>

namespace common {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int error = 1;
inline constexpr int usage = 2;
inline constexpr int stalled = 3;
inline constexpr int outOfMemory = 4;
inline constexpr int systemLimit = 5;
inline constexpr int interrupted = 130;
inline constexpr int terminated = 143;
} // namespace exit_code

/// Thrown by a demo that ran into a system limit on purpose (the limit
/// demos of Part II): its message, the diagnosis, is said on stderr and
/// the program exits 5.
class SystemLimitHit : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace common
