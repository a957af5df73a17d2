#include "write_buffer.hpp"

#include "big_string.hpp"

#include <algorithm>

namespace {

// Small writes share a chunk up to this size, so that a stream of one-byte
// writes costs neither a chunk per byte nor a send() per byte.
constexpr std::size_t gatherLimit = 64 * 1024;

} // namespace

// region: append
void WriteBuffer::append(std::string_view data)
{
    if (data.empty()) {
        return;
    }
    if (!chunks_.empty() &&
        chunks_.back().size() + data.size() <= gatherLimit) {
        chunks_.back().append(data);
    } else {
        // A plain copy, made a slice at a time so that a gigabyte write
        // (--whole-writes) is slow work for the watchdog, not a stall.
        chunks_.push_back(common::copiedString(data));
    }
    size_ += data.size();
}
// endregion: append

std::string_view WriteBuffer::front() const
{
    if (chunks_.empty()) {
        return {};
    }
    return std::string_view{chunks_.front()}.substr(offset_);
}

// region: consume
void WriteBuffer::consume(std::size_t count)
{
    // Sent bytes are skipped, not moved: the cost of a send no longer
    // depends on how much is queued behind it.
    while (count > 0) {
        const std::size_t here =
            std::min(count, chunks_.front().size() - offset_);
        offset_ += here;
        size_ -= here;
        count -= here;
        if (offset_ == chunks_.front().size()) {
            chunks_.pop_front(); // a chunk fully sent is freed at once
            offset_ = 0;
        }
    }
}
// endregion: consume

void WriteBuffer::clear()
{
    chunks_.clear();
    offset_ = 0;
    size_ = 0;
}
