#include "big_string.hpp"

#include "watchdog.hpp"

#include <algorithm>

namespace common {

std::string filledString(std::size_t size, char fill)
{
    std::string text;
    text.reserve(size); // one allocation, counted by the cap as before
    while (text.size() < size) {
        text.append(std::min(bigStringSlice, size - text.size()), fill);
        Watchdog::progress();
    }
    return text;
}

std::string copiedString(std::string_view text)
{
    std::string copy;
    copy.reserve(text.size());
    while (copy.size() < text.size()) {
        copy.append(text.substr(copy.size(), bigStringSlice));
        Watchdog::progress();
    }
    return copy;
}

} // namespace common
