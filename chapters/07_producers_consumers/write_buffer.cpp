#include "write_buffer.hpp"

void WriteBuffer::append(std::string_view data)
{
    bytes_.append(data);
}

// region: consume
void WriteBuffer::consume(std::size_t count)
{
    // NOTE: erasing the front moves every byte behind it, so draining N
    // bytes in sends of s bytes copies about N*N/2s bytes;
    // 07_producers_consumers fixes this.
    bytes_.erase(0, count);
}
// endregion: consume
