#include "reactor.hpp"

#include "error.hpp"
#include "watchdog.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <typeinfo>

// region: signal-handler
namespace {

// What a signal handler may touch: lock-free atomics, and write() through
// the waker. One reactor at a time handles signals, as in asyncio.
std::atomic<Waker*> signalWaker{nullptr};
std::array<std::atomic<bool>, NSIG> signalArrived{};
std::array<struct sigaction, NSIG> previousAction{};
std::array<bool, NSIG> wasBlocked{};

extern "C" void noteSignal(int signal)
{
    const int savedErrno = errno; // the interrupted code may be reading it
    signalArrived[static_cast<std::size_t>(signal)].store(true);
    if (Waker* waker = signalWaker.load()) {
        waker->wakeUp();
    }
    errno = savedErrno;
}

void checkCatchable(int signal)
{
    if (signal <= 0 || signal >= NSIG) {
        throw std::invalid_argument{"addSignalHandler: " +
                                    std::to_string(signal) +
                                    " is not a signal number"};
    }
    if (signal == SIGKILL || signal == SIGSTOP) {
        throw std::invalid_argument{"addSignalHandler: signal " +
                                    std::to_string(signal) +
                                    " cannot be caught"};
    }
}

} // namespace
// endregion: signal-handler

Reactor::Reactor(std::unique_ptr<Poller> poller, TimeSource now)
    : poller_{std::move(poller)}, now_{std::move(now)}, runner_{now_},
      timers_{now_}
{
    // Watched from the start, and never counted as something to wait for.
    poller_->add(waker_.fileno(), {true, false});
}

Reactor::~Reactor()
{
    for (const auto& [signal, handler] : signalHandlers_) {
        restoreSignal(signal);
    }
    Waker* mine = &waker_;
    signalWaker.compare_exchange_strong(mine, nullptr);
    if (threadPool_) {
        threadPool_->stop(); // joined before what its jobs may call goes
    }
}

// region: interest
void Reactor::addReader(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    // The poller first: if it refuses the descriptor (select() past
    // FD_SETSIZE), nothing is registered.
    watch(fd, {true, writers_.contains(fd)});
    readers_[fd] = std::move(selectable);
}

void Reactor::addWriter(std::shared_ptr<Selectable> selectable)
{
    const int fd = selectable->fileno();
    watch(fd, {readers_.contains(fd), true});
    writers_[fd] = std::move(selectable);
}

void Reactor::removeReader(const Selectable& selectable)
{
    if (registered(readers_, selectable)) {
        const int fd = selectable.fileno();
        watch(fd, {false, writers_.contains(fd)});
        readers_.erase(fd);
    }
}

void Reactor::removeWriter(const Selectable& selectable)
{
    if (registered(writers_, selectable)) {
        const int fd = selectable.fileno();
        watch(fd, {readers_.contains(fd), false});
        writers_.erase(fd);
    }
}

// region: hold-body
void Reactor::hold(std::shared_ptr<Selectable> selectable)
{
    const Selectable* key = selectable.get();
    held_[key] = std::move(selectable);
}

std::shared_ptr<Selectable> Reactor::release(const Selectable& selectable)
{
    const auto found = held_.find(&selectable);
    if (found == held_.end()) {
        return nullptr;
    }
    std::shared_ptr<Selectable> held = std::move(found->second);
    held_.erase(found);
    return held;
}
// endregion: hold-body

// Tells the poller what `fd` is to be watched for, if that differs from
// what the registries say now: called before they change.
void Reactor::watch(int fd, Interest interest)
{
    const Interest before = interestIn(fd);
    if (interest == before) {
        return;
    }
    if (before.none()) {
        poller_->add(fd, interest);
    } else if (interest.none()) {
        poller_->remove(fd);
    } else {
        poller_->modify(fd, interest);
    }
}
// endregion: interest

Interest Reactor::interestIn(int fd) const
{
    return {readers_.contains(fd), writers_.contains(fd)};
}

bool Reactor::registered(const Registry& registry,
                         const Selectable& selectable)
{
    // The same object, not only the same number: a descriptor closed and
    // handed out again belongs to somebody else.
    const auto found = registry.find(selectable.fileno());
    return found != registry.end() && found->second.get() == &selectable;
}

// region: run
void Reactor::run()
{
    if (running_) {
        throw ReactorAlreadyRunning{"run() inside run(): the loop is "
                                    "already turning"};
    }
    running_ = true;
    stopping_ = false;
    // Whatever ends the run, an exception included, the reactor can be
    // run again afterwards.
    struct Ended {
        Reactor& reactor;
        ~Ended() { reactor.running_ = reactor.stopping_ = false; }
    } ended{*this};
    if (threadPool_) {
        threadPool_->start(); // before the start-up calls, which may use it
    }
    std::vector<SoonCall> starting;
    starting.swap(whenRunning_);
    for (const SoonCall& call : starting) {
        runner_.run(call.name, call.function);
    }
    while (!stopping_ && !idle()) {
        iterate();
    }
    shutDown();
}

