#pragma once
/// The memory cap behind --memory-limit.
///
/// The cap counts the bytes a program holds through operator new (so every
/// std::string, vector and buffer), and a request that would take the total
/// past the limit throws MemoryCapExceeded, a std::bad_alloc, before any
/// memory is touched. It is a budget kept by the program itself, not an OS
/// limit, for three reasons:
///   - it fails at the same point on a laptop with 4 GiB and a server with
///     1 TiB, and it never lets a demo push a machine into swap;
///   - an address-space limit (RLIMIT_AS) would also count thread stacks and
///     malloc's per-thread arenas, which reserve far more than they use;
///   - under AddressSanitizer, whose shadow memory reserves terabytes of
///     address space, RLIMIT_AS cannot work at all, while this cap behaves
///     exactly as in a normal build.
/// Memory taken with malloc directly or by the kernel (socket buffers) is
/// not counted; the demos' growth is all in C++ containers.

#include <cstddef>
#include <new>

namespace common::memory {

/// What the cap refused: the request, what was in use, and the limit.
struct Refusal {
    std::size_t requested = 0;
    std::size_t inUse = 0;
    std::size_t limit = 0;
};

/// The exception thrown when a request would pass the cap.
class MemoryCapExceeded : public std::bad_alloc {
public:
    explicit MemoryCapExceeded(Refusal refusal) : refusal_{refusal} {}
    const char* what() const noexcept override
    {
        return "memory cap exceeded";
    }
    const Refusal& refusal() const noexcept { return refusal_; }

private:
    Refusal refusal_;
};

/// Sets the cap in bytes; 0 removes it.
void setLimit(std::size_t bytes) noexcept;
std::size_t limit() noexcept;

/// Bytes currently held through operator new, and the most ever held.
std::size_t inUse() noexcept;
std::size_t peak() noexcept;

/// Starts peak() again from the current use.
void resetPeak() noexcept;

/// The budget's side of operator new and delete (operator_new.cpp):
/// allocate() throws MemoryCapExceeded past the cap, or std::bad_alloc.
void* allocate(std::size_t size);
/// allocate() for a type aligned past what malloc guarantees (new with
/// std::align_val_t), on the same budget.
void* allocateAligned(std::size_t size, std::size_t alignment);
void release(void* block) noexcept;

} // namespace common::memory
