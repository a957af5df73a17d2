#pragma once
/// Small formatting helpers for the demos' reports.

#include <cstdint>
#include <string>
#include <string_view>

namespace common {

/// "512 bytes", "1.5 KiB", "256.0 MiB": binary units, one decimal.
std::string formatBytes(std::uint64_t bytes);

/// "4 ms", "1.04 ms", "12 ms", "1.25 s": three significant digits below
/// 10 ms, whole milliseconds below a second.
std::string formatSeconds(double seconds);

/// A count with thousands separators: "1,048,576".
std::string withCommas(std::uint64_t value);

/// A count and its noun, in agreement: "1 byte", "65,536 bytes",
/// "1 round trip". The plural adds an "s", which every noun here takes.
std::string counted(std::uint64_t count, std::string_view noun);

} // namespace common
