#pragma once
/// The command-line options that several chapters share (../shared/PLAN.md),
/// defined once so that they are spelled and validated the same everywhere.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

    /// Neither --listen nor --connect: both sides run in this process.
    bool bothSides() const { return !listen && !connect; }
};

/// Parses a size such as "4096", "64KiB", "256MiB", "1GiB" or "1GB".
/// Throws std::invalid_argument with a message fit for a user.
std::size_t parseSize(std::string_view text);

/// Parses "[HOST:]PORT"; without a host, `defaultHost` is used.
/// Throws std::invalid_argument with a message fit for a user.
Endpoint parseEndpoint(std::string_view text, std::string_view defaultHost);

/// Adds an option NAME that takes a SIZE, spelt as --memory-limit's is
/// (64KiB, 256MiB, 1GiB); values below `minimum` are refused (exit 2).
/// `value` keeps its current value unless the option is given.
void addSizeOption(CLI::App& app, const std::string& name, std::size_t& value,
                   std::string_view shownDefault, const std::string& help,
                   std::size_t minimum = 0);

/// Adds --stall-timeout SECONDS to `app`, storing into `options`.
void addStallTimeout(CLI::App& app, SharedOptions& options,
                     double defaultSeconds);

/// Adds --memory-limit SIZE to `app`, storing into `options`.
void addMemoryLimit(CLI::App& app, SharedOptions& options,
                    std::string_view defaultSize);

/// Adds --listen [HOST:]PORT and --connect HOST:PORT, mutually exclusive.
void addListenConnect(CLI::App& app, SharedOptions& options);

} // namespace common
