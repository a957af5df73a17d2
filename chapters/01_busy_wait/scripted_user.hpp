#pragma once
/// The person at the screen, simulated: a script of clicks at human speed.

#include "clock.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// One click in the script: on which button, and when.
struct Click {
    std::string label;
    Duration at; ///< counted from when the clock was made
};

/// A person's clicks: one on each of `labels` in turn, `interval` apart on
/// average. A person is no metronome, so each gap is the interval give or
/// take a quarter, the same irregular pattern on every run.
std::vector<Click> humanClicks(const std::vector<std::string>& labels,
                               Duration interval);

/// A user who clicks buttons from a script. The buttons ask the user
/// whether they were clicked, the way a real button's state comes from the
/// mouse and the window system.
class ScriptedUser {
public:
    /// `script` is in time order.
    ScriptedUser(Clock& clock, std::vector<Click> script);

    /// When the button `label` was clicked, if its click has landed and
    /// nobody took it yet. Clicks are taken in the order of the script: a
    /// person clicks one thing at a time.
    std::optional<Duration> takeClick(std::string_view label);

    /// Every click in the script has been taken.
    bool finished() const { return next_ == script_.size(); }

    const std::vector<Click>& script() const { return script_; }

private:
    Clock& clock_;
    std::vector<Click> script_;
    std::size_t next_ = 0;
};
