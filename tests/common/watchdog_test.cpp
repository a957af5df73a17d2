#include "watchdog.hpp"

#include "process.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

using common::Watchdog;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Blocks the calling thread in a system call that never returns by itself.
int blockForever()
{
    int fds[2];
    if (::pipe(fds) < 0) {
        return 1;
    }
    char byte;
    return static_cast<int>(::read(fds[0], &byte, 1));
}

} // namespace

TEST_CASE("a thread blocked in a system call is reported as stalled, exit 3")
{
    const auto result = testing::runInChild([] {
        Watchdog::start(0.2);
        Watchdog::describe([] { return std::string{"blocked in read()"}; });
        std::puts("about to block");
        return blockForever();
    });
    CHECK(result.exitCode == 3);
    CHECK(contains(result.output, "about to block"));
    CHECK(contains(result.output, "Stalled: no progress"));
    CHECK(contains(result.output, "blocked in read()"));
}

TEST_CASE("progress keeps the watchdog quiet")
{
    const auto result = testing::runInChild([] {
        Watchdog::start(0.3);
        // Three times the timeout in total, progressing every 50 ms.
        for (int i = 0; i < 18; ++i) {
            Watchdog::progress();
            ::usleep(50'000);
        }
        return 0;
    });
    CHECK(result.exitCode == 0);
    CHECK_FALSE(contains(result.output, "Stalled"));
}

TEST_CASE("Ctrl-C reports where the program was and exits 130")
{
    testing::ProcessOptions options;
    options.interruptWhen = [](const std::string& output) {
        return contains(output, "ready");
    };
    const auto result = testing::runInChild(
        [] {
            Watchdog::start(0); // no stall timeout: only Ctrl-C ends this
            Watchdog::describe([] { return std::string{"waiting in read()"}; });
            std::puts("ready");
            std::fflush(stdout);
            return blockForever();
        },
        options);
    CHECK(result.exitCode == 130);
    CHECK(contains(result.output, "Interrupted (Ctrl-C)."));
    CHECK(contains(result.output, "waiting in read()"));
}
