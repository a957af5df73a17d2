// 01_busy_wait: two simulated buttons, clicked by a scripted user at human
// speed, polled by a loop that never stops looking. The report says what
// the looking cost, with and without a sleep between rounds.
#include "button.hpp"
#include "clock.hpp"
#include "mainloop.hpp"
#include "report.hpp"
#include "scripted_user.hpp"

#include "chapter_app.hpp"
#include "options.hpp"
#include "output.hpp"
#include "watchdog.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Options {
    std::vector<std::string> clicks{"hello", "world", "hello", "world"};
    int intervalMs = 500;
    int sleepMs = 0;
};

// The name a reader types in --clicks, and the button's label.
std::string labelOf(const std::string& name)
{
    if (name == "hello") {
        return "Say Hello";
    }
    if (name == "world") {
        return "Say World";
    }
    return {};
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

// What the Ctrl-C report says; it runs on the watchdog's thread, so it
// reads only the loop's atomics.
std::string whereTheLoopIs(const Mainloop& loop, std::size_t clicks)
{
    return "The mainloop was polling: " +
           common::withCommas(loop.pollsSoFar()) + " polls so far, " +
           std::to_string(loop.clicksHandled()) + " of " +
           std::to_string(clicks) + " clicks handled.";
}

// region: demo
int runDemo(const Options& options)
{
    using std::chrono::milliseconds;
    SystemClock clock;
    std::vector<std::string> labels;
    for (const std::string& name : options.clicks) {
        labels.push_back(labelOf(name));
    }
    const Duration interval = milliseconds{options.intervalMs};
    ScriptedUser user{clock, humanClicks(labels, interval)};

    Button hello{"Say Hello", user};
    hello.onPress([] { std::cout << "Hello\n"; });
    Button world{"Say World", user};
    world.onPress([] { std::cout << "World\n"; });

    const Duration sleep = milliseconds{options.sleepMs};
    Mainloop loop{clock, user, sleep};
    loop.addButton(hello);
    loop.addButton(world);
    // endregion: demo

    std::cout << "Polling 2 buttons, Say Hello and Say World, ";
    if (options.sleepMs == 0) {
        std::cout << "in a busy loop (no sleep).\n";
    } else {
        std::cout << "sleeping " << options.sleepMs << " ms between rounds.\n";
    }
    std::cout << "The scripted user clicks " << joined(options.clicks)
              << ", about " << options.intervalMs << " ms apart.\n\n";

    // Declared after what it reads, so it is cleared before they go.
    const auto describing =
        common::Watchdog::describe([&loop, clicks = labels.size()] {
            return whereTheLoopIs(loop, clicks);
        });
    // region: measure
    const Duration cpuBefore = cpuTime();
    loop.run();
    const Duration cpu = cpuTime() - cpuBefore;
    // endregion: measure
    // The loop is over: Ctrl-C now changes nothing, the report is the end.
    common::Watchdog::standDown();
    printReport(std::cout, loop.stats(), cpu, sleep);
    return common::exit_code::ok;
}

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "01_busy_wait",
        "Polls two simulated buttons in a busy loop while a scripted user\n"
        "clicks them, then reports what the waiting cost: the polls, CPU\n"
        "time against wall time, and how late each click was handled."};
    Options options;
    CLI::App& cli = app.cli();
    common::addChoicesOption(cli, "--clicks", options.clicks,
                             {"hello", "world"}, "a button",
                             "The buttons the scripted user clicks, in "
                             "order, separated by commas (hello, world)");
    common::addCountOption(cli, "--interval-ms", options.intervalMs, 1,
                           60'000, "Milliseconds between two clicks");
    common::addCountOption(cli, "--sleep-ms", options.sleepMs, 0, 10'000,
                           "Milliseconds the loop sleeps after each round; "
                           "0 is a busy loop");
    return app.run(argc, argv, [&options] { return runDemo(options); });
}
