#pragma once
/// Where coroutines are resumed. The standard's symmetric transfer lets
/// await_suspend return the coroutine to run next, and the compiler is
/// meant to jump to it (a tail call) so that the stack does not grow. Clang
/// does; GCC 12 does only when it optimises, and not under AddressSanitizer,
/// where a chain of 100,000 awaits overflows the stack. So the jump is made
/// here, by a loop at the bottom of the stack: a coroutine names the one to
/// run next and returns, and the loop resumes it. The same loop makes the
/// rule of this chapter's tasks: one coroutine runs at a time, and a
/// coroutine woken while another runs (by a cancel, by a Deferred it
/// fires) waits until that one has suspended, never runs inside it.

#include <coroutine>

// region: trampoline
class Trampoline {
public:
    /// Resumes `next` now if no coroutine is running on this thread, and
    /// with it every coroutine it hands on to; otherwise queues it, to run
    /// once the running ones have suspended (first in, first out).
    static void resume(std::coroutine_handle<> next);
    /// For await_suspend and final_suspend, which return what this
    /// returns: `next` runs as soon as the coroutine calling this has
    /// suspended, before the queued ones. This is symmetric transfer, done
    /// by the loop instead of a tail call; outside the loop (a coroutine
    /// resumed by foreign code) it is left to the compiler's tail call.
    [[nodiscard]] static std::coroutine_handle<>
    transferTo(std::coroutine_handle<> next);
    /// A coroutine frame is being destroyed: drop its queued resumption,
    /// so that the loop never resumes a frame that is gone.
    static void forget(std::coroutine_handle<> gone) noexcept;
    /// A coroutine is running under the loop on this thread.
    static bool running() noexcept;

    /// Holds the loop while plain code wakes coroutines (a cancel that
    /// spreads to several tasks): they run when the outermost Hold ends,
    /// one after the other, and not inside the code that woke them.
    class Hold {
    public:
        Hold() noexcept;
        ~Hold();
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        bool outermost_;
    };
};
// endregion: trampoline
