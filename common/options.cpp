#include "options.hpp"

#include "output.hpp"

#include <CLI/CLI.hpp>

#include <array>
#include <charconv>
#include <limits>
#include <stdexcept>

namespace common {

namespace {

struct Suffix {
    std::string_view name;
    std::size_t factor;
};

constexpr std::size_t KiB = 1024;
constexpr std::array<Suffix, 9> suffixes{{
    {"", 1},
    {"B", 1},
    {"KiB", KiB},
    {"MiB", KiB * KiB},
    {"GiB", KiB * KiB * KiB},
    {"KB", 1000},
    {"MB", 1000 * 1000},
    {"GB", 1000 * 1000 * 1000},
    {"K", KiB},
}};

std::uint64_t parseNumber(std::string_view text, std::string_view what)
{
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [next, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc::result_out_of_range) {
        throw std::invalid_argument(std::string{what} + " '" +
                                    std::string{text} + "' is too large");
    }
    if (error != std::errc{} || next != end || text.empty()) {
        throw std::invalid_argument(std::string{what} + " '" +
                                    std::string{text} +
                                    "' is not a whole number");
    }
    return value;
}

} // namespace

std::size_t parseSize(std::string_view text)
{
    const auto digitsEnd = text.find_first_not_of("0123456789");
    const std::string_view digits = text.substr(0, digitsEnd);
    const std::string_view unit =
        digitsEnd == std::string_view::npos ? "" : text.substr(digitsEnd);
    if (digits.empty()) {
        throw std::invalid_argument("size '" + std::string{text} +
                                    "' does not start with a number");
    }
    for (const Suffix& suffix : suffixes) {
        if (unit == suffix.name) {
            const std::uint64_t count = parseNumber(digits, "size");
            if (count > std::numeric_limits<std::size_t>::max() /
                            suffix.factor) {
                throw std::invalid_argument("size '" + std::string{text} +
                                            "' is too large");
            }
            return count * suffix.factor;
        }
    }
    throw std::invalid_argument(
        "size '" + std::string{text} + "' has an unknown unit '" +
        std::string{unit} + "' (use B, KiB, MiB, GiB, KB, MB or GB)");
}

Endpoint parseEndpoint(std::string_view text, std::string_view defaultHost)
{
    const auto colon = text.rfind(':');
    Endpoint endpoint;
    std::string_view portText = text;
    if (colon == std::string_view::npos) {
        endpoint.host = std::string{defaultHost};
    } else {
        endpoint.host = std::string{text.substr(0, colon)};
        portText = text.substr(colon + 1);
    }
    if (endpoint.host.empty()) {
        throw std::invalid_argument("'" + std::string{text} +
                                    "' needs a host: write HOST:PORT");
    }
    const std::uint64_t port = parseNumber(portText, "port");
    if (port > std::numeric_limits<std::uint16_t>::max()) {
        throw std::invalid_argument("port " + std::string{portText} +
                                    " is out of range (0-65535)");
    }
    endpoint.port = static_cast<std::uint16_t>(port);
    return endpoint;
}

namespace {

// Wraps a parser as a CLI11 validator: the parser's message becomes
// CLI11's one-line error, which the entry wrapper turns into exit 2.
template <typename Parse>
CLI::Validator validatorFrom(Parse parse, std::string typeName)
{
    return CLI::Validator(
        [parse](std::string& text) -> std::string {
            try {
                parse(text);
                return {};
            } catch (const std::invalid_argument& error) {
                return error.what();
            }
        },
        std::move(typeName));
}

} // namespace

void addStallTimeout(CLI::App& app, SharedOptions& options,
                     double defaultSeconds)
{
    options.stallTimeout = defaultSeconds;
    app.add_option("--stall-timeout", options.stallTimeout,
                   "Seconds without progress before the watchdog reports "
                   "a stall (exit 3); 0 turns it off")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

void addSizeOption(CLI::App& app, const std::string& name, std::size_t& value,
                   std::string_view shownDefault, const std::string& help,
                   std::size_t minimum)
{
    auto parseAtLeast = [minimum](std::string_view text) {
        const std::size_t size = parseSize(text);
        if (size < minimum) {
            throw std::invalid_argument("size '" + std::string{text} +
                                        "' is too small (at least " +
                                        formatBytes(minimum) + ")");
        }
        return size;
    };
    app.add_option_function<std::string>(
           name,
           [&value, parseAtLeast](const std::string& text) {
               value = parseAtLeast(text);
           },
           help)
        ->check(validatorFrom(parseAtLeast, "SIZE"))
        ->default_str(std::string{shownDefault});
}

void addMemoryLimit(CLI::App& app, SharedOptions& options,
                    std::string_view defaultSize)
{
    options.memoryLimit = parseSize(defaultSize);
    addSizeOption(app, "--memory-limit", options.memoryLimit, defaultSize,
                  "Cap on the memory the demo may allocate (256MiB, 1GiB, "
                  "...); past it the demo fails cleanly with exit 4");
}

void addListenConnect(CLI::App& app, SharedOptions& options)
{
    auto* listen = app.add_option_function<std::string>(
                          "--listen",
                          [&options](const std::string& text) {
                              options.listen =
                                  parseEndpoint(text, "127.0.0.1");
                          },
                          "Run only the server side, on [HOST:]PORT")
                       ->check(validatorFrom(
                           [](const std::string& text) {
                               parseEndpoint(text, "127.0.0.1");
                           },
                           "[HOST:]PORT"));
    auto* connect = app.add_option_function<std::string>(
                           "--connect",
                           [&options](const std::string& text) {
                               options.connect = parseEndpoint(text, "");
                           },
                           "Run only the client side, against HOST:PORT")
                        ->check(validatorFrom(
                            [](const std::string& text) {
                                parseEndpoint(text, "");
                            },
                            "HOST:PORT"));
    listen->excludes(connect);
}

} // namespace common
