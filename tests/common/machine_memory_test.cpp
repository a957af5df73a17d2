#include "chapter_app.hpp"
#include "machine_memory.hpp"
#include "memory_cap.hpp"
#include "process.hpp"
#include "text.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using testing::contains;

namespace {

// Runs a ChapterApp with --memory-limit in a child, as if the machine had
// `machine` bytes free; the demo prints the cap it got.
testing::ProcessResult capWith(std::optional<std::size_t> machine,
                               std::vector<std::string> args)
{
    return testing::runInChild([machine, args]() mutable {
        common::ChapterApp app{"machine_memory_test", "test"};
        app.addMemoryLimit("1MiB");
        app.machineMemory([machine] { return machine; });
        args.insert(args.begin(), "machine_memory_test");
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        return app.run(static_cast<int>(argv.size()), argv.data(), [] {
            std::printf("cap %zu\n", common::memory::limit());
            return 0;
        });
    });
}

} // namespace

TEST_CASE("the machine's free memory is read from /proc/meminfo and cgroups")
{
    using namespace common::memory;
    CHECK(parseMemAvailable("MemTotal:  100 kB\nMemAvailable:   2048 kB\n") ==
          2048 * 1024);
    CHECK_FALSE(parseMemAvailable("MemTotal: 100 kB\n"));
    CHECK(cgroupRoom("1048576\n", "1000\n") == 1048576 - 1000);
    CHECK_FALSE(cgroupRoom("max\n", "1000\n"));
    CHECK(cgroupRoom("1000\n", "2000\n") == 0);
    // On Linux the real figure is there, and positive.
    const auto available = machineAvailable();
    REQUIRE(available);
    CHECK(*available > 0);
}

TEST_CASE("the effective cap is the request, or 3/4 of the machine's free "
          "memory when that is less")
{
    using common::memory::effectiveCap;
    CHECK(effectiveCap(100, 1000).bytes == 100);
    CHECK_FALSE(effectiveCap(100, 1000).clamped);
    CHECK(effectiveCap(900, 1000).bytes == 750);
    CHECK(effectiveCap(900, 1000).clamped);
    CHECK(effectiveCap(0, 1000).bytes == 750); // 0: the machine's alone
    CHECK(effectiveCap(0, 1000).clamped);
    CHECK(effectiveCap(0, 0).bytes == 1); // never 0, which means no cap
    CHECK(effectiveCap(900, std::nullopt).bytes == 900);
    CHECK(effectiveCap(0, std::nullopt).bytes == 0);
}

TEST_CASE("--memory-limit is clamped to what the machine has free, saying so")
{
    constexpr std::size_t MiB = 1024 * 1024;
    const auto clamped = capWith(8 * MiB, {"--memory-limit", "1GiB"});
    CHECK(clamped.exitCode == 0);
    CHECK(contains(clamped.output, "note: --memory-limit 1.0 GiB is more than "
                                   "this machine has free; capped at 6.0 MiB"));
    CHECK(contains(clamped.output, "cap 6291456\n"));

    const auto zero = capWith(8 * MiB, {"--memory-limit", "0"});
    CHECK(contains(zero.output, "note: --memory-limit 0: the cap is the "
                                "machine's, 6.0 MiB"));
    CHECK(contains(zero.output, "cap 6291456\n"));

    const auto below = capWith(8 * MiB, {"--memory-limit", "2MiB"});
    CHECK_FALSE(contains(below.output, "note:"));
    CHECK(contains(below.output, "cap 2097152\n"));

    const auto unknown = capWith(std::nullopt, {"--memory-limit", "0"});
    CHECK_FALSE(contains(unknown.output, "note:"));
    CHECK(contains(unknown.output, "cap 0\n"));
}
