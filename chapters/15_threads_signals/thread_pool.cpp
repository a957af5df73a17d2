#include "thread_pool.hpp"

#include <utility>

ThreadPool::ThreadPool(std::size_t threads) : size_{threads == 0 ? 1 : threads}
{
}

ThreadPool::~ThreadPool()
{
    stop();
}

void ThreadPool::start()
{
    if (started()) {
        return;
    }
    {
        const std::lock_guard lock{mutex_};
        stopping_ = false;
    }
    for (std::size_t i = 0; i < size_; ++i) {
        workers_.emplace_back([this] { work(); });
    }
}

// region: stop
void ThreadPool::stop()
{
    std::deque<Job> unrun;
    {
        const std::lock_guard lock{mutex_};
        stopping_ = true;
        unrun.swap(queue_);
    }
    wanted_.notify_all();
    for (std::thread& worker : workers_) {
        worker.join(); // each finishes the job in its hands first
    }
    workers_.clear();
    for (Job& job : unrun) {
        if (job.onCancel) {
            job.onCancel();
        }
    }
}
// endregion: stop

ThreadPool::JobId ThreadPool::submit(std::function<void()> job,
                                     std::function<void()> onCancel)
{
    JobId id = 0;
    {
        const std::lock_guard lock{mutex_};
        id = nextId_++;
        queue_.push_back(Job{id, std::move(job), std::move(onCancel)});
    }
    wanted_.notify_one();
    return id;
}

bool ThreadPool::cancel(JobId id)
{
    Job cancelled;
    {
        const std::lock_guard lock{mutex_};
        auto found = queue_.begin();
        while (found != queue_.end() && found->id != id) {
            ++found;
        }
        if (found == queue_.end()) {
            return false;
        }
        cancelled = std::move(*found);
        queue_.erase(found);
    }
    if (cancelled.onCancel) {
        cancelled.onCancel(); // outside the lock: it may submit again
    }
    return true;
}

std::size_t ThreadPool::queued() const
{
    const std::lock_guard lock{mutex_};
    return queue_.size();
}

// region: work
void ThreadPool::work()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock{mutex_};
            wanted_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return; // what still waits is stop()'s to cancel
            }
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job.work(); // unlocked: the point of a pool is jobs side by side
    }
}
// endregion: work
