// The budget described in memory_cap.hpp. The replacement operator new and
// delete that feed it are in operator_new.cpp, linked into each executable
// as an object; this half lives in the common library, so that code which
// lifts the cap (the watchdog's report) links even where nothing counts.
#include "memory_cap.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>

namespace common::memory {

namespace {

std::atomic<std::size_t> capBytes{0};
std::atomic<std::size_t> usedBytes{0};
std::atomic<std::size_t> peakBytes{0};

void notePeak(std::size_t used) noexcept
{
    std::size_t seen = peakBytes.load(std::memory_order_relaxed);
    while (used > seen &&
           !peakBytes.compare_exchange_weak(seen, used,
                                            std::memory_order_relaxed)) {
    }
}

void checkBudget(std::size_t size)
{
    const std::size_t cap = capBytes.load(std::memory_order_relaxed);
    const std::size_t used = usedBytes.load(std::memory_order_relaxed);
    if (cap != 0 && (size > cap || used > cap - size)) {
        throw MemoryCapExceeded{Refusal{size, used, cap}};
    }
}

void* counted(void* block)
{
    if (block == nullptr) {
        throw std::bad_alloc{};
    }
    // Count what malloc really handed out, so that delete, which may not be
    // told the size, subtracts exactly what was added.
    const std::size_t usable = ::malloc_usable_size(block);
    notePeak(usedBytes.fetch_add(usable, std::memory_order_relaxed) +
             usable);
    return block;
}

} // namespace

void* allocate(std::size_t size)
{
    checkBudget(size);
    return counted(std::malloc(size == 0 ? 1 : size));
}

void* allocateAligned(std::size_t size, std::size_t alignment)
{
    checkBudget(size);
    // aligned_alloc wants a whole number of alignments.
    const std::size_t rounded =
        (size == 0 ? alignment : (size + alignment - 1) / alignment * alignment);
    return counted(std::aligned_alloc(alignment, rounded));
}

void release(void* block) noexcept
{
    if (block != nullptr) {
        usedBytes.fetch_sub(::malloc_usable_size(block),
                            std::memory_order_relaxed);
        std::free(block);
    }
}

void setLimit(std::size_t bytes) noexcept
{
    capBytes.store(bytes, std::memory_order_relaxed);
}

std::size_t limit() noexcept
{
    return capBytes.load(std::memory_order_relaxed);
}

std::size_t inUse() noexcept
{
    return usedBytes.load(std::memory_order_relaxed);
}

std::size_t peak() noexcept
{
    return peakBytes.load(std::memory_order_relaxed);
}

void resetPeak() noexcept
{
    peakBytes.store(inUse(), std::memory_order_relaxed);
}

} // namespace common::memory
