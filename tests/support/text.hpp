#pragma once
/// Small text checks shared by the tests.

#include <string>

namespace testing {

/// Whether `part` occurs anywhere in `text`.
inline bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace testing
