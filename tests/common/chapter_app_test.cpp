#include "chapter_app.hpp"
#include "error.hpp"
#include "escape.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <vector>

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

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
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
