#pragma once
/// Threads for work that blocks: a name lookup, a slow file, a library
/// with no non-blocking form. The loop hands such work to the pool and
/// carries on; the worker's result comes back to the loop through
/// Reactor::callFromThread. Twisted's reactor owns one such pool (started
/// with the reactor, stopped at its shutdown); asyncio's loop has its
/// default executor. The pool knows nothing of the reactor: it runs jobs.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

// region: thread-pool
class ThreadPool {
public:
    /// A job's number, to cancel it by while it waits.
    using JobId = std::uint64_t;

    /// A pool of `threads` workers, none started yet.
    explicit ThreadPool(std::size_t threads = 4);
    /// Stops the pool (see stop()).
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /// Starts the workers; nothing if they run already.
    void start();
    /// Lets running jobs finish, cancels the ones still waiting (each one's
    /// `onCancel` runs, on this thread) and joins every worker.
    void stop();
    bool started() const { return !workers_.empty(); }
    std::size_t size() const { return size_; }

    /// Queues `job` to run on a worker (queued before start(), it waits
    /// for it). `onCancel` runs instead of it if it is cancelled first.
    JobId submit(std::function<void()> job, std::function<void()> onCancel);
    /// Takes job `id` off the queue and runs its onCancel; false when it
    /// is no longer waiting (running, or done).
    bool cancel(JobId id);
    /// Jobs waiting for a worker.
    std::size_t queued() const;

private:
    struct Job {
        JobId id = 0;
        std::function<void()> work;
        std::function<void()> onCancel;
    };
    void work();

    std::size_t size_;
    mutable std::mutex mutex_;
    std::condition_variable wanted_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    JobId nextId_ = 1;
    std::vector<std::thread> workers_;
};
// endregion: thread-pool
