// The replacement of the global operator new and delete that feeds the
// budget of memory_cap.hpp. This file is linked into each executable as an
// object (not through a static library), so that the replacement is
// certain to be the one the program uses.
#include "memory_cap.hpp"

void* operator new(std::size_t size)
{
    return common::memory::allocate(size);
}

void* operator new[](std::size_t size)
{
    return common::memory::allocate(size);
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
