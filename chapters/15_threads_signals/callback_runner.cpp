#include "callback_runner.hpp"

#include <cxxabi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <typeinfo>

namespace {

// The defaults write to standard error with one fputs each, which a
// report about a failure must not make fail in turn.
void printLine(const std::string& line)
{
    std::fputs((line + "\n").c_str(), stderr);
}

void printException(std::string_view name, std::exception_ptr error)
{
    printLine("Unhandled error in " + std::string{name} + ": " +
              CallbackRunner::describe(error));
}

void printSlow(std::string_view name, Duration held)
{
    using Milliseconds = std::chrono::duration<double, std::milli>;
    printLine("Slow callback: " + std::string{name} + " held the loop for " +
              std::to_string(static_cast<long long>(
                  Milliseconds{held}.count())) +
              " ms");
}

} // namespace

CallbackRunner::CallbackRunner(TimeSource now) : now_{std::move(now)} {}

std::string CallbackRunner::typeName(const std::type_info& type)
{
    int status = 0;
    const std::unique_ptr<char, decltype(&std::free)> name{
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status),
        &std::free};
    std::string text = status == 0 ? name.get() : type.name();
    // A reader's report names the class, not the file's private scope.
    const std::string_view anonymous = "(anonymous namespace)::";
    for (auto at = text.find(anonymous); at != std::string::npos;
         at = text.find(anonymous)) {
        text.erase(at, anonymous.size());
    }
    return text;
}

std::string CallbackRunner::describe(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return typeName(typeid(e)) + ": " + e.what();
    } catch (...) {
        return "something that is not a std::exception";
    }
}

// region: run
void CallbackRunner::run(std::string_view name,
                         const std::function<void()>& f)
{
    const std::optional<Time> started = startTiming();
    try {
        f();
    } catch (const std::bad_alloc&) {
        throw; // out of memory is the program's problem, not this call's
    } catch (...) {
        report(name, std::current_exception());
    }
    reportIfSlow(name, started);
}
// endregion: run

void CallbackRunner::timed(std::string_view name,
                           const std::function<void()>& f)
{
    const std::optional<Time> started = startTiming();
    f();
    reportIfSlow(name, started);
}

std::optional<Time> CallbackRunner::startTiming() const
{
    return debug_ ? std::optional<Time>{now_()} : std::nullopt;
}

void CallbackRunner::reportIfSlow(std::string_view name,
                                  std::optional<Time> started)
{
    // Timed only if debug mode was on when the callback began.
    if (!started) {
        return;
    }
    const Duration held = now_() - *started;
    if (held > threshold_ && onSlow_) {
        onSlow_(name, held);
    } else if (held > threshold_) {
        printSlow(name, held);
    }
}

// region: report
void CallbackRunner::report(std::string_view name, std::exception_ptr error)
{
    ++failures_;
    if (!onException_) {
        printException(name, error);
        return;
    }
    try {
        onException_(name, error);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (...) {
        // The handler is program code too: its failure is reported where
        // it cannot fail again, and the loop goes on.
        printException("the exception handler", std::current_exception());
        printException(name, error);
    }
}
// endregion: report

void CallbackRunner::setExceptionHandler(ExceptionHandler handler)
{
    onException_ = std::move(handler);
}

void CallbackRunner::setDebug(bool on, Duration threshold)
{
    debug_ = on;
    threshold_ = threshold;
}

void CallbackRunner::setSlowCallbackHandler(SlowCallbackHandler handler)
{
    onSlow_ = std::move(handler);
}
