#include "reactor.hpp"

#include <algorithm>
#include <string>
#include <typeinfo>

Reactor::Reactor(std::unique_ptr<Poller> poller, TimeSource now)
    : poller_{std::move(poller)}, now_{std::move(now)}, runner_{now_},
      timers_{now_}
{
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
    std::vector<SoonCall> starting;
    starting.swap(whenRunning_);
    for (const SoonCall& call : starting) {
        runner_.run(call.name, call.function);
    }
    while (!stopping_ && !idle()) {
        iterate();
    }
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
           timers_.pending() == 0;
}

void Reactor::iterate(std::optional<Duration> timeout)
{
    ++turns_;
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
