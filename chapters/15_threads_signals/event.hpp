#pragma once
/// Event: a flag that tasks can wait for (asyncio.Event). set() wakes every
/// task waiting, and later waits return at once until clear().

#include "task.hpp"
#include "waiter_list.hpp"

#include <coroutine>
#include <cstddef>

// region: event
class Event {
public:
    class Awaiter;

    Event() = default;
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    bool isSet() const noexcept { return set_; }
    /// Sets the flag and wakes every waiting task (they run after this
    /// returns). Setting it again does nothing.
    void set();
    /// Clears the flag: the next wait() suspends. Tasks already woken by
    /// set() still return.
    void clear() noexcept { set_ = false; }
    /// co_await event.wait(): returns at once if the flag is set, or when
    /// set() is called. Cancellable.
    [[nodiscard]] Awaiter wait();
    /// How many tasks wait.
    std::size_t waiting() const noexcept { return waiters_.size(); }

private:
    WaiterList waiters_;
    bool set_ = false;
};

class [[nodiscard]] Event::Awaiter : public Waiter {
public:
    explicit Awaiter(Event& event) : event_{event} {}

    bool await_ready() const noexcept { return event_.set_; }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(event_.waiters_, task);
    }
    void await_resume() { arrived(); }

private:
    Event& event_;
};
// endregion: event

inline Event::Awaiter Event::wait()
{
    return Awaiter{*this};
}
