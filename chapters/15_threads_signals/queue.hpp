#pragma once
/// Queue<T>: items passed from tasks that produce them to tasks that
/// consume them, on one loop (asyncio.Queue). Bounded if given a maxsize:
/// put() then waits while the queue is full, and get() waits while it is
/// empty, so a fast producer is held back to the pace of its consumer.
/// getNowait() and putNowait() never wait: they throw QueueEmpty and
/// QueueFull. join() waits until every item put has been marked done with
/// taskDone(). LifoQueue and PriorityQueue change only the order.
///
/// Waiting tasks are served first come first served, and an item is handed
/// straight to the getter that waited longest: a getter that is cancelled
/// while it waits takes nothing, and one whose task is destroyed after it
/// was handed an item gives the item back. Nothing is lost.

#include "event.hpp"
#include "queue_order.hpp"
#include "task.hpp"
#include "trampoline.hpp"
#include "waiter_list.hpp"

#include <coroutine>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

// region: queue-errors
/// getNowait() on an empty queue.
class QueueEmpty : public std::runtime_error {
public:
    QueueEmpty() : std::runtime_error{"Queue::getNowait(): the queue is empty"}
    {
    }
};

/// putNowait() on a full queue.
class QueueFull : public std::runtime_error {
public:
    explicit QueueFull(std::size_t maxsize)
        : std::runtime_error{"Queue::putNowait(): the queue is full (" +
                             std::to_string(maxsize) + " items)"}
    {
    }
};
// endregion: queue-errors

// region: queue
template <typename T, typename Order = FifoOrder<T>>
class BasicQueue {
public:
    using value_type = T;
    class GetAwaiter;
    class PutAwaiter;

    /// maxsize 0: no bound, put() never waits.
    explicit BasicQueue(std::size_t maxsize = 0) : maxsize_{maxsize}
    {
        finished_.set(); // nothing put, nothing to wait for
    }
    // Waiting tasks point at the queue: it stays put, and outlives them.
    BasicQueue(const BasicQueue&) = delete;
    BasicQueue& operator=(const BasicQueue&) = delete;

    std::size_t size() const noexcept { return items_.size(); }
    std::size_t maxsize() const noexcept { return maxsize_; }
    bool empty() const noexcept { return items_.empty(); }
    bool full() const noexcept
    {
        return maxsize_ > 0 && items_.size() >= maxsize_;
    }

    /// co_await queue.get(): the next item, waiting while there is none.
    [[nodiscard]] GetAwaiter get() { return GetAwaiter{*this}; }
    /// The next item now; QueueEmpty if there is none.
    T getNowait()
    {
        if (empty()) {
            throw QueueEmpty{};
        }
        return take();
    }
    /// co_await queue.put(item): adds it, waiting while the queue is full.
    /// A put cancelled while it waits adds nothing.
    [[nodiscard]] PutAwaiter put(T item)
    {
        return PutAwaiter{*this, std::move(item)};
    }
    /// Adds the item now; QueueFull if the queue is full.
    void putNowait(T item)
    {
        if (full()) {
            throw QueueFull{maxsize_};
        }
        const Trampoline::Hold hold; // a woken getter runs after this
        ++unfinished_;
        finished_.clear();
        deliver(std::move(item));
    }

    /// A consumer has finished with an item it got: when every item put
    /// is done, join() returns. std::logic_error if called more times than
    /// items were put.
    void taskDone()
    {
        if (unfinished_ == 0) {
            throw std::logic_error{
                "Queue::taskDone(): called more times than items were put"};
        }
        if (--unfinished_ == 0) {
            finished_.set();
        }
    }
    /// co_await queue.join(): returns once every item put has been marked
    /// done (at once if none is pending).
    [[nodiscard]] Event::Awaiter join() { return finished_.wait(); }
    /// Items put and not yet marked done.
    std::size_t unfinishedTasks() const noexcept { return unfinished_; }

    /// Tasks waiting in get() and in put().
    std::size_t getters() const noexcept { return getters_.size(); }
    std::size_t putters() const noexcept { return putters_.size(); }

private:
    // An item for the getter that waited longest, or for the queue.
    void deliver(T item)
    {
        if (getters_.empty()) {
            items_.push(std::move(item));
            return;
        }
        static_cast<GetAwaiter*>(getters_.first())->item_.emplace(
            std::move(item));
        getters_.wakeFirst();
    }
    // The next item; its place goes to the putter that waited longest.
    T take()
    {
        const Trampoline::Hold hold; // a woken putter runs after this
        T item = items_.take();
        if (!putters_.empty()) {
            auto* putter = static_cast<PutAwaiter*>(putters_.first());
            ++unfinished_;
            finished_.clear();
            items_.push(std::move(putter->item_));
            putter->admitted_ = true;
            putters_.wakeFirst();
        }
        return item;
    }
    // A getter's task was destroyed with the item it was handed: the item
    // goes to the next getter, or back to the head of the queue (even past
    // maxsize: it was in the queue once already).
    void giveBack(T item)
    {
        const Trampoline::Hold hold;
        if (getters_.empty()) {
            items_.giveBack(std::move(item));
        } else {
            deliver(std::move(item));
        }
    }

    Order items_;
    std::size_t maxsize_;
    std::size_t unfinished_ = 0;
    Event finished_;
    WaiterList getters_;
    WaiterList putters_;
};
// endregion: queue

// region: queue-awaiters
template <typename T, typename Order>
class [[nodiscard]] BasicQueue<T, Order>::GetAwaiter : public Waiter {
public:
    explicit GetAwaiter(BasicQueue& queue) : queue_{queue} {}
    /// Handed an item, and its task destroyed before it ran: the item goes
    /// back.
    ~GetAwaiter() override
    {
        if (wokenUnseen() && item_) {
            queue_.giveBack(std::move(*item_));
        }
    }

    bool await_ready() const noexcept { return !queue_.empty(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(queue_.getters_, task);
    }
    T await_resume()
    {
        arrived(); // CancelledError if cancelled in line (no item then)
        if (item_) {
            T item = std::move(*item_);
            item_.reset();
            return item;
        }
        return queue_.take(); // there was one at once
    }

private:
    friend class BasicQueue;
    BasicQueue& queue_;
    std::optional<T> item_;
};

template <typename T, typename Order>
class [[nodiscard]] BasicQueue<T, Order>::PutAwaiter : public Waiter {
public:
    PutAwaiter(BasicQueue& queue, T item)
        : queue_{queue}, item_{std::move(item)}
    {
    }

    bool await_ready() const noexcept { return !queue_.full(); }
    template <TaskPromiseType P>
    bool await_suspend(std::coroutine_handle<P> task)
    {
        return joinLine(queue_.putters_, task);
    }
    void await_resume()
    {
        arrived(); // CancelledError if cancelled in line: nothing added
        if (!admitted_) {
            queue_.putNowait(std::move(item_)); // there was room at once
        }
    }

private:
    friend class BasicQueue;
    BasicQueue& queue_;
    T item_;
    bool admitted_ = false;
};
// endregion: queue-awaiters

// region: queue-kinds
/// First in, first out (asyncio.Queue).
template <typename T>
using Queue = BasicQueue<T, FifoOrder<T>>;
/// Last in, first out (asyncio.LifoQueue).
template <typename T>
using LifoQueue = BasicQueue<T, LifoOrder<T>>;
/// Smallest first (asyncio.PriorityQueue); a pair (priority, item) sorts
/// by its priority first.
template <typename T, typename Less = std::less<T>>
using PriorityQueue = BasicQueue<T, PriorityOrder<T, Less>>;
// endregion: queue-kinds