void Reactor::stop()
{
    if (!running_) {
        throw ReactorNotRunning{"stop(): the reactor is not running"};
    }
    if (stopping_) {
        throw ReactorNotRunning{"stop(): the reactor is already stopping"};
    }
    stopping_ = true;
}

bool Reactor::idle() const
{
    // libuv's rule: the loop is over when nothing is left that could
    // ever call the program back.
    return readers_.empty() && writers_.empty() && soon_.empty() &&
           timers_.pending() == 0 && owedFromThreads_ == 0 &&
           fromThreadsEmpty();
}

void Reactor::iterate(std::optional<Duration> timeout)
{
    ++turns_;
    if (threadPool_ && !threadPool_->started()) {
        threadPool_->start(); // a loop turned by hand runs its pool too
    }
    // `ready` holds its own references, so a selectable that is removed
    // during this turn (and dropped by everyone else) lives until the turn
    // is over: a transport can tear itself down inside its own doRead.
    dispatch(select(waitLimit(timeout)));
    runSoonCalls();
    // Time is read once, after the I/O: a call due now runs this turn.
    timers_.runDue(now_(), runner_);
}
// endregion: run

// region: wait-limit
std::optional<Duration> Reactor::waitLimit(std::optional<Duration> timeout)
{
    if (!soon_.empty()) {
        return Duration::zero(); // calls wait: only look at the I/O
    }
    const std::optional<Time> next = timers_.nextDeadline();
    if (!next) {
        return timeout; // no timer: block until I/O (or the caller's limit)
    }
    // To the nanosecond: the poller passes on as much of it as its system
    // call takes. A deadline years away is the poller's to clamp.
    const Time now = now_();
    const Duration untilNext = *next <= now ? Duration::zero() : *next - now;
    return timeout ? std::min(*timeout, untilNext) : untilNext;
}
// endregion: wait-limit

// region: dispatch
void Reactor::dispatch(const Ready& ready)
{
    for (const auto& selectable : ready.readable) {
        // Removed earlier in this turn: the poller's answer is stale.
        if (registered(readers_, *selectable)) {
            handle(*selectable, &Selectable::doRead, "doRead");
        }
    }
    for (const auto& selectable : ready.writable) {
        if (registered(writers_, *selectable)) {
            handle(*selectable, &Selectable::doWrite, "doWrite");
        }
    }
}

void Reactor::handle(Selectable& selectable, void (Selectable::*method)(),
                     const char* methodName)
{
    // What an I/O handler throws is not caught here: a transport guards
    // its protocol itself, and a failure of its own ends the program.
    if (!runner_.debug()) {
        (selectable.*method)();
        return;
    }
    // Named only in debug mode: the name costs an allocation per call.
    runner_.timed(CallbackRunner::typeName(typeid(selectable)) +
                      "::" + methodName + " on descriptor " +
                      std::to_string(selectable.fileno()),
                  [&] { (selectable.*method)(); });
}
// endregion: dispatch

// region: soon
void Reactor::callSoon(std::function<void()> f, const char* name)
{
    soon_.push_back(SoonCall{std::move(f), name});
}

void Reactor::runSoonCalls()
{
    // The batch is taken out first: what these calls schedule with
    // callSoon goes into a fresh list and waits for the next turn.
    std::vector<SoonCall> batch;
    batch.swap(soon_);
    for (const SoonCall& call : batch) {
        runner_.run(call.name, call.function);
    }
}
// endregion: soon

void Reactor::callWhenRunning(std::function<void()> f, const char* name)
{
    if (running_) {
        callSoon(std::move(f), name);
    } else {
        whenRunning_.push_back(SoonCall{std::move(f), name});
    }
}

DelayedCall Reactor::callLater(Duration delay, std::function<void()> f,
                               const char* name)
{
    return timers_.callLater(delay, std::move(f), name);
}

std::vector<DelayedCall> Reactor::getDelayedCalls()
{
    return timers_.delayedCalls();
}

// region: select
Reactor::Ready Reactor::select(std::optional<Duration> timeout)
{
    std::vector<ReadyDescriptor> found = poller_->wait(timeout);
    // In descriptor order, as 07 visited them, whatever order the
    // backend answered in: a turn is the same on every backend.
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.fd < b.fd; });
    Ready ready;
    for (const ReadyDescriptor& descriptor : found) {
        if (descriptor.fd == waker_.fileno()) {
            waker_.drain(); // first: a wake-up after this must not be lost
            takeFromThreads();
            takeSignals();
            continue;
        }
        if (const auto reader = readers_.find(descriptor.fd);
            descriptor.readable && reader != readers_.end()) {
            ready.readable.push_back(reader->second);
        }
        if (const auto writer = writers_.find(descriptor.fd);
            descriptor.writable && writer != writers_.end()) {
            ready.writable.push_back(writer->second);
        }
    }
    return ready;
}
// endregion: select

// region: call-from-thread
void Reactor::callFromThread(std::function<void()> f, const char* name)
{
    bool first = false;
    {
        const std::lock_guard lock{fromThreadsMutex_};
        first = fromThreads_.empty();
        fromThreads_.push_back(SoonCall{std::move(f), name});
    }
    // Only the first call of a batch wakes the loop: the ones after it
    // find the loop already due to take the whole batch.
    if (first) {
        waker_.wakeUp();
    }
}

