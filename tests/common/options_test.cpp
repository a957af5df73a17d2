#include "chapter_app.hpp"
#include "memory_cap.hpp"
#include "options.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using common::parseEndpoint;
using common::parseSize;

TEST_CASE("parseSize reads plain numbers and binary and decimal units")
{
    CHECK(parseSize("4096") == 4096);
    CHECK(parseSize("12B") == 12);
    CHECK(parseSize("64KiB") == 64 * 1024);
    CHECK(parseSize("256MiB") == 256ull * 1024 * 1024);
    CHECK(parseSize("1GiB") == 1024ull * 1024 * 1024);
    CHECK(parseSize("1GB") == 1000ull * 1000 * 1000);
}

TEST_CASE("parseSize refuses what it cannot read, saying why")
{
    CHECK_THROWS_WITH_AS(parseSize("12XB"), doctest::Contains("unknown unit 'XB'"),
                         std::invalid_argument);
    CHECK_THROWS_AS(parseSize("MiB"), std::invalid_argument);
    CHECK_THROWS_AS(parseSize(""), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseSize("99999999999999999999GiB"),
                         doctest::Contains("large"), std::invalid_argument);
}

TEST_CASE("parseEndpoint takes [HOST:]PORT")
{
    const auto portOnly = parseEndpoint("8000", "127.0.0.1");
    CHECK(portOnly.host == "127.0.0.1");
    CHECK(portOnly.port == 8000);
    const auto both = parseEndpoint("localhost:9", "127.0.0.1");
    CHECK(both.host == "localhost");
    CHECK(both.port == 9);
    CHECK_THROWS_WITH_AS(parseEndpoint("70000", "127.0.0.1"),
                         doctest::Contains("out of range"),
                         std::invalid_argument);
    CHECK_THROWS_AS(parseEndpoint("host:http", ""), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint("8000", ""),
                         doctest::Contains("needs a host"),
                         std::invalid_argument);
}

