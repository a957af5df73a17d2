#pragma once
/// A result that is not there yet (Twisted's Deferred): whoever will have
/// the result gives out a Deferred now and fires it later, with callback()
/// or errback(); whoever wants the result adds callbacks and errbacks to
/// it, which run in order, each one's result feeding the next.
///
/// Types. In Twisted the chain is untyped: any callback may return
/// anything. Here a Deferred<T> carries a T from end to end: its callbacks
/// take a T and give back a T (or a Failure, or a Deferred<T> to wait
/// for), so that every handle on the chain keeps the right type whatever
/// was added to it, and a mistake is a compile error, not a surprise at
/// run time. To go from a T to another type, then(f) gives a new
/// Deferred<U>, which the first one hands its result to.
///
/// Ownership. A Deferred is a cheap handle on a shared chain: copies share
/// it, so a callback can capture the Deferred it belongs to. The chain
/// lives while a handle, or a Deferred waiting for its result, refers to
/// it. A callback that captures its own Deferred holds the chain until it
/// has run (it is dropped then); a Deferred that never fires keeps such a
/// callback, and itself, forever: fire it or cancel() it.
///
/// Not thread-safe: a Deferred is fired and used on the reactor's thread.

#include "callback_runner.hpp"
#include "failure.hpp"

#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

// region: errors
/// callback() or errback() on a Deferred that has fired already.
class AlreadyCalledError : public std::logic_error {
public:
    AlreadyCalledError()
        : std::logic_error{"the Deferred has already been called"}
    {
    }
};

// endregion: errors

// region: unhandled-errors
/// Where a Deferred destroyed with a failure that no errback handled
/// reports it: "Unhandled error in Deferred: " and the failure, on
/// standard error, unless a program or a test gives this runner another
/// handler (setExceptionHandler). One for the program, as Twisted's log.
CallbackRunner& unhandledErrors();
// endregion: unhandled-errors

template <typename T>
class Deferred;

namespace detail {

/// What a Deferred<T> carries: a T, or for Deferred<void> nothing at all.
template <typename T>
using Value = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

/// Deferred<X> for a callback returning X or Deferred<X>: what then() gives.
template <typename R>
struct ThenType {
    using type = std::remove_cvref_t<R>;
};
template <typename U>
struct ThenType<Deferred<U>> {
    using type = U;
};

} // namespace detail

// region: deferred-producer
template <typename T>
class Deferred {
    static_assert(!std::is_same_v<std::remove_cv_t<T>, Failure>,
                  "a Failure travels on the errback side of any Deferred");

public:
    using Value = detail::Value<T>;
    /// Called by cancel() before the Deferred has fired: stops the work
    /// that would have fired it, and may fire it (errback or callback).
    using Canceller = std::function<void(Deferred&)>;

    /// A Deferred not yet fired, whose cancel() only fails it.
    Deferred();
    /// A Deferred not yet fired, whose cancel() calls `canceller` first.
    explicit Deferred(Canceller canceller);
    /// Another handle on the same chain (never an empty one: no moves).
    Deferred(const Deferred&) = default;
    Deferred& operator=(const Deferred&) = default;
    ~Deferred() = default;

    /// Fires the callbacks with `result`. Throws AlreadyCalledError if the
    /// Deferred has fired (but after cancel() without a canceller, the
    /// one callback() or errback() still to come is let through).
    void callback(Value result) requires(!std::is_void_v<T>);
    void callback() requires std::is_void_v<T>;
    /// Fires the errbacks with `failure`. Throws as callback().
    void errback(Failure failure);
    // endregion: deferred-producer

