// Every bad value of every option of every chapter program: one short line
// naming the option and the value, the --help hint, exit 2, and none of
// CLI11's own wording. The table is the test: add a row for a new option.
#include "chapter_binary.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

struct BadValues {
    std::string option;
    std::vector<std::string> values;
};

const std::vector<std::string> secondsValues{"abc", "-1", "", "nan", "inf",
                                             "1e999", "1s"};
const std::vector<std::string> sizeValues{"12XB", "", "-1", "abc", "MiB",
                                          "99999999999999999999GiB"};
const std::vector<std::string> listenValues{
    "70000", "", "abc", "127.0.0.1:22:0", "[::1", "host:http", "127.0.0.1:"};
const std::vector<std::string> connectValues{
    "127.0.0.1", "", ":80", "8000", "host:", "127.0.0.1:99999", "a:b:c"};

const BadValues stallTimeout{"--stall-timeout", secondsValues};
const BadValues memoryLimit{"--memory-limit", sizeValues};
const BadValues listen{"--listen", listenValues};
const BadValues connect{"--connect", connectValues};

const std::vector<BadValues> timersOptions{
    stallTimeout, memoryLimit, listen, connect,
    {"--backend", {"kqueue", "", "select,poll"}},
    {"--idle", {"abc", "-1", "", "100001"}},
    {"--rounds", {"0", "abc", ""}},
    {"--size", {"0", "abc", ""}},
    {"--idle-timeout", secondsValues},
    {"--slow-callback", secondsValues}};

// The echo demo with streams: the default of 13, `echo` from 14 on.
const std::vector<BadValues> streamEchoOptions{
    stallTimeout, memoryLimit, listen, connect,
    {"--backend", {"kqueue", "", "select,poll"}},
    {"--clients", {"0", "abc", "-1", "", "10001", "1e3"}},
    {"--size", {"abc", "", "-1", "1XB"}},
    {"--timeout", secondsValues}};

// Chapter 09's echo demo as the subcommand timed-echo (13 on): its own
// options, given after its name.
const std::vector<BadValues> timedEchoOptions{
    {"--idle", {"abc", "-1", "", "100001"}},
    {"--rounds", {"0", "abc", ""}},
    {"--size", {"0", "abc", ""}},
    {"--idle-timeout", secondsValues},
    {"--slow-callback", secondsValues}};

// A program's options plus the chat room's (14 on).
std::vector<BadValues> withChat(std::vector<BadValues> options)
{
    options.push_back({"--max-line", {"0", "15", "abc", ""}});
    options.push_back({"--hard-limit", {"0", "abc", ""}});
    options.push_back({"--soft-limit", {"0", "abc", ""}});
    options.push_back({"--soft-seconds", secondsValues});
    return options;
}

// Chapter 15's room adds how long its shutdown may take.
std::vector<BadValues> withShutdown(std::vector<BadValues> options)
{
    options.push_back({"--shutdown-grace", secondsValues});
    return options;
}

struct Program {
    std::string name;
    std::vector<BadValues> options;
};

const std::vector<Program> programs{
    {"01_busy_wait",
     {{"--clicks", {"hullo", ",", "", "hello,,world", "hello,"}},
      {"--interval-ms", {"0", "abc", "-1", "1e3", "", "60001", "0x10",
                         "99999999999999999999"}},
      {"--sleep-ms", {"-1", "abc", "10001", ""}}}},
    {"02_select", {}},
    {"03_select_reactor", {stallTimeout, memoryLimit, listen, connect}},
    {"04_nonblocking", {stallTimeout}},
    {"05_buffers_writes", {stallTimeout, memoryLimit}},
    {"06_transports_protocols",
     {stallTimeout, listen, connect,
      {"--maximum", {"0", "abc", "-5", "1e3", "", "0x10", "1000000001"}}}},
    {"07_producers_consumers",
     {stallTimeout, memoryLimit, listen, connect,
      {"--total", {"0", "abc", "", "-1", "1XB"}},
      {"--high-water", {"0", "abc", ""}},
      {"--low-water", {"abc", "", "-1"}},
      {"--read-size", {"0", "abc", ""}}}},
    // The echo options; the stream subcommand's are 07's, checked above.
    {"08_poll_epoll",
     {stallTimeout, memoryLimit, listen, connect,
      {"--backend", {"kqueue", "", "select,poll"}},
      {"--idle", {"abc", "-1", "", "100001"}},
      {"--rounds", {"0", "abc", ""}},
      {"--size", {"0", "abc", ""}}}},
    // 08's echo options, and the timers' own; unchanged from 10 on.
    {"09_timers", timersOptions},
    {"10_connect", timersOptions},
    {"11_deferreds", timersOptions},
    {"12_coroutines", timersOptions},
    // The echo demo with streams, the default of 13; 09's echo options
    // moved to its subcommand timed-echo (below).
    {"13_streams", streamEchoOptions},
    // The chat room, the default from 14 on, its limits beside the echo's
    // options (which the echo subcommand takes from the top, fallthrough).
    {"14_chat", withChat(streamEchoOptions)},
    {"15_threads_signals", withShutdown(withChat(streamEchoOptions))},
};