TEST_CASE("parseEndpoint says which half is missing, and takes [IPv6]:PORT")
{
    CHECK_THROWS_WITH_AS(parseEndpoint("127.0.0.1", ""),
                         "'127.0.0.1' needs a port: write HOST:PORT",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint("localhost:", ""),
                         doctest::Contains("needs a port"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint(":80", ""),
                         doctest::Contains("needs a host"),
                         std::invalid_argument);
    // --listen takes [HOST:]PORT: an empty host is the default one.
    const auto anyHost = parseEndpoint(":0", "127.0.0.1");
    CHECK(anyHost.host == "127.0.0.1");
    CHECK(anyHost.port == 0);
    const auto ipv6 = parseEndpoint("[::1]:8000", "127.0.0.1");
    CHECK(ipv6.host == "::1");
    CHECK(ipv6.port == 8000);
    CHECK_THROWS_WITH_AS(parseEndpoint("127.0.0.1:22:0", "127.0.0.1"),
                         doctest::Contains("has too many colons"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint("[::1]", "127.0.0.1"),
                         doctest::Contains("needs a port"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint("[::1:80", "127.0.0.1"),
                         doctest::Contains("no closing ']'"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parseEndpoint("host:http", ""),
                         "port 'http' in 'host:http' is not a number (0-65535)",
                         std::invalid_argument);
}

TEST_CASE("parseSeconds takes finite decimals, 0 or more, and nothing else")
{
    CHECK(common::parseSeconds("2.5") == 2.5);
    CHECK(common::parseSeconds("0") == 0);
    CHECK(common::parseSeconds("1e3") == 1000);
    for (const char* bad : {"nan", "inf", "-inf", "-1", "abc", "", "1s", " 1"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(common::parseSeconds(bad),
                             doctest::Contains("is not a number of seconds"),
                             std::invalid_argument);
    }
    CHECK_THROWS_WITH_AS(common::parseSeconds("1e999"),
                         "'1e999' is too large a number of seconds",
                         std::invalid_argument);
}

TEST_CASE("parseCount takes whole decimal numbers within its range")
{
    CHECK(common::parseCount("7", 1, 10) == 7);
    CHECK(common::parseCount("10", 1, 10) == 10);
    for (const char* bad :
         {"0", "11", "-1", "abc", "", "1e3", "0x10", "99999999999999999999"}) {
        CAPTURE(bad);
        const std::string expected =
            "'" + std::string{bad} + "' is not a whole number from 1 to 10";
        CHECK_THROWS_WITH_AS(common::parseCount(bad, 1, 10), expected.c_str(),
                             std::invalid_argument);
    }
}

TEST_CASE("parseChoices reads a list of names, refusing unknown and empty ones")
{
    const std::vector<std::string> buttons{"hello", "world"};
    CHECK(common::parseChoices("hello,world,hello", buttons, "a button") ==
          std::vector<std::string>{"hello", "world", "hello"});
    CHECK_THROWS_WITH_AS(common::parseChoices("hello,hullo", buttons, "a button"),
                         "'hullo' is not a button: use hello or world",
                         std::invalid_argument);
    for (const char* bad : {",", "", "hello,", ",world", "hello,,world"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(common::parseChoices(bad, buttons, "a button"),
                             doctest::Contains("has an empty name"),
                             std::invalid_argument);
    }
}

namespace {

// Parses argv with a ChapterApp that has every shared option; returns the
// exit code run() gives and the shared options it parsed.
int parseWith(std::vector<std::string> args, common::SharedOptions& out)
{
    common::ChapterApp app{"options_test", "test"};
    app.addStallTimeout(3);
    app.addMemoryLimit("256MiB");
    app.addListenConnect();
    args.insert(args.begin(), "options_test");
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    const int code = app.run(static_cast<int>(argv.size()), argv.data(),
                             [&] {
                                 out = app.shared();
                                 return 0;
                             });
    common::memory::setLimit(0);
    return code;
}

} // namespace

TEST_CASE("shared options: good values are parsed, bad ones exit 2")
{
    // run() starts the watchdog, so each parse happens in a child process.
    auto exitOf = [](std::vector<std::string> args) {
        return testing::runInChild([args] {
            common::SharedOptions parsed;
            return parseWith(args, parsed);
        });
    };
    CHECK(exitOf({}).exitCode == 0);
    CHECK(exitOf({"--memory-limit", "1GiB", "--stall-timeout", "0"}).exitCode ==
          0);
    CHECK(exitOf({"--listen", "0"}).exitCode == 0);

    const auto badSize = exitOf({"--memory-limit", "12XB"});
    CHECK(badSize.exitCode == 2);
    CHECK(badSize.output.find("unknown unit 'XB'") != std::string::npos);
    CHECK(badSize.output.find("Run with --help") != std::string::npos);

    const auto badPort = exitOf({"--listen", "70000"});
    CHECK(badPort.exitCode == 2);
    CHECK(badPort.output.find("out of range") != std::string::npos);

    CHECK(exitOf({"--listen", "1", "--connect", "h:2"}).exitCode == 2);
    CHECK(exitOf({"--stall-timeout", "-1"}).exitCode == 2);
    CHECK(exitOf({"--no-such-option"}).exitCode == 2);
}

TEST_CASE("shared options reach the demo with their values")
{
    const auto result = testing::runInChild([] {
        common::SharedOptions parsed;
        const int code = parseWith({"--memory-limit", "1MiB", "--stall-timeout",
                                    "2.5", "--connect", "example:80"},
                                   parsed);
        const bool right = parsed.memoryLimit == 1024 * 1024 &&
                           parsed.stallTimeout == 2.5 && parsed.connect &&
                           parsed.connect->host == "example" &&
                           parsed.connect->port == 80 && !parsed.listen;
        return code == 0 && right ? 0 : 1;
    });
    CHECK(result.exitCode == 0);
}

TEST_CASE("a size option refuses values below its minimum, and keeps its "
          "default when not given")
{
    auto parse = [](std::vector<std::string> args, std::size_t& value) {
        CLI::App app{"test"};
        common::addSizeOption(app, "--total", value, "1KiB", "bytes", 16);
        args.insert(args.begin(), "test");
        std::vector<const char*> argv;
        for (const auto& arg : args) {
            argv.push_back(arg.c_str());
        }
        app.parse(static_cast<int>(argv.size()), argv.data());
    };
    std::size_t value = 1024;
    parse({}, value);
    CHECK(value == 1024);
    parse({"--total", "2MiB"}, value);
    CHECK(value == 2 * 1024 * 1024);
    CHECK_THROWS_WITH_AS(parse({"--total", "8"}, value),
                         doctest::Contains("too small (at least 16 bytes)"),
                         CLI::ValidationError);
    CHECK_THROWS_AS(parse({"--total", "8XB"}, value), CLI::ValidationError);
}
