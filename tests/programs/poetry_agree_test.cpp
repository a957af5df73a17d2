// The poetry client written three ways, with callbacks (chapter 10),
// Deferreds (11) and coroutines (12), fetches the same poems and says the
// same about them, failures included. Each program runs the same demo; the
// lines are compared once what depends on the machine is taken out: the
// chunk lines (their order depends on the timers), the times and the
// ports. Chapters 11 and 12 run each poem through cummingsify: with the
// same seed they print the same lines; at --failure-rate 1 every poem
// stays as it came, and less the lines that say so, they print chapter
// 10's.
#include "chapter_binary.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string binary(const std::string& name)
{
    return testing::chapterBinary(name);
}

// What the run printed, less what differs from one run to the next, and
// less the lines that say cummingsify kept a poem as it came when
// `keptLines` is false.
std::vector<std::string> poemsOf(const std::string& program,
                                 const std::vector<std::string>& arguments,
                                 bool keptLines = true)
{
    std::vector<std::string> argv{binary(program), "poetry"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    const testing::ProcessResult result = testing::runProcess(argv);
    CAPTURE(result.output);
    REQUIRE_FALSE(result.timedOut);
    static const std::regex chunk{R"(^Poem \d+: \d+ bytes?$)"};
    static const std::regex time{R"(\d[\d.,]* (ms|s)\b)"};
    static const std::regex port{R"(127\.0\.0\.1:\d+)"};
    static const std::regex kept{R"(^Poem \d+: cummingsify failed.*)"};
    std::vector<std::string> lines;
    std::istringstream text{result.output};
    for (std::string line; std::getline(text, line);) {
        if (std::regex_match(line, chunk) ||
            (!keptLines && std::regex_match(line, kept))) {
            continue;
        }
        line = std::regex_replace(line, time, "TIME");
        lines.push_back(std::regex_replace(line, port, "127.0.0.1:PORT"));
    }
    lines.push_back("exit " + std::to_string(result.exitCode));
    return lines;
}

} // namespace

TEST_CASE("at failure rate 1, chapters 11 and 12 fetch chapter 10's poems, "
          "and fail the same way")
{
    const std::vector<std::string> run{"--add-refused", "--add-unanswered",
                                       "--timeout", "1"};
    const std::vector<std::string> callbacks = poemsOf("10_connect", run);
    CHECK(callbacks.size() == 13); // what the comparison stands on
    std::vector<std::string> asTheyCame = run;
    asTheyCame.insert(asTheyCame.end(), {"--failure-rate", "1"});
    CHECK(poemsOf("11_deferreds", asTheyCame, false) == callbacks);
    CHECK(poemsOf("12_coroutines", asTheyCame, false) == callbacks);
}

TEST_CASE("with the same seed, chapters 11 and 12 print the same poems")
{
    for (const char* seed : {"1", "3"}) {
        CAPTURE(seed);
        const std::vector<std::string> run{"--seed", seed, "--add-refused"};
        const std::vector<std::string> deferreds =
            poemsOf("11_deferreds", run);
        CHECK(deferreds.size() >= 9);
        CHECK(poemsOf("12_coroutines", run) == deferreds);
    }
}
