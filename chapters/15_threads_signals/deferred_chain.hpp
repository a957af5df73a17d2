#pragma once
/// How the chain behind a Deferred runs (deferred.hpp is what it offers):
/// the steps that addCallbacks() adds, the loop that runs them, a chain
/// that waits for another, cancel(), and the report of a failure nobody
/// handled. Included by deferred.hpp; not used on its own.

#include "deferred.hpp"
#include "failure.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>

namespace detail {

// region: chain-base
/// What every chain has, whatever it carries: the flags the loop reads,
/// and the loop itself.
struct ChainBase : std::enable_shared_from_this<ChainBase> {
    ChainBase() = default;
    ChainBase(const ChainBase&) = delete;
    ChainBase& operator=(const ChainBase&) = delete;
    virtual ~ChainBase() = default;

    /// Runs this chain's callbacks; if it hands its result to a chain
    /// waiting for it, runs that one's next, and so on, in one loop.
    void runCallbacks();
    /// Runs the callbacks until none is left or the chain waits for
    /// another; returns the chain its result was handed to, or nullptr.
    virtual std::shared_ptr<ChainBase> runSteps() = 0;
    /// Deferred<T>::cancel(), whatever T is.
    virtual void cancel() = 0;

    /// Frees `chain`, but from inside the destructor of another chain
    /// only once that destructor is done: freeing a line of chains that
    /// hold one another is a loop too, not a recursion.
    static void release(std::shared_ptr<ChainBase> chain);
    /// Gives `failure` to unhandledErrors(); never throws.
    static void reportUnhandled(const Failure& failure) noexcept;

    bool called = false;   ///< callback() or errback() was called
    bool running = false;  ///< its callbacks are running, up the stack
    bool waiting = false;  ///< it waits for another chain's result
    bool passedOn = false; ///< its result goes, or went, to another chain
    /// The chain this one waits for, to pass a cancel() on to. Weak: the
    /// one that will fire it holds it, and a chain nobody can fire any
    /// more should be freed, not kept alive by those waiting for it.
    std::weak_ptr<ChainBase> waitingOn;
};
// endregion: chain-base

/// Sets a chain's running flag for as long as it lives.
class Running {
public:
    explicit Running(ChainBase& chain) : chain_{chain}
    {
        chain_.running = true;
    }
    ~Running() { chain_.running = false; }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;

private:
    ChainBase& chain_;
};

} // namespace detail

// region: chain
/// The shared state behind every handle on one Deferred<T>.
template <typename T>
struct Deferred<T>::Chain final : detail::ChainBase {
    /// What a chain holds once fired: a value or a failure.
    using Result = std::variant<Value, Failure>;

    /// One addCallbacks(): a function for each side (empty: pass it on).
    /// Or, as the last step of a chain whose result goes to another, the
    /// chain that takes it and how to give it over.
    struct Step {
        std::function<Next(Value)> callback;
        std::function<Next(Failure)> errback;
        std::shared_ptr<ChainBase> taker;
        std::function<void(Result)> handOver;
    };

    Chain() = default;
    explicit Chain(Canceller c) : canceller{std::move(c)} {}
    ~Chain() override;

    void add(Step step);
    void fire(Result fired);
    std::shared_ptr<ChainBase> runSteps() override;
    void settle(Next next);
    void waitFor(const std::shared_ptr<Chain>& inner);
    void resume(Next next);
    void cancel() override;

    /// Empty while there is none: before it fires, while it waits, while
    /// a callback runs, and once the result has been handed over.
    std::optional<Result> result;
    std::deque<Step> steps;
    Canceller canceller;
    bool suppressAlreadyCalled = false;
};
// endregion: chain

// region: destructor
template <typename T>
Deferred<T>::Chain::~Chain()
{
    // What this chain hands its result to is freed after it, in a loop.
    for (Step& step : steps) {
        if (step.taker) {
            release(std::move(step.taker));
        }
    }
    if (result && result->index() == 1) {
        reportUnhandled(std::get<1>(*result));
    }
}
// endregion: destructor

// region: add
template <typename T>
void Deferred<T>::Chain::add(Step step)
{
    if (passedOn) {
        throw std::logic_error{
            "Deferred: its result was handed to another Deferred; add "
            "callbacks to that one"};
    }
    passedOn = static_cast<bool>(step.taker);
    steps.push_back(std::move(step));
    // Fired already: the step runs now. Added by a running callback: the
    // loop up the stack runs it when that callback has returned.
    if (called && !waiting && !running) {
        runCallbacks();
    }
}
// endregion: add

