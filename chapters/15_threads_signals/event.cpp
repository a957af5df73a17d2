#include "event.hpp"

void Event::set()
{
    if (set_) {
        return;
    }
    set_ = true;
    waiters_.wakeAll();
}
