#pragma once
/// Every call the loop makes into the program's code goes through here: a
/// callback that throws is reported and the loop goes on with the next one;
/// in debug mode a callback that holds the loop too long is reported too.
/// asyncio's set_exception_handler and slow_callback_duration.

#include "reactor_time.hpp"

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>

// region: callback-runner
class CallbackRunner {
public:
    /// Told which callback threw and what (an exception_ptr, so that the
    /// handler can rethrow it to look at its type).
    using ExceptionHandler =
        std::function<void(std::string_view name, std::exception_ptr error)>;
    /// Told which callback held the loop, and for how long.
    using SlowCallbackHandler =
        std::function<void(std::string_view name, Duration held)>;

    /// `now` times the callbacks in debug mode.
    explicit CallbackRunner(TimeSource now = monotonicSeconds);

    /// Runs `f`, named `name`. What it throws goes to the exception
    /// handler, except std::bad_alloc, which is not the callback's fault
    /// and ends the program.
    void run(std::string_view name, const std::function<void()>& f);

    /// Runs `f`, named `name`, timing it in debug mode; what it throws
    /// goes on up (for I/O handlers, which guard their own code).
    void timed(std::string_view name, const std::function<void()>& f);

    /// Replaces the exception handler; an empty one restores the default,
    /// which prints one line on standard error. A handler that throws is
    /// itself reported there, and the loop still goes on.
    void setExceptionHandler(ExceptionHandler handler);
    /// Debug mode: report each callback that runs longer than `threshold`.
    void setDebug(bool on, Duration threshold = std::chrono::milliseconds{100});
    /// Replaces the slow-callback report; empty restores the default line
    /// on standard error.
    void setSlowCallbackHandler(SlowCallbackHandler handler);

    bool debug() const { return debug_; }
    /// How many callbacks have thrown so far.
    std::size_t failures() const { return failures_; }

    /// "std::runtime_error: boom": the exception's type and what().
    static std::string describe(std::exception_ptr error);
    /// A type's name as written in C++: "Transport", "std::runtime_error".
    static std::string typeName(const std::type_info& type);

private:
    void report(std::string_view name, std::exception_ptr error);
    std::optional<Time> startTiming() const;
    void reportIfSlow(std::string_view name, std::optional<Time> started);

    TimeSource now_;
    ExceptionHandler onException_;
    SlowCallbackHandler onSlow_;
    bool debug_ = false;
    Duration threshold_ = std::chrono::milliseconds{100};
    std::size_t failures_ = 0;
};
// endregion: callback-runner
