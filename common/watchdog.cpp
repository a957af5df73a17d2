#include "watchdog.hpp"

#include "error.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace common {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<unsigned long long> progressCount{0};
std::atomic<double> stallSeconds{0};
std::mutex describeMutex;
std::function<std::string()> describer;

constexpr int exitStalled = 3;
constexpr int exitInterrupted = 130;

[[noreturn]] void report(const std::string& headline, int exitCode)
{
    // Whatever the main thread printed goes out before the report does.
    std::fflush(stdout);
    const std::string text =
        "\n" + headline + "\n" + Watchdog::description() + "\n";
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
    // _Exit, not exit: the main thread is still running (or blocked), and
    // running static destructors under its feet would be a race.
    std::_Exit(exitCode);
}

std::string formatSeconds(double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", seconds);
    return text;
}

void supervise(sigset_t interrupt)
{
    auto lastProgress = progressCount.load();
    auto lastChange = Clock::now();
    const timespec tick{0, 50'000'000}; // 50 ms: prompt, and nearly free
    for (;;) {
        if (::sigtimedwait(&interrupt, nullptr, &tick) == SIGINT) {
            report("Interrupted (Ctrl-C).", exitInterrupted);
        }
        const auto now = Clock::now();
        if (const auto seen = progressCount.load(); seen != lastProgress) {
            lastProgress = seen;
            lastChange = now;
            continue;
        }
        const std::chrono::duration<double> quiet = now - lastChange;
        const double stallTimeout = stallSeconds.load();
        if (stallTimeout > 0 && quiet.count() >= stallTimeout) {
            report("Stalled: no progress for " + formatSeconds(quiet.count()) +
                       " s (--stall-timeout " + formatSeconds(stallTimeout) +
                       ").",
                   exitStalled);
        }
    }
}

} // namespace

void Watchdog::start(double stallTimeoutSeconds)
{
    // Block SIGINT in this thread before creating the watchdog, so every
    // thread inherits the block and only sigtimedwait() ever receives it.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    if (int rc = ::pthread_sigmask(SIG_BLOCK, &interrupt, nullptr); rc != 0) {
        throwSystemError("pthread_sigmask", rc);
    }
    stallSeconds = stallTimeoutSeconds;
    std::thread{supervise, interrupt}.detach();
}

void Watchdog::stallTimeout(double seconds) noexcept
{
    stallSeconds = seconds;
    progress();
}

void Watchdog::progress() noexcept
{
    progressCount.fetch_add(1, std::memory_order_relaxed);
}

unsigned long long Watchdog::progressMarks() noexcept
{
    return progressCount.load(std::memory_order_relaxed);
}

void Watchdog::describe(std::function<std::string()> whatItIsDoing)
{
    std::lock_guard lock{describeMutex};
    describer = std::move(whatItIsDoing);
}

std::string Watchdog::description()
{
    std::lock_guard lock{describeMutex};
    return describer ? describer() : "(the program did not say what it was doing)";
}

} // namespace common
