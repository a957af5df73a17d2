#pragma once
/// deferToThread: blocking work, run in the reactor's thread pool, its
/// result delivered on the loop thread as a Deferred (Twisted's name).
/// A coroutine awaits it like any Deferred: `co_await deferToThread(...)`.

#include "deferred.hpp"
#include "failure.hpp"
#include "reactor.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

// region: defer-to-thread
/// Runs `work()` on a worker of reactor.getThreadPool(); the Deferred fires
/// on the loop thread with what it returned, or fails with what it threw.
/// cancel() before a worker has taken it: the work never runs, and the
/// Deferred fails with CancelledError. Once it runs it runs to its end (a
/// thread cannot be stopped safely), and its result is dropped.
template <typename F>
auto deferToThread(Reactor& reactor, F work)
    -> Deferred<std::invoke_result_t<F&>>
{
    using T = std::invoke_result_t<F&>;
    ThreadPool& pool = reactor.getThreadPool();
    auto job = std::make_shared<ThreadPool::JobId>(0);
    Deferred<T> result{[&pool, job](Deferred<T>&) { pool.cancel(*job); }};
    reactor.expectFromThread();
    // Delivered on the loop thread; a Deferred cancelled meanwhile has its
    // answer already, and takes no other.
    auto deliver = [&reactor, result](auto fire) mutable {
        reactor.receivedFromThread();
        if (!result.called()) {
            fire(result);
        }
    };
    *job = pool.submit(
        [&reactor, work = std::move(work), deliver]() mutable {
            try {
                if constexpr (std::is_void_v<T>) {
                    work();
                    reactor.callFromThread([deliver]() mutable {
                        deliver([](Deferred<T>& d) { d.callback(); });
                    });
                } else {
                    auto value = std::make_shared<T>(work());
                    reactor.callFromThread([deliver, value]() mutable {
                        deliver([&value](Deferred<T>& d) {
                            d.callback(std::move(*value));
                        });
                    });
                }
            } catch (...) {
                reactor.callFromThread(
                    [deliver, error = std::current_exception()]() mutable {
                        deliver([&error](Deferred<T>& d) {
                            d.errback(Failure{error});
                        });
                    });
            }
        },
        // Cancelled while it waited (or the pool stopped first): the
        // Deferred's cancel() fails it; a stop fails it here.
        [deliver]() mutable {
            deliver([](Deferred<T>& d) { d.errback(Failure{CancelledError{}}); });
        });
    return result;
}
// endregion: defer-to-thread
