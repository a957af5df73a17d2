#include "output.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace common {

namespace {

// Whether `value`, printed with one decimal, reads 1024.0 or more. The unit
// is chosen after that rounding: 1023.97 MiB prints as 1.0 GiB, never as
// "1024.0 MiB".
bool printsAtLeast1024(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return std::strtod(text, nullptr) >= 1024;
}

} // namespace

std::string formatBytes(std::uint64_t bytes)
{
    if (bytes < 1024) {
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    }
    constexpr std::array<const char*, 4> units{"KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes) / 1024;
    std::size_t unit = 0;
    while (printsAtLeast1024(value) && unit + 1 < units.size()) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

std::string formatSeconds(double seconds)
{
    char text[32];
    if (seconds < 0.01) {
        std::snprintf(text, sizeof text, "%.3g ms", seconds * 1000);
    } else if (seconds < 1) {
        std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
    } else {
        std::snprintf(text, sizeof text, "%.2f s", seconds);
    }
    return text;
}

std::string withCommas(std::uint64_t value)
{
    const std::string digits = std::to_string(value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += digits[i];
    }
    return grouped;
}

std::string counted(std::uint64_t count, std::string_view noun)
{
    std::string text = withCommas(count);
    text += ' ';
    text += noun;
    if (count != 1) {
        text += 's';
    }
    return text;
}

} // namespace common
