#include "watchdog.hpp"

#include "error.hpp"
#include "memory_cap.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>

namespace common {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<unsigned long long> progressCount{0};
// SIGINT and SIGTERM as a program's own event loop takes them over
// (handOver), one bit each; and the watchdog's turns, counted, so that
// handOver can wait for a turn that no longer waits for them.
std::atomic<unsigned> handedOver{0};
std::atomic<unsigned long long> watchdogTurns{0};
std::atomic<bool> supervising{false};
std::atomic<double> stallSeconds{0};
std::mutex describeMutex;
std::function<std::string()> describer;

constexpr int exitStalled = 3;
constexpr int exitInterrupted = 130;   // 128 + SIGINT, as a shell reports it
constexpr int exitTerminated = 143;    // 128 + SIGTERM

// Who holds the run's one verdict. Claimed once, never given back.
enum class Claimant { nobody, main, watchdog };
std::atomic<Claimant> verdict{Claimant::nobody};

bool claimVerdict(Claimant who) noexcept
{
    Claimant holder = Claimant::nobody;
    return verdict.compare_exchange_strong(holder, who) || holder == who;
}

bool verdictGiven() noexcept
{
    return verdict.load() != Claimant::nobody;
}

sigset_t watchedSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

unsigned signalBit(int signal)
{
    return signal == SIGINT ? 1u : signal == SIGTERM ? 2u : 0u;
}

// The signals the watchdog still takes: those not handed over.
sigset_t stillWatched()
{
    sigset_t signals = watchedSignals();
    const unsigned given = handedOver.load();
    for (int signal : {SIGINT, SIGTERM}) {
        if ((given & signalBit(signal)) != 0) {
            sigdelset(&signals, signal);
        }
    }
    return signals;
}

std::string formatSeconds(double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", seconds);
    return text;
}

// A description that failed is reported as such, not thrown on a thread
// where nothing would catch it.
std::string safeDescription()
{
    try {
        return Watchdog::description();
    } catch (const std::exception& error) {
        return std::string{"(the description failed: "} + error.what() + ")";
    }
}

// Prints the report and ends the process, if the verdict is still free;
// returns, having done nothing, when the main thread already holds it.
template <typename Headline>
void report(Headline headline, int exitCode)
{
    if (!claimVerdict(Claimant::watchdog)) {
        return;
    }
    // The heap may be at the cap (Ctrl-C during a big allocation): lift it
    // before making the report's strings, as the out-of-memory path does.
    memory::setLimit(0);
    // Whatever the main thread printed goes out before the report does.
    std::fflush(stdout);
    const std::string text =
        "\n" + headline() + "\n" + safeDescription() + "\n";
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
    // _Exit, not exit: the main thread is still running (or blocked), and
    // running static destructors under its feet would be a race.
    std::_Exit(exitCode);
}

void reportSignal(int signal)
{
    if (signal == SIGINT) {
        report([] { return std::string{"Interrupted (Ctrl-C)."}; },
               exitInterrupted);
    } else if (signal == SIGTERM) {
        report([] { return std::string{"Terminated (SIGTERM)."}; },
               exitTerminated);
    }
}

void reportStall(double quiet, double timeout)
{
    report(
        [quiet, timeout] {
            return "Stalled: no progress for " + formatSeconds(quiet) +
                   " s (--stall-timeout " + formatSeconds(timeout) + ").";
        },
        exitStalled);
}

// The watchdog thread. It ends when the main thread holds the verdict;
// a signal that arrives after that stays blocked and changes nothing.
void* supervise(void*)
{
    supervising = true;
    auto lastProgress = progressCount.load();
    auto lastChange = Clock::now();
    const timespec tick{0, 50'000'000}; // 50 ms: prompt, and nearly free
    while (!verdictGiven()) {
        const sigset_t signals = stillWatched();
        watchdogTurns.fetch_add(1);
        reportSignal(::sigtimedwait(&signals, nullptr, &tick));
        const auto now = Clock::now();
        if (const auto seen = progressCount.load(); seen != lastProgress) {
            lastProgress = seen;
            lastChange = now;
            continue;
        }
        const std::chrono::duration<double> quiet = now - lastChange;
        const double stallTimeout = stallSeconds.load();
        if (stallTimeout > 0 && quiet.count() >= stallTimeout) {
            reportStall(quiet.count(), stallTimeout);
        }
    }
    return nullptr;
}

} // namespace

void Watchdog::blockSignals()
{
    const sigset_t signals = watchedSignals();
    if (int rc = ::pthread_sigmask(SIG_BLOCK, &signals, nullptr); rc != 0) {
        throwSystemError("pthread_sigmask", rc);
    }
}

void Watchdog::start(double stallTimeoutSeconds)
{
    // Block before creating the thread, so every thread inherits the block
    // and only sigtimedwait() ever receives the signals.
    blockSignals();
    stallSeconds = stallTimeoutSeconds;
    // pthread_create rather than std::thread: when it fails (no memory for
    // the thread's stack, say) the error names the call that failed.
    pthread_attr_t attributes;
    ::pthread_attr_init(&attributes);
    ::pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    const int rc = ::pthread_create(&thread, &attributes, supervise, nullptr);
    ::pthread_attr_destroy(&attributes);
    if (rc != 0) {
        throwSystemError("pthread_create", rc);
    }
}

// region: hand-over
void Watchdog::handOver(int signal) noexcept
{
    handedOver.fetch_or(signalBit(signal));
    if (!supervising.load() || verdictGiven()) {
        return;
    }
    // The turn in progress may have begun before the hand-over, waiting for
    // the signal still: two turns on, the watchdog waits without it.
    const auto from = watchdogTurns.load();
    while (watchdogTurns.load() < from + 2 && !verdictGiven()) {
        ::usleep(1000);
    }
}

void Watchdog::takeBack(int signal) noexcept
{
    handedOver.fetch_and(~signalBit(signal));
}
// endregion: hand-over

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

Watchdog::Describing::Describing(std::function<std::string()> previous)
    : previous_{std::move(previous)}
{
}

Watchdog::Describing::~Describing()
{
    // Taking the lock waits for a report that is running the description
    // now; once it is released, no report can reach what it read.
    std::lock_guard lock{describeMutex};
    describer = std::move(previous_);
}

Watchdog::Describing Watchdog::describe(
    std::function<std::string()> whatItIsDoing)
{
    std::lock_guard lock{describeMutex};
    std::swap(describer, whatItIsDoing);
    return Describing{std::move(whatItIsDoing)};
}

std::string Watchdog::description()
{
    std::lock_guard lock{describeMutex};
    return describer ? describer() : "(the program did not say what it was doing)";
}

void Watchdog::standDown() noexcept
{
    if (claimVerdict(Claimant::main)) {
        return;
    }
    // The watchdog is reporting and will _Exit; wait for it without
    // touching anything its report may read. Our signals are blocked, so
    // pause() returns only if some other handler runs.
    for (;;) {
        ::pause();
    }
}

} // namespace common