void Reactor::takeFromThreads()
{
    std::vector<SoonCall> batch;
    {
        const std::lock_guard lock{fromThreadsMutex_};
        batch.swap(fromThreads_);
    }
    // They run as soon calls, this turn, in the order they were made.
    for (SoonCall& call : batch) {
        soon_.push_back(std::move(call));
    }
}

bool Reactor::fromThreadsEmpty() const
{
    const std::lock_guard lock{fromThreadsMutex_};
    return fromThreads_.empty();
}
// endregion: call-from-thread

ThreadPool& Reactor::getThreadPool()
{
    if (!threadPool_) {
        threadPool_ = std::make_unique<ThreadPool>();
        if (running_) {
            threadPool_->start();
        }
    }
    return *threadPool_;
}


// region: add-signal-handler
void Reactor::addSignalHandler(int signal, std::function<void()> handler)
{
    checkCatchable(signal);
    Waker* expected = nullptr;
    if (!signalWaker.compare_exchange_strong(expected, &waker_) &&
        expected != &waker_) {
        throw std::logic_error{"addSignalHandler: another reactor handles "
                               "signals already"};
    }
    const auto index = static_cast<std::size_t>(signal);
    if (!signalHandlers_.contains(signal)) {
        // The watchdog takes SIGINT and SIGTERM until told otherwise.
        common::Watchdog::handOver(signal);
        struct sigaction action {};
        action.sa_handler = noteSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (::sigaction(signal, &action, &previousAction[index]) < 0) {
            common::throwSystemError("sigaction");
        }
        // A signal blocked in this thread (ChapterApp blocks SIGINT and
        // SIGTERM for its watchdog) would never reach the handler.
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, signal);
        sigset_t before;
        ::pthread_sigmask(SIG_UNBLOCK, &one, &before);
        wasBlocked[index] = sigismember(&before, signal) == 1;
    }
    signalHandlers_[signal] = std::move(handler);
}

bool Reactor::removeSignalHandler(int signal)
{
    if (!signalHandlers_.contains(signal)) {
        return false;
    }
    restoreSignal(signal);
    signalHandlers_.erase(signal);
    if (signalHandlers_.empty()) {
        signalWaker.store(nullptr);
    }
    return true;
}

void Reactor::restoreSignal(int signal)
{
    const auto index = static_cast<std::size_t>(signal);
    ::sigaction(signal, &previousAction[index], nullptr);
    if (wasBlocked[index]) {
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, signal);
        ::pthread_sigmask(SIG_BLOCK, &one, nullptr);
        common::Watchdog::takeBack(signal);
    }
    signalArrived[index].store(false);
}
// endregion: add-signal-handler

void Reactor::takeSignals()
{
    for (auto& [signal, handler] : signalHandlers_) {
        if (signalArrived[static_cast<std::size_t>(signal)].exchange(false)) {
            soon_.push_back(SoonCall{handler, "a signal handler"});
        }
    }
}

// region: shutdown
std::uint64_t Reactor::addTrigger(
    Phase phase, std::string_view event,
    std::function<std::optional<Deferred<void>>()> f)
{
    if (event != "shutdown") {
        throw std::invalid_argument{"addSystemEventTrigger: unknown event '" +
                                    std::string{event} +
                                    "' (only \"shutdown\")"};
    }
    triggers_.push_back(Trigger{nextTrigger_, phase, std::move(f)});
    return nextTrigger_++;
}

bool Reactor::removeSystemEventTrigger(std::uint64_t id)
{
    const auto found =
        std::find_if(triggers_.begin(), triggers_.end(),
                     [id](const Trigger& trigger) { return trigger.id == id; });
    if (found == triggers_.end()) {
        return false;
    }
    triggers_.erase(found);
    return true;
}

void Reactor::shutDown()
{
    runTriggers(Phase::before);
    runTriggers(Phase::during);
    if (threadPool_) {
        threadPool_->stop(); // what waits is cancelled; running work ends
    }
    runTriggers(Phase::after);
}

// The triggers of one phase, each once; the loop turns on until the
// Deferreds the 'before' ones returned have all fired.
void Reactor::runTriggers(Phase phase)
{
    std::vector<Trigger> due;
    const auto rest = std::stable_partition(
        triggers_.begin(), triggers_.end(),
        [phase](const Trigger& trigger) { return trigger.phase != phase; });
    due.assign(std::make_move_iterator(rest),
               std::make_move_iterator(triggers_.end()));
    triggers_.erase(rest, triggers_.end());
    std::vector<Deferred<void>> waits;
    for (Trigger& trigger : due) {
        runner_.run("a shutdown trigger", [&] {
            if (auto wait = trigger.function()) {
                waits.push_back(*wait);
            }
        });
    }
    const auto unfired = [&waits] {
        return std::any_of(waits.begin(), waits.end(),
                           [](const Deferred<void>& d) { return !d.called(); });
    };
    while (unfired()) {
        iterate();
    }
}
// endregion: shutdown
