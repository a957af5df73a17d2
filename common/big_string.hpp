#pragma once
/// Strings of a gigabyte, made without looking stuck.
///
/// Filling or copying a gigabyte of fresh memory takes seconds (the kernel
/// hands the pages over one fault at a time), which can be longer than the
/// stall timeout. These helpers do it a slice at a time and mark progress
/// for the Watchdog after each slice: a loop that is slow but moving is not
/// a stall. The result is the same string, in the same single allocation.

#include <cstddef>
#include <string>
#include <string_view>

namespace common {

/// Bytes made between two progress marks: a millisecond or so of work.
inline constexpr std::size_t bigStringSlice = 1024 * 1024;

/// `size` copies of `fill`, like std::string(size, fill).
std::string filledString(std::size_t size, char fill);

/// A copy of `text`, like std::string(text).
std::string copiedString(std::string_view text);

} // namespace common
