#include "chapter_app.hpp"

#include "error.hpp"
#include "machine_memory.hpp"
#include "memory_cap.hpp"
#include "output.hpp"
#include "watchdog.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <system_error>

namespace common {

namespace {

constexpr const char* helpHint = "Run with --help for more information.";

int usageError(const std::string& message)
{
    std::cerr << "error: " << message << '\n' << helpHint << '\n';
    return exit_code::usage;
}

void reportOutOfMemory(const memory::Refusal& refused,
                       const std::function<std::string()>& explain)
{
    std::cout.flush();
    std::cerr << "\nOut of memory: a request for "
              << formatBytes(refused.requested) << " was refused:\n"
              << formatBytes(refused.inUse) << " were already in use under the "
              << formatBytes(refused.limit) << " cap (--memory-limit).\n";
    if (explain) {
        std::cerr << explain() << '\n';
    }
}

// The option a CLI11 message is about: its first word that starts with
// "-" ("--maximum: At Most 1 required but received 2").
std::string optionIn(const std::string& message)
{
    for (std::size_t at = 0; at < message.size();) {
        const std::size_t end = std::min(message.find_first_of(" :", at),
                                         message.size());
        if (message[at] == '-' && end > at + 1) {
            return message.substr(at, end - at);
        }
        at = end + 1;
    }
    return "an option";
}

// CLI11's own words for the mistakes our validators cannot see (a missing
// value, an option given twice, an argument nobody expected), rewritten
// as one short line that names the option. Our validators' messages
// ("--maximum: 'abc' is not ...") pass through as they are.
std::string usageMessage(const CLI::ParseError& error,
                         const std::vector<std::string>& unexpected)
{
    const std::string message = error.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr &&
        !unexpected.empty()) {
        return "unexpected argument '" + unexpected.front() + "'";
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
        if (message.find("At Most") != std::string::npos) {
            return optionIn(message) + " is given more than once";
        }
        if (message.find("flag override") == std::string::npos) {
            return optionIn(message) + " needs a value";
        }
    }
    if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr ||
        message.find("flag override") != std::string::npos) {
        // Only flags are converted by CLI11 itself: --whole-writes=abc.
        return optionIn(message) + " is a flag: it takes no value";
    }
    return message;
}

} // namespace

ChapterApp::SignalsBlocked::SignalsBlocked()
{
    Watchdog::blockSignals();
}

ChapterApp::ChapterApp(std::string name, std::string description)
    : app_{std::move(description), std::move(name)},
      machineMemory_{memory::machineAvailable}
{
    // Teaching output is read live, often through a pipe: one line at a
    // time, not in 4 KiB bursts.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // Like Python, never die of SIGPIPE: a write to a closed peer becomes
    // the error EPIPE, which the code can see and report.
    std::signal(SIGPIPE, SIG_IGN);
}

void ChapterApp::addStallTimeout(double defaultSeconds)
{
    common::addStallTimeout(app_, shared_, defaultSeconds);
}

void ChapterApp::addMemoryLimit(std::string_view defaultSize)
{
    common::addMemoryLimit(app_, shared_, defaultSize);
    hasMemoryLimit_ = true;
}

void ChapterApp::addListenConnect()
{
    common::addListenConnect(app_, shared_);
}

void ChapterApp::addBackend()
{
    common::addBackend(app_, shared_);
}

void ChapterApp::onOutOfMemory(std::function<std::string()> explain)
{
    explainOutOfMemory_ = std::move(explain);
}

void ChapterApp::machineMemory(MemorySource available)
{
    machineMemory_ = std::move(available);
}

int ChapterApp::parse(int argc, char** argv)
{
    try {
        app_.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app_.help();
        return exit_code::ok;
    } catch (const CLI::ParseError& error) {
        return usageError(usageMessage(error, app_.remaining()));
    }
    return -1;
}

int ChapterApp::run(int argc, char** argv, const std::function<int()>& demo)
{
    if (const int early = parse(argc, argv); early >= 0) {
        return early;
    }
    try {
        Watchdog::start(shared_.stallTimeout);
    } catch (const std::system_error& error) {
        // Without its watchdog a demo could hang unreported: do not run it.
        std::cerr << "error: " << error.what() << '\n';
        return exit_code::error;
    }
    applyMemoryLimit();
    return runDemo(demo);
}

// The cap is what --memory-limit asks for, but never more than the machine
// can give without swapping; saying so in one line when it is lowered.
void ChapterApp::applyMemoryLimit()
{
    if (!hasMemoryLimit_) {
        return;
    }
    const std::size_t requested = shared_.memoryLimit;
    const memory::EffectiveCap cap =
        memory::effectiveCap(requested, machineMemory_());
    if (cap.clamped && requested == 0) {
        std::cerr << "note: --memory-limit 0: the cap is the machine's, "
                  << formatBytes(cap.bytes) << " (3/4 of its free memory).\n";
    } else if (cap.clamped) {
        std::cerr << "note: --memory-limit " << formatBytes(requested)
                  << " is more than this machine has free; capped at "
                  << formatBytes(cap.bytes) << ".\n";
    }
    shared_.memoryLimit = cap.bytes;
    memory::setLimit(cap.bytes);
}

int ChapterApp::runDemo(const std::function<int()>& demo)
{
    // Every way out claims the verdict (Watchdog::standDown) before it
    // prints a word: if a stall, Ctrl-C or SIGTERM got there first, the
    // watchdog's report is the verdict and standDown never returns.
    try {
        const int code = demo();
        Watchdog::standDown();
        return code;
    } catch (const memory::MemoryCapExceeded& error) {
        // Lift the cap first: the report itself needs a little memory.
        memory::setLimit(0);
        Watchdog::standDown();
        reportOutOfMemory(error.refusal(), explainOutOfMemory_);
        return exit_code::outOfMemory;
    } catch (const std::bad_alloc&) {
        memory::setLimit(0);
        Watchdog::standDown();
        std::cerr << "\nOut of memory: the system refused an allocation.\n";
        return exit_code::outOfMemory;
    } catch (const SystemLimitHit& error) {
        Watchdog::standDown();
        std::cout.flush();
        std::cerr << error.what() << '\n';
        return exit_code::systemLimit;
    } catch (const UsageError& error) {
        Watchdog::standDown();
        return usageError(error.what());
    } catch (const std::exception& error) {
        Watchdog::standDown();
        std::cout.flush();
        std::cerr << "error: " << error.what() << '\n';
        return exit_code::error;
    }
}

} // namespace common
