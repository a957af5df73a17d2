#pragma once
/// The stall watchdog and the Ctrl-C reporter.
///
/// A demo that deadlocks on purpose must still end, and end with a story.
/// The watchdog is a thread of its own, so it keeps running while the main
/// thread is blocked inside a system call (a send() that will never return,
/// say). The demo calls progress() whenever it gets something done; after
/// --stall-timeout seconds with no progress the watchdog prints the stall
/// report and ends the process with exit 3. The same thread takes Ctrl-C:
/// SIGINT is blocked everywhere else and waited for here, so the report can
/// be printed safely (not from a signal handler) before exit 130.

#include <functional>
#include <string>

namespace common {

class Watchdog {
public:
    /// Starts the supervising thread; called once by ChapterApp::run.
    /// A timeout of 0 (or less) leaves only the Ctrl-C reporting.
    static void start(double stallTimeoutSeconds);

    /// Changes the stall timeout (0 turns stall detection off), for a
    /// program that learns only after start-up that it cannot stall.
    static void stallTimeout(double seconds) noexcept;

    /// Marks progress: the stall clock starts again. Cheap, lock-free,
    /// safe from any thread.
    static void progress() noexcept;

    /// How many times progress() has been called: for tests that check a
    /// long piece of work marks progress as it goes.
    static unsigned long long progressMarks() noexcept;

    /// Sets what the program is doing, asked for when a report is printed.
    /// It runs on the watchdog thread while the main thread may be blocked,
    /// so it must only read state that is safe to read from another thread
    /// (atomics), and never wait for the main thread.
    static void describe(std::function<std::string()> whatItIsDoing);

    /// The current description, as a report would print it.
    static std::string description();
};

} // namespace common