    // region: deferred-consumer
    /// Adds f, called with the result. It returns the next result, or a
    /// Failure, or a Deferred<T> to wait for; what it throws is a Failure.
    /// A Deferred<void>'s callbacks take nothing and return void.
    template <typename F>
    Deferred& addCallback(F f);
    /// Adds g, called with the failure: it returns a result (the chain
    /// goes back to its callbacks), a Failure, or a Deferred<T>, or
    /// throws (failure.trap<E>() throws what it does not trap).
    template <typename G>
    Deferred& addErrback(G g);
    /// Adds f for a result and g for a failure: one of them runs, and
    /// never g for what f threw (that goes to the next errback).
    template <typename F, typename G>
    Deferred& addCallbacks(F f, G g);
    /// addCallbacks(f, f): f takes a T and a Failure (a generic lambda).
    template <typename F>
    Deferred& addBoth(F f);
    /// A new Deferred<U> that fires with f(result) (U: what f returns,
    /// or X for a Deferred<X>) or with this one's failure. This Deferred
    /// hands its result over: it takes no more callbacks.
    template <typename F>
    auto then(F f);

    /// Stops waiting for the result: calls the canceller, then, unless it
    /// fired the Deferred, fails it with CancelledError. A Deferred that
    /// waits for another passes the cancel() on to that one. Nothing
    /// happens once the result has arrived.
    void cancel();
    /// callback() or errback() has been called (Twisted's d.called).
    bool called() const { return chain_->called; }
    // endregion: deferred-consumer

private:
    template <typename>
    friend class Deferred;
    template <typename>
    friend class DeferredList;
    struct Chain;
    /// A step's result: a value, a failure, or a Deferred to wait for.
    using Next = std::variant<Value, Failure, Deferred>;

    explicit Deferred(std::shared_ptr<Chain> chain) : chain_{std::move(chain)}
    {
    }
    template <typename F, typename... Args>
    static Next call(F& f, Args&&... args);
    template <typename F, typename... Args>
    static Next next(F& f, Args&&... args);
    template <typename F>
    static std::function<Next(Value)> onResult(F f);
    template <typename G>
    static std::function<Next(Failure)> onFailure(G g);

    std::shared_ptr<Chain> chain_;
};

// How the chain behind the handles runs; the definitions below use it.
#include "deferred_chain.hpp"

template <typename T>
Deferred<T>::Deferred() : chain_{std::make_shared<Chain>()}
{
}

template <typename T>
Deferred<T>::Deferred(Canceller canceller)
    : chain_{std::make_shared<Chain>(std::move(canceller))}
{
}

template <typename T>
void Deferred<T>::callback(Value result) requires(!std::is_void_v<T>)
{
    chain_->fire(
        typename Chain::Result{std::in_place_index<0>, std::move(result)});
}

template <typename T>
void Deferred<T>::callback() requires std::is_void_v<T>
{
    chain_->fire(typename Chain::Result{std::in_place_index<0>});
}

template <typename T>
void Deferred<T>::errback(Failure failure)
{
    chain_->fire(
        typename Chain::Result{std::in_place_index<1>, std::move(failure)});
}

// region: add-callbacks
template <typename T>
template <typename F, typename G>
Deferred<T>& Deferred<T>::addCallbacks(F f, G g)
{
    typename Chain::Step step;
    step.callback = onResult(std::move(f));
    step.errback = onFailure(std::move(g));
    chain_->add(std::move(step));
    return *this;
}

template <typename T>
template <typename F>
Deferred<T>& Deferred<T>::addCallback(F f)
{
    typename Chain::Step step;
    step.callback = onResult(std::move(f)); // a failure passes this step
    chain_->add(std::move(step));
    return *this;
}
// endregion: add-callbacks

template <typename T>
template <typename G>
Deferred<T>& Deferred<T>::addErrback(G g)
{
    typename Chain::Step step;
    step.errback = onFailure(std::move(g)); // a result passes this step
    chain_->add(std::move(step));
    return *this;
}

template <typename T>
template <typename F>
Deferred<T>& Deferred<T>::addBoth(F f)
{
    return addCallbacks(f, f);
}

template <typename T>
template <typename F>
std::function<typename Deferred<T>::Next(typename Deferred<T>::Value)>
Deferred<T>::onResult(F f)
{
    if constexpr (std::is_void_v<T>) {
        static_assert(std::is_invocable_v<F&>,
                      "a callback on a Deferred<void> takes no argument");
        return [f = std::move(f)](Value) mutable { return call(f); };
    } else {
        static_assert(std::is_invocable_v<F&, Value&&>,
                      "a callback on a Deferred<T> takes a T");
        return [f = std::move(f)](Value value) mutable {
            return call(f, std::move(value));
        };
    }
}

