// The replacement of the global operator new and delete that feeds the
// budget of memory_cap.hpp. This file is linked into each executable as an
// object (not through a static library), so that the replacement is
// certain to be the one the program uses.
//
// Every form is replaced, the nothrow and the aligned ones too, so that all
// of the program's memory goes through the budget.
#include "memory_cap.hpp"

#include <cstddef>
#include <new>

namespace {

void* allocateOrNull(std::size_t size) noexcept
{
    try {
        return common::memory::allocate(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}

void* allocateAlignedOrNull(std::size_t size, std::align_val_t alignment) noexcept
{
    try {
        return common::memory::allocateAligned(
            size, static_cast<std::size_t>(alignment));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}

} // namespace

void* operator new(std::size_t size)
{
    return common::memory::allocate(size);
}

void* operator new[](std::size_t size)
{
    return common::memory::allocate(size);
}

void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    return allocateOrNull(size);
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    return allocateOrNull(size);
}

void* operator new(std::size_t size, std::align_val_t alignment)
{
    return common::memory::allocateAligned(size,
                                           static_cast<std::size_t>(alignment));
}

void* operator new[](std::size_t size, std::align_val_t alignment)
{
    return common::memory::allocateAligned(size,
                                           static_cast<std::size_t>(alignment));
}

void* operator new(std::size_t size, std::align_val_t alignment,
                   const std::nothrow_t&) noexcept
{
    return allocateAlignedOrNull(size, alignment);
}

void* operator new[](std::size_t size, std::align_val_t alignment,
                     const std::nothrow_t&) noexcept
{
    return allocateAlignedOrNull(size, alignment);
}

void operator delete(void* block) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block) noexcept
{
    common::memory::release(block);
}

void operator delete(void* block, std::size_t) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block, std::size_t) noexcept
{
    common::memory::release(block);
}

void operator delete(void* block, const std::nothrow_t&) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block, const std::nothrow_t&) noexcept
{
    common::memory::release(block);
}

void operator delete(void* block, std::align_val_t) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block, std::align_val_t) noexcept
{
    common::memory::release(block);
}

void operator delete(void* block, std::align_val_t,
                     const std::nothrow_t&) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block, std::align_val_t,
                       const std::nothrow_t&) noexcept
{
    common::memory::release(block);
}

void operator delete(void* block, std::size_t, std::align_val_t) noexcept
{
    common::memory::release(block);
}

void operator delete[](void* block, std::size_t, std::align_val_t) noexcept
{
    common::memory::release(block);
}
