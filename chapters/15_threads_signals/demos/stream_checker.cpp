#include "stream_checker.hpp"

#include "stream.hpp"

#include "output.hpp"

#include <stdexcept>
#include <string>

namespace {

std::string shown(char byte)
{
    if (byte >= ' ' && byte <= '~') {
        return std::string{'\''} + byte + '\'';
    }
    return "byte value " +
           std::to_string(static_cast<unsigned char>(byte));
}

} // namespace

StreamChecker::StreamChecker(std::ostream& out) : out_{out} {}

// region: check
void StreamChecker::dataReceived(std::string_view data)
{
    const std::size_t wrong = firstMismatch(data, received_);
    if (wrong != std::string_view::npos) {
        // The bytes before the wrong one were checked and in place; the
        // count stops at the wrong one, which is also its offset.
        received_ += wrong;
        const std::uint64_t at = received_;
        throw std::runtime_error{"byte " + common::withCommas(at) +
                                 " of the stream is " + shown(data[wrong]) +
                                 ", not " + shown(streamByte(at))};
    }
    received_ += data.size();
}
// endregion: check

void StreamChecker::connectionLost(const Reason& reason)
{
    reason_ = reason;
    out_ << "Server checked " << common::counted(received_, "byte")
         << ", every one in its place.\n"
         << "Server lost the connection: " << reason.text() << '\n';
}