// The options of subcommands, given after the subcommand's name (and
// its subcommand's).
struct Subcommand {
    std::string program;
    std::vector<std::string> names; // "poetry", "serve"
    std::vector<BadValues> options;
};

const std::vector<std::string> addressValues{
    "127.0.0.1", "", ":80", "8000", "host:", "127.0.0.1:99999", "a:b:c",
    "unix:"};

// The poetry demo's options, from chapter 10 on.
const std::vector<BadValues> poetryClientOptions{
    {"--connect", addressValues}, {"--timeout", secondsValues}};
const std::vector<BadValues> poetryServerOptions{
    {"--listen", {"70000", "", "abc", "127.0.0.1:22:0", "[::1", "unix:"}},
    {"--delay", {"abc", "-1", "", "60001", "0.5", "1e3"}},
    {"--chunk", {"0", "abc", "", "-1", "1XB"}}};

// Chapter 11's client adds cummingsify's --seed and --failure-rate, and
// chapter 12's keeps them.
std::vector<BadValues> withCummingsify(std::vector<BadValues> options)
{
    options.push_back({"--seed", {"abc", "-1", "", "4294967296", "0.5"}});
    options.push_back({"--failure-rate",
                       {"abc", "-0.1", "1.5", "", "nan", "inf", "0x1p-1",
                        "50%"}});
    return options;
}

const std::vector<Subcommand> subcommands{
    {"10_connect", {"poetry"}, poetryClientOptions},
    {"10_connect", {"poetry", "serve"}, poetryServerOptions},
    {"11_deferreds", {"poetry"}, withCummingsify(poetryClientOptions)},
    {"11_deferreds", {"poetry", "serve"}, poetryServerOptions},
    {"12_coroutines", {"poetry"}, withCummingsify(poetryClientOptions)},
    {"12_coroutines", {"poetry", "serve"}, poetryServerOptions},
    {"13_streams", {"timed-echo"}, timedEchoOptions},
    {"13_streams", {"poetry"}, withCummingsify(poetryClientOptions)},
    {"13_streams", {"poetry", "serve"}, poetryServerOptions},
    {"14_chat", {"timed-echo"}, timedEchoOptions},
    {"14_chat", {"poetry"}, withCummingsify(poetryClientOptions)},
    {"14_chat", {"poetry", "serve"}, poetryServerOptions},
    {"15_threads_signals", {"timed-echo"}, timedEchoOptions},
    {"15_threads_signals", {"poetry"}, withCummingsify(poetryClientOptions)},
    {"15_threads_signals", {"poetry", "serve"}, poetryServerOptions},
};

// CLI11's words, which must never reach a reader.
const std::vector<std::string> internals{
    "not in range", "required", "Could not convert", "not expected",
    "TEXT", "UINT", "FLOAT", "INT", "At Most", "Value "};

std::string binary(const std::string& name)
{
    return testing::chapterBinary(name);
}

std::string firstLine(const std::string& text)
{
    return text.substr(0, text.find('\n'));
}

