#include "descriptor_wait.hpp"

// region: watcher
// What the reactor calls: it hands the event to the awaiter, if the
// awaiter is still there.
class DescriptorWait::Watcher : public Selectable {
public:
    Watcher(DescriptorWait& wait, int fd) : wait_{&wait}, fd_{fd} {}
    int fileno() const override { return fd_; }
    void doRead() override { wake(); }
    void doWrite() override { wake(); }
    void forget() { wait_ = nullptr; }

private:
    void wake()
    {
        if (wait_ != nullptr) {
            std::exchange(wait_, nullptr)->ready();
        }
    }

    DescriptorWait* wait_;
    int fd_;
};
// endregion: watcher

DescriptorWait::~DescriptorWait()
{
    unwatch();
}

// region: watch
void DescriptorWait::watch()
{
    watcher_ = std::make_shared<Watcher>(*this, fd_);
    if (what_ == For::reading) {
        reactor_.addReader(watcher_);
    } else {
        reactor_.addWriter(watcher_);
    }
}

void DescriptorWait::unwatch()
{
    if (!watcher_) {
        return;
    }
    watcher_->forget();
    // Removing is a no-op for a selectable that is not registered, and
    // the poller's remove is not expected to fail for one that is.
    if (what_ == For::reading) {
        reactor_.removeReader(*watcher_);
    } else {
        reactor_.removeWriter(*watcher_);
    }
    watcher_.reset();
}

void DescriptorWait::ready()
{
    unwatch(); // one wake-up: the next wait registers again
    suspension_.resume();
}

void DescriptorWait::cancel()
{
    unwatch();
    suspension_.resumeCancelled();
}
// endregion: watch
