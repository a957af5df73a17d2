#pragma once
/// The stall watchdog, the Ctrl-C and SIGTERM reporter, and the run's verdict.
///
/// A demo that deadlocks on purpose must still end, and end with a story.
/// The watchdog is a thread of its own, so it keeps running while the main
/// thread is blocked inside a system call (a send() that will never return,
/// say). The demo calls progress() whenever it gets something done; after
/// --stall-timeout seconds with no progress the watchdog prints the stall
/// report and ends the process with exit 3. The same thread takes Ctrl-C
/// and SIGTERM: both are blocked everywhere else (from the first line of
/// ChapterApp) and waited for here, so the report can be printed safely
/// (not from a signal handler) before exit 130 or 143.
///
/// A run has one verdict, ever: the demo finishing, its out-of-memory
/// report, a stall, Ctrl-C or SIGTERM, whichever comes first. The first
/// claims it and the others then change nothing: standDown() is the main
/// thread's claim, and the watchdog claims before it prints a report.

#include <functional>
#include <string>

namespace common {

class Watchdog {
public:
    /// Blocks SIGINT and SIGTERM in the calling thread (and so in every
    /// thread it creates), so that they wait for the watchdog instead of
    /// killing the process unreported. ChapterApp does it first of all.
    static void blockSignals();

    /// Starts the supervising thread; called once by ChapterApp::run.
    /// A timeout of 0 (or less) leaves only the Ctrl-C and SIGTERM reports.
    /// Throws std::system_error naming pthread_create if the thread cannot
    /// be made.
    static void start(double stallTimeoutSeconds);

    /// Stops taking `signal` (SIGINT or SIGTERM; others change nothing):
    /// the program's event loop handles it from now on (chapter 15's
    /// addSignalHandler). Returns once the watchdog no longer waits for it;
    /// the caller then unblocks it in the thread that is to receive it.
    static void handOver(int signal) noexcept;
    /// Takes `signal` back, after the caller has blocked it again.
    static void takeBack(int signal) noexcept;

    /// Changes the stall timeout (0 turns stall detection off), for a
    /// program that learns only after start-up that it cannot stall.
    static void stallTimeout(double seconds) noexcept;

    /// Marks progress: the stall clock starts again. Cheap, lock-free,
    /// safe from any thread.
    static void progress() noexcept;

    /// How many times progress() has been called: for tests that check a
    /// long piece of work marks progress as it goes.
    static unsigned long long progressMarks() noexcept;

    /// Restores the previous description when it goes out of scope; see
    /// describe(). Neither copied nor moved: it lives in one scope.
    class [[nodiscard]] Describing {
    public:
        ~Describing();
        Describing(const Describing&) = delete;
        Describing& operator=(const Describing&) = delete;

    private:
        friend class Watchdog;
        explicit Describing(std::function<std::string()> previous);
        std::function<std::string()> previous_;
    };

    /// Sets what the program is doing, asked for when a report is printed,
    /// for as long as the returned guard lives. Declare the guard after the
    /// objects the description reads, so that it is cleared before they are
    /// destroyed; clearing waits for a report that is reading them.
    /// The description runs on the watchdog thread while the main thread
    /// may be blocked, so it must only read state that is safe to read from
    /// another thread (atomics), and never wait for the main thread.
    static Describing describe(std::function<std::string()> whatItIsDoing);

    /// The current description, as a report would print it.
    static std::string description();

    /// The main thread claims the run's verdict: the demo has finished (or
    /// is about to print its own final report, or its out-of-memory one),
    /// and from now on a stall, Ctrl-C or SIGTERM change nothing. When the
    /// watchdog has already claimed the verdict, this never returns: the
    /// watchdog is printing its report and will end the process, and the
    /// main thread must not destroy what that report reads.
    static void standDown() noexcept;
};

} // namespace common
