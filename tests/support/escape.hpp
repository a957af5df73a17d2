#pragma once
/// escape(): makes the compiler believe `value` is used in ways it cannot
/// see. C++ lets a compiler drop a new/delete pair whose memory is never
/// observed (clang does), which would hide allocations from the memory-cap
/// tests.

namespace testing {

template <typename T>
inline void escape(T& value)
{
    asm volatile("" : : "r"(&value) : "memory");
}

} // namespace testing
