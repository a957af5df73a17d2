#include "run_until_complete.hpp"

std::coroutine_handle<> StopWhenDone::taskDone() noexcept
{
    // The task itself may have stopped the reactor already.
    try {
        if (reactor_.running()) {
            reactor_.stop();
        }
    } catch (const ReactorNotRunning&) {
    }
    return std::noop_coroutine();
}