// One bad command line: checks everything a reader should see.
void checkRefused(const std::string& program,
                  const std::vector<std::string>& args,
                  const std::vector<std::string>& mustName)
{
    std::vector<std::string> argv{binary(program)};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = testing::runProcess(argv);
    const std::string line = firstLine(result.output);
    std::string shown = program;
    for (const auto& arg : args) {
        shown += " '" + arg + "'";
    }
    CAPTURE(shown);
    CAPTURE(result.output);
    CHECK(result.exitCode == 2);
    CHECK(line.starts_with("error: "));
    CHECK(line.size() <= 100);
    for (const std::string& name : mustName) {
        CHECK(line.find(name) != std::string::npos);
    }
    CHECK(result.output.find("\nRun with --help for more information.\n") !=
          std::string::npos);
    for (const std::string& word : internals) {
        CHECK(line.find(word) == std::string::npos);
    }
}

} // namespace

TEST_CASE("every bad option value of every program is one short line, exit 2")
{
    for (const Program& program : programs) {
        for (const BadValues& option : program.options) {
            for (const std::string& value : option.values) {
                // As two arguments, and as --option=value.
                checkRefused(program.name, {option.option, value},
                             {option.option + ": ", "'" + value + "'"});
                checkRefused(program.name, {option.option + "=" + value},
                             {option.option});
            }
            // The option with no value at all.
            checkRefused(program.name, {option.option},
                         {option.option + " needs a value"});
        }
    }
}

// The subcommand's names, then `rest`.
std::vector<std::string> after(const Subcommand& subcommand,
                               std::vector<std::string> rest)
{
    rest.insert(rest.begin(), subcommand.names.begin(),
                subcommand.names.end());
    return rest;
}

TEST_CASE("every bad option value of every subcommand is one short line, "
          "exit 2")
{
    for (const Subcommand& sub : subcommands) {
        for (const BadValues& option : sub.options) {
            for (const std::string& value : option.values) {
                checkRefused(sub.program, after(sub, {option.option, value}),
                             {option.option + ": ", "'" + value + "'"});
                checkRefused(sub.program,
                             after(sub, {option.option + "=" + value}),
                             {option.option});
            }
            checkRefused(sub.program, after(sub, {option.option}),
                         {option.option + " needs a value"});
        }
        checkRefused(sub.program, after(sub, {"--no-such-option"}),
                     {"unexpected argument '--no-such-option'"});
    }
}

TEST_CASE("unknown options and stray arguments, empty ones too, are named")
{
    for (const Program& program : programs) {
        checkRefused(program.name, {""}, {"unexpected argument ''"});
        checkRefused(program.name, {"--no-such-option"},
                     {"unexpected argument '--no-such-option'"});
        checkRefused(program.name, {"stray"}, {"unexpected argument 'stray'"});
    }
}

TEST_CASE("options given twice or together that exclude each other")
{
    checkRefused("06_transports_protocols", {"--maximum", "1", "--maximum", "2"},
                 {"--maximum is given more than once"});
    checkRefused("06_transports_protocols", {"--listen", "0", "--connect", "a:1"},
                 {"--listen"});
    checkRefused("07_producers_consumers", {"--whole-writes=abc"},
                 {"--whole-writes is a flag"});
    checkRefused("09_timers", {"--debug=abc"}, {"--debug is a flag"});
    // The poetry demo's own --connect and --listen, not the shared ones;
    // the server's options and the client's apart.
    checkRefused("10_connect", {"--listen", "9000", "poetry"},
                 {"--listen after 'poetry serve'"});
    checkRefused("10_connect", {"poetry", "serve", "--timeout", "1", "summer"},
                 {"--timeout is for the client"});
    checkRefused("10_connect", {"poetry", "serve"}, {"needs a POEM"});
    checkRefused("10_connect", {"poetry", "serve", "no-such-poem"},
                 {"'no-such-poem'", "science"});
    checkRefused("10_connect", {"poetry", "--unix=abc"}, {"--unix is a flag"});
    checkRefused("11_deferreds",
                 {"poetry", "serve", "--failure-rate", "1", "summer"},
                 {"--failure-rate is for the client"});
}
