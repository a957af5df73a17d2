#include "scripted_user.hpp"

#include <chrono>
#include <cmath>
#include <utility>

std::vector<Click> humanClicks(const std::vector<std::string>& labels,
                               Duration interval)
{
    // Multiples of the golden ratio, modulo 1: spread evenly, never in
    // step with the loop's sleep, and the same on every run.
    constexpr double goldenRatio = 0.6180339887498949;
    const std::chrono::duration<double, Duration::period> mean{interval};
    std::vector<Click> clicks;
    Duration at{};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double wobble =
            std::fmod(static_cast<double>(i + 1) * goldenRatio, 1.0) - 0.5;
        at += std::chrono::round<Duration>(mean * (1 + wobble / 2));
        clicks.push_back({labels[i], at});
    }
    return clicks;
}

ScriptedUser::ScriptedUser(Clock& clock, std::vector<Click> script)
    : clock_{clock}, script_{std::move(script)}
{
}

// region: takeClick
std::optional<Duration> ScriptedUser::takeClick(std::string_view label)
{
    if (finished()) {
        return std::nullopt;
    }
    const Click& click = script_[next_];
    if (click.label != label || click.at > clock_.now()) {
        return std::nullopt; // not this button, or not yet
    }
    ++next_;
    return click.at;
}
// endregion: takeClick
