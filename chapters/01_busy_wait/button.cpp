#include "button.hpp"

#include <utility>

Button::Button(std::string label, ScriptedUser& user)
    : label_{std::move(label)}, user_{user}
{
}

void Button::onPress(std::function<void()> handler)
{
    handler_ = std::move(handler);
}

// region: pressed
bool Button::pressed()
{
    // The user stands in for the mouse and the window system.
    const auto click = user_.takeClick(label_);
    if (!click) {
        return false;
    }
    clickedAt_ = *click;
    return true;
}
// endregion: pressed

void Button::runHandler()
{
    if (handler_) {
        handler_();
    }
}
