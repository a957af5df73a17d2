#pragma once
/// Calls a function every `interval` on a clock (Twisted's task.LoopingCall).
/// The calls keep to the grid start, start + interval, ...: a call that
/// comes late is followed by the next point of the grid, and the points
/// missed meanwhile are skipped, never made up in a burst.

#include "delayed_call.hpp"
#include "reactor_time.hpp"

#include <functional>
#include <string>

// region: looping-call
class LoopingCall {
public:
    /// `f` will run on `clock`; `name` names it in reports.
    LoopingCall(IReactorTime& clock, std::function<void()> f,
                std::string name = "a looping call");
    /// Stops, if running: nothing is left scheduled.
    ~LoopingCall();
    LoopingCall(const LoopingCall&) = delete;
    LoopingCall& operator=(const LoopingCall&) = delete;

    /// Calls f every `interval`, the first time now (or after one interval
    /// when `now` is false). Throws std::invalid_argument on a negative
    /// interval and std::logic_error when already running.
    void start(Duration interval, bool now = true);
    /// No more calls; nothing is left scheduled. Throws std::logic_error
    /// when not running.
    void stop();
    /// Started, and neither stopped nor failed.
    bool running() const { return running_; }
    Duration interval() const { return interval_; }

private:
    void operator()();
    void scheduleFrom(Time when);

    IReactorTime& clock_;
    std::function<void()> f_;
    std::string name_;
    Duration interval_{};
    Time started_{};
    DelayedCall call_;
    bool running_ = false;
};
// endregion: looping-call
