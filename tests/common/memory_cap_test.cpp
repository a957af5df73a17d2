#include "memory_cap.hpp"

#include "escape.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <new>
#include <vector>

namespace memory = common::memory;

namespace {

// Restores "no cap" however a test case ends.
struct CapGuard {
    explicit CapGuard(std::size_t bytes) { memory::setLimit(bytes); }
    ~CapGuard() { memory::setLimit(0); }
};

} // namespace

TEST_CASE("allocations are counted while held and released on delete")
{
    const std::size_t before = memory::inUse();
    auto block = std::make_unique<char[]>(100'000);
    testing::escape(block);
    CHECK(memory::inUse() >= before + 100'000);
    block.reset();
    CHECK(memory::inUse() == before);
}

TEST_CASE("a request past the cap throws MemoryCapExceeded, a bad_alloc")
{
    const std::size_t used = memory::inUse();
    CapGuard cap{used + 1024 * 1024};
    std::vector<char> fits(512 * 1024);
    testing::escape(fits);
    try {
        std::vector<char> tooBig(2 * 1024 * 1024);
        testing::escape(tooBig);
        FAIL("the cap let 2 MiB through");
    } catch (const memory::MemoryCapExceeded& error) {
        CHECK(error.refusal().requested == 2 * 1024 * 1024);
        CHECK(error.refusal().limit == used + 1024 * 1024);
        CHECK(error.refusal().inUse >= used + 512 * 1024);
    }
    CHECK_THROWS_AS(
        [] {
            std::vector<char> tooBig(2 * 1024 * 1024);
            testing::escape(tooBig);
        }(),
        std::bad_alloc);
}

TEST_CASE("the peak remembers the most ever held")
{
    memory::resetPeak();
    const std::size_t start = memory::peak();
    {
        std::vector<char> block(300'000);
        testing::escape(block);
    }
    CHECK(memory::peak() >= start + 300'000);
    CHECK(memory::inUse() < memory::peak());
}

TEST_CASE("no cap means no refusal")
{
    memory::setLimit(0);
    std::vector<char> block(8 * 1024 * 1024);
    testing::escape(block);
    CHECK(block.size() == 8 * 1024 * 1024);
}

// A type aligned past what malloc promises, for new with std::align_val_t.
struct alignas(256) Wide {
    char bytes[4096];
};

TEST_CASE("the aligned and nothrow forms of new are on the same budget")
{
    const std::size_t before = memory::inUse();
    auto wide = std::make_unique<Wide>();
    testing::escape(wide);
    CHECK(reinterpret_cast<std::uintptr_t>(wide.get()) % 256 == 0);
    CHECK(memory::inUse() >= before + sizeof(Wide));
    wide.reset();
    CHECK(memory::inUse() == before);

    CapGuard cap{before + 1024 * 1024};
    CHECK_THROWS_AS(std::make_unique<Wide[]>(1024), memory::MemoryCapExceeded);
    char* refused = new (std::nothrow) char[2 * 1024 * 1024];
    CHECK(refused == nullptr);
    delete[] refused;
}
