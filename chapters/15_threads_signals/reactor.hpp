#pragma once
/// A reactor that watches selectables: objects that own a descriptor and
/// know what to do when it is readable or writable. The reactor owns the
/// loop; what happens on a descriptor is the selectable's; which system
/// call finds the ready descriptors is the poller's (poller.hpp). Time is
/// an event source too: calls scheduled for later (timer_queue.hpp) run
/// after the I/O of each turn, and the next deadline bounds the wait.

#include "callback_runner.hpp"
#include "deferred.hpp"
#include "delayed_call.hpp"
#include "poller.hpp"
#include "reactor_time.hpp"
#include "timer_queue.hpp"
#include "thread_pool.hpp"
#include "waker.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// region: selectable
/// What the reactor watches. Twisted splits it in two interfaces,
/// IReadDescriptor and IWriteDescriptor; a transport is both.
class Selectable {
public:
    virtual ~Selectable() = default;

    /// The descriptor to watch. It must not change while the selectable is
    /// registered: remove it from the reactor before closing the descriptor.
    virtual int fileno() const = 0;
    /// The descriptor is readable (called only on a registered reader).
    virtual void doRead() = 0;
    /// The descriptor is writable (called only on a registered writer).
    virtual void doWrite() = 0;
};
// endregion: selectable

// region: reactor-errors
/// stop() when the reactor is not running, or twice in one run.
class ReactorNotRunning : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// run() from inside run().
class ReactorAlreadyRunning : public std::logic_error {
public:
    using std::logic_error::logic_error;
};
// endregion: reactor-errors

// region: reactor-class
class Reactor : public IReactorTime {
public:
    /// A reactor on `poller` (epoll without one), reading the time from
    /// `now` (the monotonic clock without one; a test gives a fake).
    explicit Reactor(std::unique_ptr<Poller> poller = makeEpollPoller(),
                     TimeSource now = monotonicSeconds);
    /// Gives back the signals it handled.
    ~Reactor();
    Reactor(const Reactor&) = delete;
    Reactor& operator=(const Reactor&) = delete;

    /// Calls selectable->doRead() whenever its descriptor is readable. The
    /// reactor holds a reference: a registered selectable stays alive.
    void addReader(std::shared_ptr<Selectable> selectable);
    /// Calls selectable->doWrite() whenever its descriptor is writable.
    void addWriter(std::shared_ptr<Selectable> selectable);
    /// Forgets `selectable` as a reader; nothing happens if it is not one.
    void removeReader(const Selectable& selectable);
    /// Forgets `selectable` as a writer; nothing happens if it is not one.
    void removeWriter(const Selectable& selectable);

    // region: hold
    /// Keeps `selectable` alive while it waits for nothing the poller can
    /// see: a transport that has stopped reading (paused by its reader, or
    /// at the peer's end of stream) with nothing to send. Chapter 13: it
    /// used to hold a reference to itself, which leaked it whenever the
    /// reactor went first; held here, it goes with the reactor. Holding
    /// one twice holds it once. It does not keep run() running.
    void hold(std::shared_ptr<Selectable> selectable);
    /// What hold() kept, given back (nullptr if nothing was held).
    std::shared_ptr<Selectable> release(const Selectable& selectable);
    // endregion: hold

    // region: reactor-time
    /// The time on the reactor's clock.
    Time seconds() const override { return now_(); }
    /// Calls `f` once, `delay` from now, after the I/O of the turn in
    /// which it is due; never inside callLater.
    DelayedCall callLater(Duration delay, std::function<void()> f,
                          const char* name = "a delayed call") override;
    std::vector<DelayedCall> getDelayedCalls() override;
    /// Calls `f` on the next turn, after the calls scheduled before it
    /// (first in, first out), never inside the call that scheduled it.
    void callSoon(std::function<void()> f, const char* name = "a soon call");
    /// Calls `f` when run() starts, before its first turn (on the next
    /// turn when it is already running); in registration order.
    void callWhenRunning(std::function<void()> f,
                         const char* name = "a start-up call");
    // endregion: reactor-time

    // region: from-threads
    /// Calls `f` on the loop thread, on a coming turn, in the order the
    /// calls were made: the one member that is safe to call from any
    /// thread (Twisted's callFromThread, asyncio's call_soon_threadsafe).
    /// A loop blocked in its poller wakes at once; many calls made while
    /// it sleeps cost it one wake-up.
    void callFromThread(std::function<void()> f,
                        const char* name = "a call from a thread");
    /// The reactor's pool for blocking work: started when run() starts
    /// (at once if it is running) and stopped when the reactor shuts down,
    /// after the 'during' shutdown triggers. Made on first use.
    ThreadPool& getThreadPool();
    /// A call some thread owes the loop (deferToThread's result): run()
    /// does not end as idle while one is owed. Loop thread only.
    void expectFromThread() { ++owedFromThreads_; }
    /// The owed call has arrived (or will never come).
    void receivedFromThread() { --owedFromThreads_; }
    // endregion: from-threads

