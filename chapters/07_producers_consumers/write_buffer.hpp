#pragma once
/// The bytes a transport has been asked to write and the kernel has not
/// taken yet, kept the way chapter 05's BuffersWrites keeps them.

#include <cstddef>
#include <string>
#include <string_view>

// region: write-buffer
/// A queue of bytes: written at the back, sent from the front.
class WriteBuffer {
public:
    /// Adds `data` after everything already queued.
    void append(std::string_view data);
    /// The bytes to offer to send(): everything queued, oldest first.
    std::string_view front() const { return bytes_; }
    /// Drops the first `count` bytes, which send() has taken.
    void consume(std::size_t count);

    std::size_t size() const { return bytes_.size(); }
    bool empty() const { return bytes_.empty(); }
    void clear() { bytes_.clear(); }

private:
    std::string bytes_;
};
// endregion: write-buffer