// region: fire
template <typename T>
void Deferred<T>::Chain::fire(Result fired)
{
    if (called) {
        if (suppressAlreadyCalled) {
            suppressAlreadyCalled = false; // the one late call after cancel()
            return;
        }
        throw AlreadyCalledError{};
    }
    called = true;
    canceller = nullptr; // never needed again; it may hold the producer
    result = std::move(fired);
    runCallbacks();
}
// endregion: fire

// region: run-steps
template <typename T>
std::shared_ptr<detail::ChainBase> Deferred<T>::Chain::runSteps()
{
    if (!called || waiting || running) {
        return nullptr;
    }
    const detail::Running flag{*this};
    while (!steps.empty()) {
        Step step = std::move(steps.front());
        steps.pop_front();
        Result current = std::move(*result);
        result.reset();
        if (step.taker) {
            // The last step: the result goes to the chain waiting for it,
            // which the loop runs next (this one has nothing left to do).
            step.handOver(std::move(current));
            return std::move(step.taker);
        }
        if (current.index() == 0) {
            settle(step.callback
                       ? step.callback(std::get<0>(std::move(current)))
                       : Next{std::in_place_index<0>,
                              std::get<0>(std::move(current))});
        } else {
            settle(step.errback ? step.errback(std::get<1>(std::move(current)))
                                : Next{std::in_place_index<1>,
                                       std::get<1>(std::move(current))});
        }
        if (waiting) {
            return nullptr; // the rest runs when the awaited chain fires
        }
    }
    return nullptr;
}
// endregion: run-steps

template <typename T>
void Deferred<T>::Chain::settle(Next next)
{
    if (next.index() == 2) {
        waitFor(std::get<2>(next).chain_);
    } else if (next.index() == 1) {
        result.emplace(std::in_place_index<1>, std::get<1>(std::move(next)));
    } else {
        result.emplace(std::in_place_index<0>, std::get<0>(std::move(next)));
    }
}

// region: wait-for
template <typename T>
void Deferred<T>::Chain::waitFor(const std::shared_ptr<Chain>& inner)
{
    if (inner.get() == this) {
        result.emplace(std::in_place_index<1>,
                       std::logic_error{"a callback returned the Deferred "
                                        "it was added to"});
        return;
    }
    if (inner->passedOn) {
        result.emplace(std::in_place_index<1>,
                       std::logic_error{"a callback returned a Deferred "
                                        "whose result went elsewhere"});
        return;
    }
    inner->passedOn = true;
    if (inner->called && !inner->waiting && !inner->running) {
        // It has its result: take it, and go on in this same loop.
        result = std::move(inner->result);
        inner->result.reset();
        return;
    }
    // Wait. The inner chain's last step hands its result to this one,
    // and the loop that ran the inner chain then runs this one.
    waiting = true;
    waitingOn = inner;
    Step step;
    step.taker = shared_from_this();
    step.handOver = [outer = this](Result handed) {
        outer->resume(
            handed.index() == 0
                ? Next{std::in_place_index<0>, std::get<0>(std::move(handed))}
                : Next{std::in_place_index<1>, std::get<1>(std::move(handed))});
    };
    inner->steps.push_back(std::move(step));
}
// endregion: wait-for

template <typename T>
void Deferred<T>::Chain::resume(Next next)
{
    waiting = false;
    waitingOn.reset();
    settle(std::move(next)); // which may wait again, for another Deferred
}

// region: cancel
template <typename T>
void Deferred<T>::Chain::cancel()
{
    if (!called) {
        if (canceller) {
            // Moved out first: fire() clears the member, maybe from inside.
            const Canceller cancelIt = std::move(canceller);
            canceller = nullptr;
            Deferred self{std::static_pointer_cast<Chain>(shared_from_this())};
            cancelIt(self);
        } else {
            // Nobody to tell: the producer's callback() will come anyway,
            // and is let through once rather than throwing.
            suppressAlreadyCalled = true;
        }
        if (!called) {
            fire(Result{std::in_place_index<1>, CancelledError{}});
        }
    } else if (waiting) {
        if (const std::shared_ptr<ChainBase> inner = waitingOn.lock()) {
            inner->cancel(); // its failure comes back here
        } else {
            // What it waited for is gone, and will never fire.
            resume(Next{std::in_place_index<1>, CancelledError{}});
            runCallbacks();
        }
    }
}
// endregion: cancel
