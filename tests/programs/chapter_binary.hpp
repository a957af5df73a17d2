#pragma once
// Where the chapter programs are built (CHAPTER_BIN_DIR, set for the
// programs' tests by tests/CMakeLists.txt).

#include <string>

namespace testing {

/// The path of chapter program `name` ("08_poll_epoll").
/// Appended, not concatenated: GCC 12 warns wrongly (-Warray-bounds) on an
/// inlined std::string + "literal" when the directory's name is long.
inline std::string chapterBinary(const std::string& name)
{
    std::string path = CHAPTER_BIN_DIR;
    path += '/';
    path += name;
    return path;
}

} // namespace testing
