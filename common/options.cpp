#include "options.hpp"

#include "output.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
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

// Decimal digits only: no sign, no "0x", no spaces, nothing after.
std::optional<std::uint64_t> wholeNumber(std::string_view text)
{
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [next, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || next != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::string quoted(std::string_view text)
{
    return "'" + std::string{text} + "'";
}

} // namespace

std::size_t parseSize(std::string_view text)
{
    const auto digitsEnd = std::min(text.find_first_not_of("0123456789"),
                                    text.size());
    const std::string_view digits = text.substr(0, digitsEnd);
    const std::string_view unit = text.substr(digitsEnd);
    if (digits.empty()) {
        throw std::invalid_argument(quoted(text) +
                                    " is not a size such as 64KiB or 1GiB");
    }
    for (const Suffix& suffix : suffixes) {
        if (unit == suffix.name) {
            const auto count = wholeNumber(digits);
            if (!count || *count > std::numeric_limits<std::size_t>::max() /
                                       suffix.factor) {
                throw std::invalid_argument(quoted(text) + " is too large");
            }
            return *count * suffix.factor;
        }
    }
    throw std::invalid_argument(
        quoted(text) + " has an unknown unit " + quoted(unit) +
        " (use B, KiB, MiB, GiB, KB, MB or GB)");
}

double parseSeconds(std::string_view text)
{
    double seconds = 0;
    const char* end = text.data() + text.size();
    const auto [next, error] = std::from_chars(text.data(), end, seconds);
    if (error == std::errc::result_out_of_range) {
        throw std::invalid_argument(quoted(text) +
                                    " is too large a number of seconds");
    }
    // from_chars reads "nan" and "inf" too: neither is a timeout.
    if (error != std::errc{} || next != end || !std::isfinite(seconds) ||
        seconds < 0) {
        throw std::invalid_argument(quoted(text) +
                                    " is not a number of seconds (0 or more)");
    }
    return seconds;
}

std::uint64_t parseCount(std::string_view text, std::uint64_t minimum,
                         std::uint64_t maximum)
{
    const auto count = wholeNumber(text);
    if (!count || *count < minimum || *count > maximum) {
        throw std::invalid_argument(
            quoted(text) + " is not a whole number from " +
            std::to_string(minimum) + " to " + std::to_string(maximum));
    }
    return *count;
}

std::vector<std::string> parseChoices(std::string_view text,
                                      const std::vector<std::string>& choices,
                                      std::string_view noun)
{
    std::string names;
    for (const std::string& choice : choices) {
        names += (names.empty() ? "" : " or ") + choice;
    }
    std::vector<std::string> values;
    for (std::size_t at = 0; at <= text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        const std::string_view name = text.substr(at, comma - at);
        if (name.empty()) {
            throw std::invalid_argument(quoted(text) + " has an empty name: "
                                        "write " + names +
                                        ", separated by commas");
        }
        if (std::find(choices.begin(), choices.end(), name) == choices.end()) {
            throw std::invalid_argument(quoted(name) + " is not " +
                                        std::string{noun} + ": use " + names);
        }
        values.emplace_back(name);
        at = comma + 1;
    }
    return values;
}

namespace {

// Splits "[HOST:]PORT" (or "[ADDRESS]:PORT") into host and port text; the
// host is empty when none was written.
std::pair<std::string_view, std::string_view> splitEndpoint(
    std::string_view text, std::string_view form)
{
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            throw std::invalid_argument(quoted(text) + " has no closing ']'");
        }
        if (close + 1 == text.size() || text[close + 1] != ':') {
            throw std::invalid_argument(quoted(text) + " needs a port: write " +
                                        std::string{form});
        }
        return {text.substr(1, close - 1), text.substr(close + 2)};
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        // One word: a port when it is a number, else a host lacking one.
        if (!wholeNumber(text)) {
            throw std::invalid_argument(quoted(text) + " needs a port: write " +
                                        std::string{form});
        }
        return {{}, text};
    }
    if (text.find(':', colon + 1) != std::string_view::npos) {
        throw std::invalid_argument(quoted(text) +
                                    " has too many colons for " +
                                    std::string{form} +
                                    "; IPv6 goes in brackets");
    }
    return {text.substr(0, colon), text.substr(colon + 1)};
}

} // namespace

Endpoint parseEndpoint(std::string_view text, std::string_view defaultHost)
{
    const std::string_view form =
        defaultHost.empty() ? "HOST:PORT" : "[HOST:]PORT";
    const auto [host, portText] = splitEndpoint(text, form);
    if (host.empty() && defaultHost.empty()) {
        throw std::invalid_argument(quoted(text) + " needs a host: write " +
                                    std::string{form});
    }
    if (portText.empty()) {
        throw std::invalid_argument(quoted(text) + " needs a port: write " +
                                    std::string{form});
    }
    const auto port = wholeNumber(portText);
    if (!port || *port > std::numeric_limits<std::uint16_t>::max()) {
        const std::string where = host.empty() ? "" : " in " + quoted(text);
        throw std::invalid_argument(
            "port " + quoted(portText) + where +
            (port ? " is out of range (0-65535)" : " is not a number (0-65535)"));
    }
    return Endpoint{std::string{host.empty() ? defaultHost : host},
                    static_cast<std::uint16_t>(*port)};
}

