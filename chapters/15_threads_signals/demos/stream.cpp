#include "stream.hpp"

#include "watchdog.hpp"

#include <algorithm>

namespace {

// A run of the alphabet long enough to cover any 64 KiB of the stream from
// any starting letter. The demo makes and checks a gigabyte: copying and
// comparing runs of it is many times faster than one byte at a time.
std::string_view alphabetRun()
{
    static const std::string run = [] {
        std::string letters;
        for (std::uint64_t i = 0; i < 64 * 1024 + 26; ++i) {
            letters += streamByte(i);
        }
        return letters;
    }();
    return run;
}

// The longest piece of the stream that one view of the run can cover.
constexpr std::size_t pieceSize = 64 * 1024;

// The stream from `offset`, at most pieceSize bytes long.
std::string_view piece(std::uint64_t offset, std::size_t length)
{
    return alphabetRun().substr(offset % 26, std::min(length, pieceSize));
}

} // namespace

std::string streamBytes(std::uint64_t offset, std::size_t length)
{
    std::string bytes;
    bytes.reserve(length);
    while (bytes.size() < length) {
        bytes.append(piece(offset + bytes.size(), length - bytes.size()));
        // A whole message can be a gigabyte (--whole-writes): seconds of
        // work, which the watchdog must not take for a stall.
        common::Watchdog::progress();
    }
    return bytes;
}

std::size_t firstMismatch(std::string_view data, std::uint64_t offset)
{
    for (std::size_t done = 0; done < data.size();) {
        const std::string_view expected =
            piece(offset + done, data.size() - done);
        const std::string_view got = data.substr(done, expected.size());
        if (got != expected) {
            const auto [wrong, unused] = std::mismatch(
                got.begin(), got.end(), expected.begin());
            return done + static_cast<std::size_t>(wrong - got.begin());
        }
        done += expected.size();
    }
    return std::string_view::npos;
}
