#include "mainloop.hpp"

Mainloop::Mainloop(Clock& clock, ScriptedUser& user, Duration sleep)
    : clock_{clock}, user_{user}, sleep_{sleep}
{
}

void Mainloop::addButton(Button& button)
{
    buttons_.push_back(&button);
}

// region: mainloop
void Mainloop::run()
{
    const Duration start = clock_.now();
    while (!user_.finished()) {
        for (Button* button : buttons_) {
            ++polls_;
            if (button->pressed()) {
                reactions_.push_back(
                    {button->label(), button->clickedAt(), clock_.now()});
                button->runHandler();
                ++handled_;
            }
        }
        ++rounds_;
        // NOTE: a guess at how long nothing will happen; 02_select lets
        // the OS wake us when something does.
        if (sleep_ > Duration::zero()) {
            clock_.sleepFor(sleep_);
        }
    }
    wall_ = clock_.now() - start;
}
// endregion: mainloop

LoopStats Mainloop::stats() const
{
    return {polls_.load(), rounds_, wall_, reactions_};
}
