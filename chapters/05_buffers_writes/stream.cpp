#include "stream.hpp"

std::string streamBytes(std::size_t offset, std::size_t length)
{
    std::string bytes(length, '\0');
    for (std::size_t i = 0; i < length; ++i) {
        bytes[i] = streamByte(offset + i);
    }
    return bytes;
}
