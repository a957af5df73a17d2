#include "trampoline.hpp"

#include <algorithm>
#include <deque>

namespace {

// One loop per thread: a reactor and its coroutines live on one thread.
struct Loop {
    std::deque<std::coroutine_handle<>> ready;
    bool running = false;
};

thread_local Loop loop;

} // namespace

// region: trampoline-run
void Trampoline::resume(std::coroutine_handle<> next)
{
    loop.ready.push_back(next);
    if (loop.running) {
        return; // the loop below us resumes it once the current one yields
    }
    const Hold hold; // the loop: runs `next`, and what it hands on
}

Trampoline::Hold::Hold() noexcept : outermost_{!loop.running}
{
    loop.running = true;
}

Trampoline::Hold::~Hold()
{
    if (!outermost_) {
        return;
    }
    while (!loop.ready.empty()) {
        const std::coroutine_handle<> coroutine = loop.ready.front();
        loop.ready.pop_front();
        // Runs until the coroutine suspends or ends; what it hands on
        // (transferTo) is at the front of the queue when it returns.
        coroutine.resume();
    }
    loop.running = false;
}

std::coroutine_handle<> Trampoline::transferTo(std::coroutine_handle<> next)
{
    if (!loop.running) {
        // Something outside the loop resumed the coroutine that hands on
        // (a foreign awaitable): the compiler's symmetric transfer, then.
        return next;
    }
    loop.ready.push_front(next);
    return std::noop_coroutine(); // back to the loop, which resumes `next`
}
// endregion: trampoline-run

void Trampoline::forget(std::coroutine_handle<> gone) noexcept
{
    std::erase(loop.ready, gone);
}

bool Trampoline::running() noexcept
{
    return loop.running;
}
