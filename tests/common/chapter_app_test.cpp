#include "chapter_app.hpp"
#include "error.hpp"
#include "escape.hpp"
#include "memory_cap.hpp"
#include "process.hpp"
#include "text.hpp"
#include "watchdog.hpp"

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using testing::blockForever;
using testing::contains;

namespace {

// Runs a ChapterApp whose demo is `demo`, in a child process.
testing::ProcessResult runDemo(std::function<int()> demo,
                               std::vector<std::string> args = {})
{
    return testing::runInChild([demo, args]() mutable {
        common::ChapterApp app{"chapter_app_test", "test"};
        app.addMemoryLimit("1MiB");
        app.onOutOfMemory([] { return std::string{"because the test said so"}; });
        args.insert(args.begin(), "chapter_app_test");
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        return app.run(static_cast<int>(argv.size()), argv.data(), demo);
    });
}

} // namespace

TEST_CASE("a demo's return value is the exit code")
{
    CHECK(runDemo([] { return 0; }).exitCode == 0);
}

TEST_CASE("a failed system call exits 1 naming the call and the errno text")
{
    const auto result = runDemo([]() -> int {
        errno = ECONNRESET;
        common::throwSystemError("send");
    });
    CHECK(result.exitCode == 1);
    CHECK(contains(result.output, "error: send: Connection reset by peer"));
}

TEST_CASE("a usage error found by the demo exits 2 with the hint")
{
    const auto result = runDemo(
        []() -> int { throw common::UsageError("--maximum must be positive"); });
    CHECK(result.exitCode == 2);
    CHECK(contains(result.output, "error: --maximum must be positive"));
    CHECK(contains(result.output, "Run with --help"));
}

TEST_CASE("passing the memory cap exits 4 with the size that failed")
{
    const auto result = runDemo([] {
        std::vector<char> big(4 * 1024 * 1024);
        testing::escape(big);
        return static_cast<int>(big.size() % 2);
    });
    CHECK(result.exitCode == 4);
    CHECK(contains(result.output, "a request for 4.0 MiB was refused"));
    CHECK(contains(result.output, "1.0 MiB cap"));
    CHECK(contains(result.output, "because the test said so"));
}

TEST_CASE("--help prints the options and exits 0")
{
    const auto result = runDemo([] { return 1; }, {"--help"});
    CHECK(result.exitCode == 0);
    CHECK(contains(result.output, "--memory-limit"));
}

namespace {

// Runs a ChapterApp with a stall timeout and a 1 MiB cap, in a child;
// `prepare` may set it up further (and raise signals) before run().
testing::ProcessResult runConfigured(
    std::function<void(common::ChapterApp&)> prepare,
    std::function<int()> demo, std::vector<std::string> args = {})
{
    return testing::runInChild([prepare, demo, args]() mutable {
        common::ChapterApp app{"chapter_app_test", "test"};
        app.addStallTimeout(0.2);
        app.addMemoryLimit("1MiB");
        prepare(app);
        args.insert(args.begin(), "chapter_app_test");
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        return app.run(static_cast<int>(argv.size()), argv.data(), demo);
    });
}

int allocatePastTheCap()
{
    std::vector<char> big(4 * 1024 * 1024);
    testing::escape(big);
    return static_cast<int>(big.size() % 2);
}

} // namespace

TEST_CASE("a signal in the first moments waits for the watchdog's report")
{
    // Sent before run() has parsed anything: without the block in
    // ChapterApp's first member, the signal killed the process silently.
    const auto interrupted = runConfigured(
        [](common::ChapterApp&) { ::kill(::getpid(), SIGINT); },
        [] { return blockForever(); }, {"--stall-timeout", "0"});
    CHECK(interrupted.exitCode == 130);
    CHECK(contains(interrupted.output, "Interrupted (Ctrl-C)."));

    const auto terminated = runConfigured(
        [](common::ChapterApp&) { ::kill(::getpid(), SIGTERM); },
        [] { return blockForever(); }, {"--stall-timeout", "0"});
    CHECK(terminated.exitCode == 143);
    CHECK(contains(terminated.output, "Terminated (SIGTERM)."));
}

TEST_CASE("the out-of-memory report is the one verdict: no stall during it")
{
    // The explanation takes five stall timeouts; the watchdog must not
    // report a stall on top of the out-of-memory report.
    const auto result = runConfigured(
        [](common::ChapterApp& app) {
            app.onOutOfMemory([] {
                ::usleep(1'000'000);
                return std::string{"explained slowly"};
            });
        },
        allocatePastTheCap);
    CHECK(result.exitCode == 4);
    CHECK(contains(result.output, "explained slowly"));
    CHECK_FALSE(contains(result.output, "Stalled"));
}

TEST_CASE("a stall reported first is the one verdict: no out-of-memory after")
{
    static int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const auto result = runConfigured(
        [](common::ChapterApp&) {},
        [] {
            // The stall report's description wakes the demo, which then
            // passes the cap while the report is still being written.
            const auto describing = common::Watchdog::describe([] {
                const char byte = 's';
                (void)!::write(fds[1], &byte, 1);
                ::usleep(200'000);
                return std::string{"stalled on purpose"};
            });
            char byte;
            if (::read(fds[0], &byte, 1) != 1) {
                return 1;
            }
            return allocatePastTheCap();
        });
    CHECK(result.exitCode == 3);
    CHECK(contains(result.output, "stalled on purpose"));
    CHECK_FALSE(contains(result.output, "Out of memory"));
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

TEST_CASE("a watchdog thread that cannot start is exit 1 naming the call")
{
#ifdef UNDER_ASAN
    MESSAGE("skipped: AddressSanitizer's shadow memory needs more address "
            "space than any RLIMIT_AS that could stop a thread");
#else
    // Leave too little address space for a thread's stack (8 MiB), as
    // `ulimit -v` does; it used to end in std::terminate (SIGABRT).
    const auto result = runConfigured(
        [](common::ChapterApp&) {
            long pages = 0;
            if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
                if (std::fscanf(statm, "%ld", &pages) != 1) {
                    pages = 0;
                }
                std::fclose(statm);
            }
            const auto size = static_cast<rlim_t>(pages) *
                              static_cast<rlim_t>(::sysconf(_SC_PAGESIZE));
            const rlimit limit{size + 2 * 1024 * 1024,
                               size + 2 * 1024 * 1024};
            ::setrlimit(RLIMIT_AS, &limit);
        },
        [] { return 0; });
    CHECK(result.exitCode == 1);
    CHECK(contains(result.output,
                   "error: pthread_create: Resource temporarily unavailable"));
#endif
}
