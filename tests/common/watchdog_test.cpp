#include "watchdog.hpp"

#include "escape.hpp"
#include "memory_cap.hpp"
#include "process.hpp"
#include "text.hpp"

#include <doctest/doctest.h>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

using common::Watchdog;

using testing::blockForever;
using testing::contains;

TEST_CASE("a thread blocked in a system call is reported as stalled, exit 3")
{
    const auto result = testing::runInChild([] {
        Watchdog::start(0.2);
        const auto describing =
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
    INFO("the child's output: ", result.output);
    CHECK(result.exitCode == 0);
    CHECK_FALSE(contains(result.output, "Stalled"));
}

TEST_CASE("Ctrl-C and SIGTERM report where the program was, each its own way")
{
    struct Case {
        int signal;
        int exitCode;
        const char* headline;
    };
    for (const Case& expected : {Case{SIGINT, 130, "Interrupted (Ctrl-C)."},
                                 Case{SIGTERM, 143, "Terminated (SIGTERM)."}}) {
        CAPTURE(expected.headline);
        testing::ProcessOptions options;
        options.interruptSignal = expected.signal;
        options.interruptWhen = [](const std::string& output) {
            return contains(output, "ready");
        };
        const auto result = testing::runInChild(
            [] {
                Watchdog::start(0); // no stall timeout: only a signal ends it
                const auto describing = Watchdog::describe(
                    [] { return std::string{"waiting in read()"}; });
                std::puts("ready");
                std::fflush(stdout);
                return blockForever();
            },
            options);
        CHECK(result.exitCode == expected.exitCode);
        CHECK(contains(result.output, expected.headline));
        CHECK(contains(result.output, "waiting in read()"));
    }
}

TEST_CASE("a describer guard puts back the description it replaced")
{
    // No watchdog thread here: description() is what a report would print.
    const auto outer =
        Watchdog::describe([] { return std::string{"outer"}; });
    {
        const auto inner =
            Watchdog::describe([] { return std::string{"inner"}; });
        CHECK(Watchdog::description() == "inner");
    }
    CHECK(Watchdog::description() == "outer");
}

TEST_CASE("the report lifts the memory cap before it builds its text")
{
    // The description needs more than the cap leaves: built under the cap
    // it threw MemoryCapExceeded on the watchdog thread (SIGABRT).
    const auto result = testing::runInChild([] {
        Watchdog::start(0.2);
        const auto describing = Watchdog::describe([] {
            std::string big(4 * 1024 * 1024, 'x');
            testing::escape(big);
            return "blocked with " + std::to_string(big.size()) + " bytes";
        });
        common::memory::setLimit(common::memory::inUse() + 64 * 1024);
        return blockForever();
    });
    CHECK(result.exitCode == 3);
    CHECK(contains(result.output, "Stalled: no progress"));
    CHECK(contains(result.output, "blocked with 4194304 bytes"));
}

TEST_CASE("once the main thread stands down, Ctrl-C and stalls change nothing")
{
    const auto result = testing::runInChild([] {
        Watchdog::start(0.1);
        const auto describing =
            Watchdog::describe([] { return std::string{"still here"}; });
        Watchdog::standDown();
        ::kill(::getpid(), SIGINT); // blocked: no watchdog takes it now
        ::usleep(500'000); // five stall timeouts without progress
        std::puts("finished");
        return 0;
    });
    CHECK(result.exitCode == 0);
    CHECK(contains(result.output, "finished"));
    CHECK_FALSE(contains(result.output, "Interrupted"));
    CHECK_FALSE(contains(result.output, "Stalled"));
}

TEST_CASE("a report under way keeps the verdict: standDown waits for its exit")
{
    const auto result = testing::runInChild([] {
        int fds[2];
        if (::pipe(fds) < 0) {
            return 1;
        }
        Watchdog::start(0.1);
        // The description tells the main thread that the report has begun,
        // then takes its time, as a report may while main goes on.
        const auto describing = Watchdog::describe([fds] {
            const char byte = 'r';
            (void)!::write(fds[1], &byte, 1);
            ::usleep(200'000);
            return std::string{"reporting slowly"};
        });
        char byte;
        if (::read(fds[0], &byte, 1) != 1) {
            return 1;
        }
        Watchdog::standDown(); // must not return: the stall is the verdict
        std::puts("standDown returned");
        return 0;
    });
    CHECK(result.exitCode == 3);
    CHECK(contains(result.output, "reporting slowly"));
    CHECK_FALSE(contains(result.output, "standDown returned"));
}

namespace {
std::atomic<bool> termHandled{false};
extern "C" void noteTerm(int) { termHandled = true; }
} // namespace

TEST_CASE("a signal handed over goes to the program's own handler, not to "
          "the watchdog's report")
{
    const auto result = testing::runInChild([] {
        Watchdog::blockSignals();
        Watchdog::start(0);
        Watchdog::handOver(SIGTERM);
        struct sigaction action {};
        action.sa_handler = noteTerm;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, nullptr);
        sigset_t term;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        ::pthread_sigmask(SIG_UNBLOCK, &term, nullptr);
        ::kill(::getpid(), SIGTERM);
        for (int i = 0; i < 5000 && !termHandled; ++i) {
            ::usleep(1000);
        }
        Watchdog::standDown();
        return termHandled ? 0 : 1;
    });
    INFO("the child's output: ", result.output);
    CHECK(result.exitCode == 0);
    CHECK_FALSE(contains(result.output, "Terminated"));
}