namespace {

// Wraps a parser as a CLI11 validator: the parser's message becomes
// CLI11's one-line error, which the entry wrapper turns into exit 2.
template <typename Parse>
CLI::Validator validatorFrom(Parse parse)
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
        ""); // no name: --help shows the option's type name alone
}

// An option whose one value is parsed by `parse` and handed to `store`;
// CLI11 converts nothing itself.
template <typename Parse, typename Store>
CLI::Option* addParsedOption(CLI::App& app, const std::string& name,
                             Parse parse, Store store, std::string typeName,
                             const std::string& help)
{
    return app
        .add_option_function<std::string>(
            name, [parse, store](const std::string& text) { store(parse(text)); },
            help)
        ->type_name(std::move(typeName))
        ->check(validatorFrom(parse));
}

} // namespace

void addSecondsOption(CLI::App& app, const std::string& name, double& value,
                      const std::string& help)
{
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", value);
    addParsedOption(
        app, name, [](std::string_view text) { return parseSeconds(text); },
        [&value](double seconds) { value = seconds; }, "SECONDS", help)
        ->default_str(shown);
}

void addCountOption(CLI::App& app, const std::string& name,
                    std::uint64_t minimum, std::uint64_t maximum,
                    std::function<void(std::uint64_t)> store,
                    const std::string& shownDefault, const std::string& help)
{
    addParsedOption(
        app, name,
        [minimum, maximum](std::string_view text) {
            return parseCount(text, minimum, maximum);
        },
        std::move(store), "COUNT", help)
        ->default_str(shownDefault);
}

void addChoicesOption(CLI::App& app, const std::string& name,
                      std::vector<std::string>& values,
                      const std::vector<std::string>& choices,
                      const std::string& noun, const std::string& help)
{
    std::string shown;
    for (const std::string& value : values) {
        shown += (shown.empty() ? "" : ",") + value;
    }
    addParsedOption(
        app, name,
        [choices, noun](std::string_view text) {
            return parseChoices(text, choices, noun);
        },
        [&values](std::vector<std::string> parsed) {
            values = std::move(parsed);
        },
        "NAME,...", help)
        ->default_str(shown);
}

void addStallTimeout(CLI::App& app, SharedOptions& options,
                     double defaultSeconds)
{
    options.stallTimeout = defaultSeconds;
    addSecondsOption(app, "--stall-timeout", options.stallTimeout,
                     "Seconds without progress before the watchdog reports "
                     "a stall (exit 3); 0 turns it off");
}

void addSizeOption(CLI::App& app, const std::string& name, std::size_t& value,
                   std::string_view shownDefault, const std::string& help,
                   std::size_t minimum)
{
    addParsedOption(
        app, name,
        [minimum](std::string_view text) {
            const std::size_t size = parseSize(text);
            if (size < minimum) {
                throw std::invalid_argument(
                    quoted(text) + " is too small (at least " +
                    (minimum == 1 ? "1 byte" : formatBytes(minimum)) + ")");
            }
            return size;
        },
        [&value](std::size_t size) { value = size; }, "SIZE", help)
        ->default_str(std::string{shownDefault});
}

void addMemoryLimit(CLI::App& app, SharedOptions& options,
                    std::string_view defaultSize)
{
    options.memoryLimit = parseSize(defaultSize);
    addSizeOption(app, "--memory-limit", options.memoryLimit, defaultSize,
                  "Cap on the memory the demo may allocate (256MiB, 1GiB, "
                  "...); past it the demo fails cleanly with exit 4. Whatever "
                  "is asked, the cap stays under 3/4 of the memory the "
                  "machine has free; 0 asks for that ceiling alone");
}

void addListenConnect(CLI::App& app, SharedOptions& options)
{
    auto* listen = addParsedOption(
        app, "--listen",
        [](std::string_view text) { return parseEndpoint(text, "127.0.0.1"); },
        [&options](Endpoint endpoint) { options.listen = std::move(endpoint); },
        "[HOST:]PORT", "Run only the server side, on [HOST:]PORT");
    auto* connect = addParsedOption(
        app, "--connect",
        [](std::string_view text) { return parseEndpoint(text, ""); },
        [&options](Endpoint endpoint) { options.connect = std::move(endpoint); },
        "HOST:PORT", "Run only the client side, against HOST:PORT");
    listen->excludes(connect);
}

void addBackend(CLI::App& app, SharedOptions& options)
{
    static const std::vector<std::string> backends{"select", "poll", "epoll"};
    addParsedOption(
        app, "--backend",
        [](std::string_view text) {
            const auto names = parseChoices(text, backends, "a backend");
            if (names.size() != 1) {
                throw std::invalid_argument(quoted(text) +
                                            " names more than one backend");
            }
            return names.front();
        },
        [&options](std::string name) { options.backend = std::move(name); },
        "NAME", "The poller under the reactor: select, poll or epoll")
        ->default_str(options.backend);
}

} // namespace common
