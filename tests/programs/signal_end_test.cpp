// Ctrl-C aimed at the end of a demo, many times: each run has one verdict.
// Either the demo finished (its final report, exit 0, and nothing after)
// or Ctrl-C stopped it (the interrupted report, exit 130); never both.
// Which one a run gets depends on timing, so the test asserts only what
// must hold either way.
#include "process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Lines printed as 06's game ends; the signal is sent once one shows,
// after a short spin that moves it a few microseconds further each run.
const std::vector<std::string> endLines{
    "Client is closing the connection", "Client lost the connection",
    "Server lost the connection", "Game over", "round trips per second"};

void spin(std::chrono::microseconds howLong)
{
    const auto until = std::chrono::steady_clock::now() + howLong;
    while (std::chrono::steady_clock::now() < until) {
    }
}

void checkOneVerdict(int signal, const std::string& headline, int code)
{
    constexpr std::size_t runs = 150;
    int finished = 0;
    int stopped = 0;
    for (std::size_t run = 0; run < runs; ++run) {
        const std::string& trigger = endLines[run % endLines.size()];
        const std::chrono::microseconds delay{
            static_cast<long>((run / endLines.size()) % 6 * 40)};
        testing::ProcessOptions options;
        options.interruptSignal = signal;
        options.interruptWhen = [&trigger, delay](const std::string& output) {
            if (!contains(output, trigger)) {
                return false;
            }
            spin(delay);
            return true;
        };
        const auto result = testing::runProcess(
            {std::string{CHAPTER_BIN_DIR} + "/06_transports_protocols"},
            options);
        const bool reported = contains(result.output, "Game over");
        const bool interrupted = contains(result.output, headline);
        CAPTURE(run);
        CAPTURE(result.output);
        REQUIRE_FALSE(result.timedOut);
        REQUIRE_FALSE((reported && interrupted));
        if (reported) {
            REQUIRE(result.exitCode == 0);
            ++finished;
        } else {
            REQUIRE(interrupted);
            REQUIRE(result.exitCode == code);
            ++stopped;
        }
    }
    MESSAGE(finished << " runs finished, " << stopped << " were stopped");
}

} // namespace

TEST_CASE("Ctrl-C at a demo's end: the final report and exit 0, or the "
          "interrupted report and exit 130, never both")
{
    checkOneVerdict(SIGINT, "Interrupted (Ctrl-C).", 130);
}

TEST_CASE("SIGTERM at a demo's end: the same, with exit 143")
{
    checkOneVerdict(SIGTERM, "Terminated (SIGTERM).", 143);
}
