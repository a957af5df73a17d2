#pragma once
/// Waiting for several Deferreds at once. A DeferredList fires when all
/// of them have, with every outcome in order, each marked a success or a
/// failure; gatherResults fires with the results alone, in order, or fails
/// at the first failure.

#include "deferred.hpp"
#include "failure.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

// region: outcome
/// What one Deferred of a DeferredList came to: Twisted's (success,
/// result) pair, with the failure apart from the result.
template <typename T>
struct Outcome {
    bool success = false;
    /// The result, when success (nothing to hold for a Deferred<void>).
    std::optional<detail::Value<T>> result;
    /// The failure, when not success.
    std::optional<Failure> failure;
};
// endregion: outcome

// region: first-error
/// Why a gatherResults failed: the first of its Deferreds to fail, and
/// its place in the list. "FirstError[#1, std::runtime_error: refused]".
class FirstError : public std::runtime_error {
public:
    FirstError(Failure subFailure, std::size_t index);

    Failure subFailure;
    std::size_t index;
};
// endregion: first-error

// region: options
struct DeferredListOptions {
    /// Fail with FirstError at the first failure, without waiting for
    /// the others (what gatherResults does).
    bool fireOnOneErrback = false;
    /// Take each Deferred's result instead of passing it on: its failure
    /// then ends in the list, and is not reported again as unhandled by
    /// the Deferred it came from, which takes no more callbacks. (Twisted
    /// turns the failure into None; a Deferred<T> has no None to give.)
    bool consumeErrors = false;
};
// endregion: options

// region: deferred-list
/// A Deferred of the outcomes of `deferreds`, in their order, whatever
/// order they arrive in. Cancelling it cancels those not fired yet.
template <typename T>
class DeferredList : public Deferred<std::vector<Outcome<T>>> {
public:
    explicit DeferredList(std::vector<Deferred<T>> deferreds,
                          DeferredListOptions options = {false, false});

private:
    using Base = Deferred<std::vector<Outcome<T>>>;
    struct State;
    static typename Base::Canceller
    cancelAll(const std::vector<Deferred<T>>& deferreds);
    static void watch(Deferred<T>& deferred, std::shared_ptr<State> state,
                      std::size_t index);
};
// endregion: deferred-list

template <typename T>
struct DeferredList<T>::State {
    Base list;
    DeferredListOptions options;
    std::vector<Outcome<T>> outcomes;
    std::size_t finished = 0;

    // region: record
    void record(std::size_t index, Outcome<T> outcome)
    {
        ++finished;
        const bool failed = !outcome.success;
        outcomes[index] = std::move(outcome);
        if (list.called()) {
            return; // it failed already, at an earlier failure
        }
        if (failed && options.fireOnOneErrback) {
            list.errback(FirstError{*outcomes[index].failure, index});
        } else if (finished == outcomes.size()) {
            list.callback(std::move(outcomes));
        }
    }
    // endregion: record
};

template <typename T>
DeferredList<T>::DeferredList(std::vector<Deferred<T>> deferreds,
                              DeferredListOptions options)
    : Base{cancelAll(deferreds)}
{
    if (deferreds.empty()) {
        this->callback({});
        return;
    }
    // The Deferreds' callbacks hold the state, and through it the list.
    auto state = std::make_shared<State>(
        State{*this, options, std::vector<Outcome<T>>(deferreds.size()), 0});
    for (std::size_t index = 0; index < deferreds.size(); ++index) {
        watch(deferreds[index], state, index);
    }
}

template <typename T>
typename DeferredList<T>::Base::Canceller
DeferredList<T>::cancelAll(const std::vector<Deferred<T>>& deferreds)
{
    // Weak: the list should not keep alive what nobody can fire any more.
    std::vector<std::weak_ptr<detail::ChainBase>> chains;
    for (const Deferred<T>& deferred : deferreds) {
        chains.push_back(deferred.chain_);
    }
    return [chains](Base&) {
        for (const std::weak_ptr<detail::ChainBase>& weak : chains) {
            if (const std::shared_ptr<detail::ChainBase> chain = weak.lock()) {
                // A canceller that throws is reported, and the others
                // are still cancelled.
                unhandledErrors().run("a canceller",
                                      [&chain] { chain->cancel(); });
            }
        }
    };
}

// region: watch
template <typename T>
void DeferredList<T>::watch(Deferred<T>& deferred, std::shared_ptr<State> state,
                            std::size_t index)
{
    auto failed = [state, index](Failure failure) {
        state->record(index, Outcome<T>{false, std::nullopt, failure});
        return failure; // on down the Deferred's own chain
    };
    if (state->options.consumeErrors) {
        // then(): the result is handed over, and the errback of the
        // Deferred<void> that then() gives ends the failure there.
        Deferred<void> taken;
        if constexpr (std::is_void_v<T>) {
            taken = deferred.then([state, index] {
                state->record(index, Outcome<T>{true, std::monostate{}, {}});
            });
        } else {
            taken = deferred.then([state, index](T value) {
                state->record(index, Outcome<T>{true, std::move(value), {}});
            });
        }
        taken.addErrback(
            [failed](Failure failure) { failed(std::move(failure)); });
    } else if constexpr (std::is_void_v<T>) {
        deferred.addCallbacks(
            [state, index] {
                state->record(index, Outcome<T>{true, std::monostate{}, {}});
            },
            failed);
    } else {
        deferred.addCallbacks(
            [state, index](T value) {
                state->record(index, Outcome<T>{true, value, {}});
                return value; // a copy for the list, this on down the chain
            },
            failed);
    }
}
// endregion: watch

// region: gather-results
/// A Deferred of the results of `deferreds`, in their order; it fails with
/// FirstError as soon as one of them fails. Cancelling it cancels them.
/// consumeErrors: as DeferredListOptions says.
template <typename T>
auto gatherResults(std::vector<Deferred<T>> deferreds,
                   bool consumeErrors = false)
{
    DeferredList<T> list{std::move(deferreds),
                         DeferredListOptions{true, consumeErrors}};
    if constexpr (std::is_void_v<T>) {
        return list.then([](const std::vector<Outcome<T>>&) {});
    } else {
        return list.then([](std::vector<Outcome<T>> outcomes) {
            std::vector<T> results;
            results.reserve(outcomes.size());
            for (Outcome<T>& outcome : outcomes) {
                results.push_back(std::move(*outcome.result));
            }
            return results;
        });
    }
}
// endregion: gather-results