template <typename T>
template <typename G>
std::function<typename Deferred<T>::Next(Failure)> Deferred<T>::onFailure(G g)
{
    static_assert(std::is_invocable_v<G&, Failure&&>,
                  "an errback takes a Failure");
    return [g = std::move(g)](Failure failure) mutable {
        return call(g, std::move(failure));
    };
}

// region: call
template <typename T>
template <typename F, typename... Args>
typename Deferred<T>::Next Deferred<T>::call(F& f, Args&&... args)
{
    try {
        return next(f, std::forward<Args>(args)...);
    } catch (const std::bad_alloc&) {
        throw; // out of memory ends the program, here as in the reactor
    } catch (...) {
        // What a callback throws goes down the chain, to the errbacks.
        return Next{std::in_place_index<1>, std::current_exception()};
    }
}
// endregion: call

template <typename T>
template <typename F, typename... Args>
typename Deferred<T>::Next Deferred<T>::next(F& f, Args&&... args)
{
    using R = std::remove_cvref_t<std::invoke_result_t<F&, Args...>>;
    if constexpr (std::is_same_v<R, Deferred>) {
        return Next{std::in_place_index<2>,
                    std::invoke(f, std::forward<Args>(args)...)};
    } else if constexpr (std::is_same_v<R, Failure>) {
        return Next{std::in_place_index<1>,
                    std::invoke(f, std::forward<Args>(args)...)};
    } else if constexpr (std::is_void_v<T>) {
        static_assert(std::is_void_v<R>,
                      "a callback on a Deferred<void> returns void, a "
                      "Failure or a Deferred<void>");
        std::invoke(f, std::forward<Args>(args)...);
        return Next{std::in_place_index<0>};
    } else {
        static_assert(std::is_convertible_v<R, Value>,
                      "a callback on a Deferred<T> returns a T, a Failure "
                      "or a Deferred<T>; then() changes the type");
        return Next{std::in_place_index<0>,
                    std::invoke(f, std::forward<Args>(args)...)};
    }
}

// region: then
template <typename T>
template <typename F>
auto Deferred<T>::then(F f)
{
    using R = std::conditional_t<std::is_void_v<T>, std::invoke_result<F&>,
                                 std::invoke_result<F&, Value&&>>;
    using U = typename detail::ThenType<typename R::type>::type;
    static_assert(!std::is_same_v<U, Failure>,
                  "then()'s function returns the next value; to fail, throw");
    Deferred<U> next;
    // Fired already, as far as its producers go: its result comes from
    // this chain, and cancelling it cancels this one.
    next.chain_->called = true;
    next.chain_->waiting = true;
    next.chain_->waitingOn = chain_;
    typename Chain::Step step;
    step.taker = next.chain_;
    step.handOver = [target = next.chain_.get(),
                     f = std::move(f)](typename Chain::Result result) mutable {
        if (result.index() == 1) {
            target->resume(std::get<1>(std::move(result)));
        } else if constexpr (std::is_void_v<T>) {
            target->resume(Deferred<U>::call(f));
        } else {
            target->resume(
                Deferred<U>::call(f, std::get<0>(std::move(result))));
        }
    };
    chain_->add(std::move(step));
    return next;
}
// endregion: then

template <typename T>
void Deferred<T>::cancel()
{
    chain_->cancel();
}

// region: succeed-fail
/// A Deferred that has fired with `value` already.
template <typename T>
Deferred<std::remove_cvref_t<T>> succeed(T&& value)
{
    Deferred<std::remove_cvref_t<T>> deferred;
    deferred.callback(std::forward<T>(value));
    return deferred;
}

/// A Deferred<void> that has fired already.
inline Deferred<void> succeed()
{
    Deferred<void> deferred;
    deferred.callback();
    return deferred;
}

/// A Deferred<T> that has failed already with `failure`.
template <typename T = void>
Deferred<T> fail(Failure failure)
{
    Deferred<T> deferred;
    deferred.errback(std::move(failure));
    return deferred;
}
// endregion: succeed-fail
