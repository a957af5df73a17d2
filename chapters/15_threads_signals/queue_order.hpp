#pragma once
/// The order a queue hands its items out in: first in first out (Queue),
/// last in first out (LifoQueue), smallest first (PriorityQueue). Each keeps
/// the items and gives them out; the queue does the waiting.

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

// region: queue-order
/// First in, first out.
template <typename T>
class FifoOrder {
public:
    bool empty() const noexcept { return items_.empty(); }
    std::size_t size() const noexcept { return items_.size(); }
    void push(T item) { items_.push_back(std::move(item)); }
    T take()
    {
        T item = std::move(items_.front());
        items_.pop_front();
        return item;
    }
    /// An item taken and never delivered goes back where it came from.
    void giveBack(T item) { items_.push_front(std::move(item)); }

private:
    std::deque<T> items_;
};

/// Last in, first out: a stack.
template <typename T>
class LifoOrder {
public:
    bool empty() const noexcept { return items_.empty(); }
    std::size_t size() const noexcept { return items_.size(); }
    void push(T item) { items_.push_back(std::move(item)); }
    T take()
    {
        T item = std::move(items_.back());
        items_.pop_back();
        return item;
    }
    void giveBack(T item) { push(std::move(item)); }

private:
    std::vector<T> items_;
};

/// Smallest first by `Less` (asyncio's PriorityQueue: lowest first), a
/// binary heap: push and take cost log n.
template <typename T, typename Less = std::less<T>>
class PriorityOrder {
public:
    bool empty() const noexcept { return items_.empty(); }
    std::size_t size() const noexcept { return items_.size(); }
    void push(T item)
    {
        items_.push_back(std::move(item));
        std::push_heap(items_.begin(), items_.end(), greater());
    }
    T take()
    {
        std::pop_heap(items_.begin(), items_.end(), greater());
        T item = std::move(items_.back());
        items_.pop_back();
        return item;
    }
    void giveBack(T item) { push(std::move(item)); }

private:
    // The standard heap keeps the greatest on top: with the order turned
    // round, the smallest is.
    auto greater() const
    {
        return [this](const T& a, const T& b) { return less_(b, a); };
    }

    std::vector<T> items_;
    Less less_;
};
// endregion: queue-order
