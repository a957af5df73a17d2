#pragma once
/// The bytes the client sends: chapter 04's alphabet, over and over, so
/// that every byte says where in the stream it belongs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

/// The byte at `offset` of the stream.
inline char streamByte(std::uint64_t offset)
{
    return static_cast<char>('a' + offset % 26);
}

/// `length` bytes of the stream, starting at `offset`.
std::string streamBytes(std::uint64_t offset, std::size_t length);

/// Where `data`, found at `offset` of the stream, first differs from the
/// stream; std::string_view::npos when every byte is in its place.
std::size_t firstMismatch(std::string_view data, std::uint64_t offset);
