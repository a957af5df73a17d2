#pragma once
/// The command-line options that several chapters share (../shared/PLAN.md),
/// defined once so that they are spelled and validated the same everywhere,
/// and the helpers every chapter uses for its own options. Every value goes
/// through one of the parsers below, whose message says what was wrong in
/// one short line: "--maximum: 'abc' is not a whole number from 1 to 1000".
/// CLI11's own conversions are never used, since their errors are long
/// (a 310-digit range) or say the wrong thing ("not in range" for "abc").

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace common {

/// A host and port as given to --listen or --connect.
struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
};

/// The values of the shared options after parsing.
struct SharedOptions {
    double stallTimeout = 0;      ///< seconds; 0 turns the watchdog off
    std::size_t memoryLimit = 0;  ///< bytes; 0 means no cap
    std::optional<Endpoint> listen;
    std::optional<Endpoint> connect;
    std::string backend = "epoll"; ///< the poller, from chapter 08 on

    /// Neither --listen nor --connect: both sides run in this process.
    bool bothSides() const { return !listen && !connect; }
};

// Each parser throws std::invalid_argument with a message fit for a user,
// which names the value and what was expected.

/// Parses a size such as "4096", "64KiB", "256MiB", "1GiB" or "1GB".
std::size_t parseSize(std::string_view text);

/// Parses a number of seconds: decimal, finite, 0 or more ("2.5", "0").
double parseSeconds(std::string_view text);

/// Parses a whole decimal number from `minimum` to `maximum`.
std::uint64_t parseCount(std::string_view text, std::uint64_t minimum,
                         std::uint64_t maximum);

/// Parses a comma-separated list of names, each one of `choices`; `noun`
/// says what a name is ("a button"), for the message.
std::vector<std::string> parseChoices(std::string_view text,
                                      const std::vector<std::string>& choices,
                                      std::string_view noun);

/// Parses "[HOST:]PORT" (an IPv6 address in brackets: "[::1]:8000").
/// Without a host, `defaultHost` is used; when `defaultHost` is empty a
/// host is required (HOST:PORT, as --connect takes).
Endpoint parseEndpoint(std::string_view text, std::string_view defaultHost);

/// Adds an option NAME that takes a SIZE, spelt as --memory-limit's is
/// (64KiB, 256MiB, 1GiB); values below `minimum` are refused (exit 2).
/// `value` keeps its current value unless the option is given.
void addSizeOption(CLI::App& app, const std::string& name, std::size_t& value,
                   std::string_view shownDefault, const std::string& help,
                   std::size_t minimum = 0);

/// Adds an option NAME that takes SECONDS (parseSeconds).
void addSecondsOption(CLI::App& app, const std::string& name, double& value,
                      const std::string& help);

/// Adds an option NAME that takes a whole number from `minimum` to
/// `maximum`, given to `store`; `shownDefault` is what --help shows.
void addCountOption(CLI::App& app, const std::string& name,
                    std::uint64_t minimum, std::uint64_t maximum,
                    std::function<void(std::uint64_t)> store,
                    const std::string& shownDefault, const std::string& help);

/// The same, storing into `value` (which keeps its value, the default,
/// unless the option is given).
template <std::integral Integer>
void addCountOption(CLI::App& app, const std::string& name, Integer& value,
                    Integer minimum, Integer maximum, const std::string& help)
{
    addCountOption(
        app, name, static_cast<std::uint64_t>(minimum),
        static_cast<std::uint64_t>(maximum),
        [&value](std::uint64_t count) { value = static_cast<Integer>(count); },
        std::to_string(value), help);
}

/// Adds an option NAME that takes names from `choices`, separated by
/// commas (parseChoices); `values` keeps its default unless it is given.
void addChoicesOption(CLI::App& app, const std::string& name,
                      std::vector<std::string>& values,
                      const std::vector<std::string>& choices,
                      const std::string& noun, const std::string& help);

/// Adds --stall-timeout SECONDS to `app`, storing into `options`.
void addStallTimeout(CLI::App& app, SharedOptions& options,
                     double defaultSeconds);

/// Adds --memory-limit SIZE to `app`, storing into `options`.
void addMemoryLimit(CLI::App& app, SharedOptions& options,
                    std::string_view defaultSize);

/// Adds --listen [HOST:]PORT and --connect HOST:PORT, mutually exclusive.
void addListenConnect(CLI::App& app, SharedOptions& options);

/// Adds --backend NAME (select, poll or epoll; default epoll): the poller
/// under the reactor, from chapter 08 on.
void addBackend(CLI::App& app, SharedOptions& options);

} // namespace common
