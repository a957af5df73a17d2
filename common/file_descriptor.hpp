#pragma once
/// RAII ownership of a file descriptor: exactly one owner, closed once.

#include <utility>

namespace common {

/// Owns a descriptor and closes it when destroyed. Move-only, because two
/// owners would close the same number twice, and the second close could hit
/// an unrelated descriptor that the kernel handed out again in between.
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) noexcept : fd_{fd} {}
    ~FileDescriptor() { reset(); }

    FileDescriptor(FileDescriptor&& other) noexcept
        : fd_{std::exchange(other.fd_, -1)}
    {
    }
    FileDescriptor& operator=(FileDescriptor&& other) noexcept
    {
        if (this != &other) {
            reset(std::exchange(other.fd_, -1));
        }
        return *this;
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    /// The descriptor number, or -1 when empty.
    int get() const noexcept { return fd_; }
    bool valid() const noexcept { return fd_ >= 0; }
    explicit operator bool() const noexcept { return valid(); }

    /// Gives up ownership without closing; the caller now owns the number.
    int release() noexcept { return std::exchange(fd_, -1); }

    /// Closes the current descriptor (if any) and owns `fd` instead.
    void reset(int fd = -1) noexcept;

private:
    int fd_ = -1;
};

} // namespace common
