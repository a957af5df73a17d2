#pragma once
/// The bytes the client sends: the alphabet, over and over, so that every
/// byte says where in the stream it belongs.

#include <cstddef>
#include <string>

/// The byte at `offset` of the stream.
inline char streamByte(std::size_t offset)
{
    return static_cast<char>('a' + offset % 26);
}

/// `length` bytes of the stream, starting at `offset`.
std::string streamBytes(std::size_t offset, std::size_t length);
