#pragma once
// What a chat line and a nickname may be: the room's validation, apart
// from any connection so that it can be tested alone.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// region: chat-text
/// True when `text` is well-formed UTF-8: no stray continuation bytes, no
/// truncated sequence, no overlong form, no UTF-16 surrogate, nothing past
/// U+10FFFF.
bool isValidUtf8(std::string_view text);

/// A line without its end: the "\n", and a "\r" before it (telnet's and
/// some nc's line end), if there.
std::string_view withoutLineEnd(std::string_view line);

/// Why `nickname` cannot be one, in words for its owner; nothing when it
/// can. A nickname is 1 to `maxBytes` bytes of UTF-8 with no spaces or
/// control characters, no ':' (the room writes "NICK: text"), and does not
/// start with '/' or '*' (commands and notices do).
std::optional<std::string> nicknameProblem(std::string_view nickname,
                                           std::size_t maxBytes);
// endregion: chat-text
