// Ctrl-C aimed at the end of a demo, many times: each run has one verdict.
// Either the demo finished (its final report, exit 0, and nothing after)
// or Ctrl-C stopped it (the interrupted report, exit 130); never both.
// Which one a run gets depends on timing, so the test asserts only what
// must hold either way.
#include "chapter_binary.hpp"
#include "process.hpp"
#include "text.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

using testing::contains;

namespace {

// A program, the lines printed as its demo ends (the signal is sent once
// one shows, after a short spin that moves it a few microseconds further
// each run), and the line that only its final report prints.
struct Ending {
    const char* program;
    std::vector<std::string> endLines;
    std::string reportLine;
};

const Ending game{"06_transports_protocols",
                  {"Client is closing the connection",
                   "Client lost the connection", "Server lost the connection",
                   "Game over", "round trips per second"},
                  "Game over"};

// 04 and 02 end with a report of their own too, printed by the demo.
const Ending shortWrite{"04_nonblocking",
                        {"a short write", "Server reached the end",
                         "send() reported", "never left the client"},
                        "send() reported"};

const Ending walk{"02_select",
                  {"6. A second client", "select() returned without",
                   "Each answer was one select()"},
                  "Each answer was one select()"};

void spin(std::chrono::microseconds howLong)
{
    const auto until = std::chrono::steady_clock::now() + howLong;
    while (std::chrono::steady_clock::now() < until) {
    }
}

void checkOneVerdict(const Ending& ending, int signal,
                     const std::string& headline, int code,
                     std::size_t runs = 150)
{
    const std::vector<std::string>& endLines = ending.endLines;
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
            {testing::chapterBinary(ending.program)}, options);
        const bool reported = contains(result.output, ending.reportLine);
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
    checkOneVerdict(game, SIGINT, "Interrupted (Ctrl-C).", 130);
}

TEST_CASE("SIGTERM at a demo's end: the same, with exit 143")
{
    checkOneVerdict(game, SIGTERM, "Terminated (SIGTERM).", 143);
}

TEST_CASE("Ctrl-C as 04 and 02 print their last lines: one verdict too")
{
    checkOneVerdict(shortWrite, SIGINT, "Interrupted (Ctrl-C).", 130, 100);
    checkOneVerdict(walk, SIGINT, "Interrupted (Ctrl-C).", 130, 100);
}
