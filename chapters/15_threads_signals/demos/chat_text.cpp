#include "chat_text.hpp"

namespace {

// How many bytes a sequence starting with `lead` has; 0 if `lead` cannot
// start one (a continuation byte, or 0xF8 and above).
std::size_t sequenceLength(unsigned char lead)
{
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) { // 0xC0, 0xC1: always overlong
        return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) { // above 0xF4: past U+10FFFF
        return 4;
    }
    return 0;
}

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The second byte's range depends on the first: it is what rules out the
// overlong three- and four-byte forms, the surrogates (ED A0..BF) and
// code points past U+10FFFF (F4 90..).
bool secondByteFits(unsigned char lead, unsigned char second)
{
    switch (lead) {
    case 0xE0: return second >= 0xA0 && second <= 0xBF;
    case 0xED: return second >= 0x80 && second <= 0x9F;
    case 0xF0: return second >= 0x90 && second <= 0xBF;
    case 0xF4: return second >= 0x80 && second <= 0x8F;
    default: return isContinuation(second);
    }
}

} // namespace

// region: utf8
bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = sequenceLength(lead);
        if (length == 0 || text.size() - i < length) {
            return false;
        }
        if (length > 1 &&
            !secondByteFits(lead, static_cast<unsigned char>(text[i + 1]))) {
            return false;
        }
        for (std::size_t k = 2; k < length; ++k) {
            if (!isContinuation(static_cast<unsigned char>(text[i + k]))) {
                return false;
            }
        }
        i += length;
    }
    return true;
}
// endregion: utf8

std::string_view withoutLineEnd(std::string_view line)
{
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// region: nickname
std::optional<std::string> nicknameProblem(std::string_view nickname,
                                           std::size_t maxBytes)
{
    if (nickname.empty()) {
        return "a nickname cannot be empty";
    }
    if (nickname.size() > maxBytes) {
        return "a nickname has at most " + std::to_string(maxBytes) +
               " bytes";
    }
    if (!isValidUtf8(nickname)) {
        return "a nickname must be valid UTF-8";
    }
    if (nickname.front() == '/' || nickname.front() == '*') {
        return "a nickname cannot start with '/' or '*'";
    }
    for (const char c : nickname) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7F) {
            return "a nickname cannot hold spaces or control characters";
        }
        if (c == ':') {
            return "a nickname cannot hold ':'";
        }
    }
    return std::nullopt;
}
// endregion: nickname
