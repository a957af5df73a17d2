#pragma once
/// A button on a simulated screen.

#include "clock.hpp"
#include "scripted_user.hpp"

#include <functional>
#include <string>

// region: button
/// A button: a label, a handler for presses, and pressed(), which looks
/// at the button once. Nothing tells the program that a button was
/// clicked: the program has to keep looking.
class Button {
public:
    Button(std::string label, ScriptedUser& user);

    const std::string& label() const { return label_; }

    /// Sets what a press does: the handler (Twisted would say callback).
    void onPress(std::function<void()> handler);

    /// One poll: was the button clicked since the last look?
    bool pressed();

    /// When the click that pressed() last reported happened.
    Duration clickedAt() const { return clickedAt_; }

    /// Runs the handler set by onPress().
    void runHandler();

private:
    std::string label_;
    ScriptedUser& user_;
    std::function<void()> handler_;
    Duration clickedAt_{};
};
// endregion: button
