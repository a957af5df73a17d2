#include "fortunes.hpp"

#include <array>
#include <thread>

namespace {

constexpr std::array fortunes{
    "A loop that never blocks is a loop that never sleeps in the wrong "
    "place.",
    "The buffer you did not bound is the one that will find your memory "
    "limit.",
    "Every descriptor you open, somebody must close.",
    "Ask the kernel when it is ready; never ask it to wait for you.",
};

} // namespace

std::string tellFortune(unsigned number, std::chrono::milliseconds delay)
{
    // NOTE: blocks the calling thread on purpose; the room calls it only
    // through deferToThread, so the loop never waits for it.
    std::this_thread::sleep_for(delay);
    return fortunes[number % fortunes.size()];
}