    // region: signals
    /// Calls `handler` on the loop thread after `signal` arrives (once per
    /// turn however many arrived). Replaces this reactor's handler for it.
    /// Throws std::invalid_argument for a signal that cannot be caught
    /// (SIGKILL, SIGSTOP) or does not exist, and std::logic_error when
    /// another reactor handles signals already.
    void addSignalHandler(int signal, std::function<void()> handler);
    /// Gives `signal` back its disposition from before addSignalHandler;
    /// false when this reactor did not handle it.
    bool removeSignalHandler(int signal);
    // endregion: signals

    // region: triggers
    /// When, around the reactor's shutdown, a trigger runs.
    enum class Phase { before, during, after };
    /// Runs `f` when the reactor shuts down (after stop(), once run() has
    /// no more turns to make): every 'before' trigger first, then the
    /// 'during' ones, then the 'after' ones. A trigger that returns a
    /// Deferred<void> (not void) is waited for, the loop turning meanwhile,
    /// before the next phase starts. `event` must be "shutdown", Twisted's
    /// name. Returns an id for removeSystemEventTrigger.
    template <typename F>
    std::uint64_t addSystemEventTrigger(Phase phase, std::string_view event,
                                        F f)
    {
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
            return addTrigger(phase, event,
                              [f = std::move(f)]() mutable
                              -> std::optional<Deferred<void>> {
                                  f();
                                  return std::nullopt;
                              });
        } else {
            return addTrigger(phase, event,
                              [f = std::move(f)]() mutable
                              -> std::optional<Deferred<void>> {
                                  return f();
                              });
        }
    }
    bool removeSystemEventTrigger(std::uint64_t id);
    // endregion: triggers

    /// Turns the loop until stop(), or until nothing is left to wait for:
    /// no reader, no writer, no timed or soon call. Throws
    /// ReactorAlreadyRunning when called from inside run().
    void run();
    /// Makes run() return once the current turn is over. Throws
    /// ReactorNotRunning outside run() and on a second stop().
    void stop();
    bool running() const { return running_; }
    /// One turn: wait for ready descriptors (at most `timeout`, and never
    /// past the next deadline; with neither, until one is ready), call
    /// their readers, then their writers, then the soon calls and the
    /// timed calls now due.
    void iterate(std::optional<Duration> timeout = {});

    /// Reports what callbacks throw, and in debug mode the slow ones.
    CallbackRunner& runner() { return runner_; }
    /// How many turns the loop has made.
    std::uint64_t turns() const { return turns_; }

    /// The poller's name and the number of descriptors it watches.
    std::string_view backend() const { return poller_->name(); }
    std::size_t watched() const { return poller_->watched() - 1; } // not the waker

private:
    // Keyed by descriptor, as in 03, so a turn visits them in a fixed order.
    using Registry = std::map<int, std::shared_ptr<Selectable>>;
    struct Ready {
        std::vector<std::shared_ptr<Selectable>> readable;
        std::vector<std::shared_ptr<Selectable>> writable;
    };
    Ready select(std::optional<Duration> timeout);
    std::optional<Duration> waitLimit(std::optional<Duration> timeout);
    void dispatch(const Ready& ready);
    void handle(Selectable& selectable, void (Selectable::*method)(),
                const char* methodName);
    void runSoonCalls();
    bool idle() const;
    void watch(int fd, Interest interest);
    Interest interestIn(int fd) const;
    static bool registered(const Registry& registry,
                           const Selectable& selectable);

    struct SoonCall {
        std::function<void()> function;
        const char* name;
    };

    std::uint64_t addTrigger(
        Phase phase, std::string_view event,
        std::function<std::optional<Deferred<void>>()> f);
    void takeFromThreads();
    bool fromThreadsEmpty() const;
    void restoreSignal(int signal);
    void takeSignals();
    void shutDown();
    void runTriggers(Phase phase);

    struct Trigger {
        std::uint64_t id;
        Phase phase;
        std::function<std::optional<Deferred<void>>()> function;
    };

    std::unique_ptr<Poller> poller_;
    Waker waker_;
    mutable std::mutex fromThreadsMutex_;
    std::vector<SoonCall> fromThreads_; // guarded by fromThreadsMutex_
    std::size_t owedFromThreads_ = 0;
    std::unique_ptr<ThreadPool> threadPool_;
    std::map<int, std::function<void()>> signalHandlers_;
    std::vector<Trigger> triggers_;
    std::uint64_t nextTrigger_ = 1;
    Registry readers_;
    Registry writers_;
    std::map<const Selectable*, std::shared_ptr<Selectable>> held_;
    TimeSource now_;
    CallbackRunner runner_;
    TimerQueue timers_;
    std::vector<SoonCall> soon_;
    std::vector<SoonCall> whenRunning_;
    std::uint64_t turns_ = 0;
    bool running_ = false;
    bool stopping_ = false;
};
// endregion: reactor-class
