#include "looping_call.hpp"

#include <new>
#include <stdexcept>

LoopingCall::LoopingCall(IReactorTime& clock, std::function<void()> f,
                         std::string name)
    : clock_{clock}, f_{std::move(f)}, name_{std::move(name)}
{
}

LoopingCall::~LoopingCall()
{
    if (running_) {
        stop();
    }
}

void LoopingCall::start(Duration interval, bool now)
{
    if (running_) {
        throw std::logic_error{"LoopingCall " + name_ + ": already running"};
    }
    if (interval < Duration::zero()) {
        throw std::invalid_argument{"LoopingCall " + name_ +
                                    ": the interval must not be negative"};
    }
    running_ = true;
    interval_ = interval;
    started_ = clock_.seconds();
    if (now) {
        (*this)();
    } else {
        scheduleFrom(started_);
    }
}

void LoopingCall::stop()
{
    if (!running_) {
        throw std::logic_error{"LoopingCall " + name_ + ": not running"};
    }
    running_ = false;
    if (call_.active()) {
        call_.cancel();
    }
}

// region: call
void LoopingCall::operator()()
{
    try {
        f_();
    } catch (const std::bad_alloc&) {
        running_ = false;
        throw; // out of memory ends the program, as everywhere
    } catch (const std::exception& error) {
        // A failing loop stops, and the report says so; the reactor and
        // every other call go on.
        running_ = false;
        throw std::runtime_error{std::string{error.what()} + " (" + name_ +
                                 " has stopped)"};
    } catch (...) {
        running_ = false;
        throw;
    }
    if (running_) { // f may have stopped us
        scheduleFrom(clock_.seconds());
    }
}

void LoopingCall::scheduleFrom(Time when)
{
    Duration delay = Duration::zero();
    if (interval_ > Duration::zero()) {
        // The next point of the grid strictly after `when`: a late call
        // skips the points it missed.
        const Duration intoInterval = (when - started_) % interval_;
        delay = interval_ - intoInterval;
    }
    call_ = clock_.callLater(delay, [this] { (*this)(); }, name_.c_str());
}
// endregion: call
