#pragma once
/// The bytes a transport has been asked to write and the kernel has not
/// taken yet, kept as a queue of chunks so that sending from the front
/// never moves the bytes behind.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

// region: write-buffer
/// A queue of bytes: written at the back, sent from the front.
class WriteBuffer {
public:
    /// Adds `data` after everything already queued.
    void append(std::string_view data);
    /// The bytes to offer to send(): the unsent part of the oldest chunk.
    std::string_view front() const;
    /// Drops the first `count` bytes, which send() has taken.
    void consume(std::size_t count);

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    void clear();

private:
    std::deque<std::string> chunks_;
    std::size_t offset_ = 0; // bytes of chunks_.front() already sent
    std::size_t size_ = 0;
};
// endregion: write-buffer
