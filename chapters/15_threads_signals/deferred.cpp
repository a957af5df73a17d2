#include "deferred.hpp"

#include <cstdio>
#include <vector>

CallbackRunner& unhandledErrors()
{
    static CallbackRunner runner;
    return runner;
}

namespace detail {

// region: run-callbacks
void ChainBase::runCallbacks()
{
    if (!called || waiting || running) {
        return; // nothing to run yet, or a loop up the stack runs it
    }
    // One loop for a whole line of Deferreds. When a chain hands its
    // result to the one waiting for it, that one goes on here, after it,
    // not in a call nested inside it: the stack is as deep for a line of
    // 10,000 Deferreds as for one.
    std::shared_ptr<ChainBase> current = shared_from_this();
    while (current) {
        current = current->runSteps();
    }
}
// endregion: run-callbacks

// region: release
void ChainBase::release(std::shared_ptr<ChainBase> chain)
{
    // The chains that running destructors let go of, to be freed here.
    thread_local std::vector<std::shared_ptr<ChainBase>> doomed;
    thread_local bool releasing = false;
    doomed.push_back(std::move(chain));
    if (releasing) {
        return; // the loop further up the stack frees it
    }
    releasing = true;
    while (!doomed.empty()) {
        const std::shared_ptr<ChainBase> last = std::move(doomed.back());
        doomed.pop_back();
        // `last` goes here, maybe with its chain, whose destructor only
        // adds what it held to `doomed`.
    }
    releasing = false;
}
// endregion: release

void ChainBase::reportUnhandled(const Failure& failure) noexcept
{
    try {
        unhandledErrors().run("Deferred", [&failure] { failure.raise(); });
    } catch (...) {
        // Out of memory while reporting, from a destructor: say so, and
        // say no more.
        std::fputs("Unhandled error in Deferred (not described: out of "
                   "memory)\n",
                   stderr);
    }
}

} // namespace detail
