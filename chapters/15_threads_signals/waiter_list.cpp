#include "waiter_list.hpp"

#include "trampoline.hpp"

Waiter::~Waiter()
{
    if (line_ != nullptr) {
        line_->remove(*this);
    }
}

void Waiter::cancel()
{
    if (line_ != nullptr) {
        line_->remove(*this);
    }
    suspension_.resumeCancelled();
}

WaiterList::~WaiterList()
{
    for (Waiter* waiter = first_; waiter != nullptr; waiter = waiter->next_) {
        waiter->line_ = nullptr; // its destructor must not come back here
    }
}

// region: wake
void WaiterList::wakeFirst()
{
    Waiter* waiter = first_;
    if (waiter == nullptr) {
        return;
    }
    remove(*waiter);
    waiter->woken_ = true;
    waiter->suspension_.resume(); // may run the task, which may end it
}

void WaiterList::wakeAll()
{
    // Every task runs after the loop: none of them runs inside it, where
    // it could join the line again and be woken twice.
    const Trampoline::Hold hold;
    while (!empty()) {
        wakeFirst();
    }
}
// endregion: wake

void WaiterList::append(Waiter& waiter) noexcept
{
    waiter.line_ = this;
    waiter.previous_ = last_;
    waiter.next_ = nullptr;
    if (last_ != nullptr) {
        last_->next_ = &waiter;
    } else {
        first_ = &waiter;
    }
    last_ = &waiter;
    ++size_;
}

void WaiterList::remove(Waiter& waiter) noexcept
{
    if (waiter.previous_ != nullptr) {
        waiter.previous_->next_ = waiter.next_;
    } else {
        first_ = waiter.next_;
    }
    if (waiter.next_ != nullptr) {
        waiter.next_->previous_ = waiter.previous_;
    } else {
        last_ = waiter.previous_;
    }
    waiter.line_ = nullptr;
    waiter.previous_ = nullptr;
    waiter.next_ = nullptr;
    --size_;
}
