// 15_threads_signals: chapter 14's chat room (the default, and `chat`), now
// with members connecting by host name (looked up in the thread pool), a
// /fortune command served from the pool, and a graceful close on SIGINT or
// SIGTERM: the scripted run ends by signalling itself; `--listen` runs the
// room for nc or telnet until Ctrl-C closes it. The rest is chapter 13's: the echo demo (`echo`)
// is the seed's echo server written with streams, and the seed's test of
// it (--clients N clients connect at once, each checking that its own
// message comes back); chapter 09's echo demo is `timed-echo`, chapter
// 07's stream demo `stream`, and the poetry demo (`poetry`, `poetry
// serve`) chapter 12's: one task per poem, gathered.
#include "address.hpp"
#include "chat_demo.hpp"
#include "demo.hpp"
#include "echo_demo.hpp"
#include "listener.hpp"
#include "poems.hpp"
#include "poetry_demo.hpp"
#include "reactor.hpp"
#include "stream_echo_demo.hpp"
#include "transport.hpp"

#include "chapter_app.hpp"
#include "error.hpp"
#include "memory_cap.hpp"
#include "options.hpp"
#include "output.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace {

// Checks an ADDRESS as it is parsed: unix:PATH, or [HOST:]PORT (HOST:PORT
// when `defaultHost` is empty), in Address::parse's words when it is not.
CLI::Validator addressCheck(std::string defaultHost)
{
    return CLI::Validator(
        [defaultHost](std::string& text) -> std::string {
            try {
                Address::parse(text, defaultHost);
                return {};
            } catch (const std::invalid_argument& error) {
                return error.what();
            }
        },
        ""); // no name: --help shows the type name alone
}

// --failure-rate: a share of the poems, from 0 to 1, in decimal.
double parseShare(const std::string& text)
{
    double share = -1;
    const char* end = text.data() + text.size();
    const auto [next, error] = std::from_chars(text.data(), end, share);
    if (error != std::errc{} || next != end || !(share >= 0 && share <= 1)) {
        throw std::invalid_argument{"'" + text +
                                    "' is not a share from 0 to 1"};
    }
    return share;
}

// Checks a SHARE as it is parsed, in parseShare's words.
CLI::Validator shareCheck()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            try {
                parseShare(text);
                return {};
            } catch (const std::invalid_argument& error) {
                return error.what();
            }
        },
        "");
}

// region: both-sides
int runBothSides(Demo& demo, const std::string& backend)
{
    Reactor reactor{makePoller(backend)};
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&demo] { return demo.newServer(); });
    demo.listen(*listener);
    listener->activate();
    const std::uint16_t port = common::boundPort(listener->fileno());

    auto connection = std::make_shared<Transport>(
        reactor, common::connectTcp("127.0.0.1", port), demo.client());
    demo.start(*connection);
    connection->activate();
    // run() would never return: the listener is always registered. So the
    // loop turns until the stream is over, the listener stops, and run()
    // finishes what is left (the server reading the end of the stream).
    while (!demo.client()->lost()) {
        reactor.iterate();
    }
    listener->stopListening();
    reactor.run();
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    return demo.report(*connection);
}
// endregion: both-sides

int runServer(Demo& demo, const common::Endpoint& where,
              const std::string& backend)
{
    // A server alone waits for clients, and waiting for a peer is not a
    // stall: only Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor{makePoller(backend)};
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(where.host, where.port),
        [&demo] { return demo.newServer(); });
    demo.listen(*listener);
    listener->activate();
    std::cout << "Listening on " << where.host << ':'
              << common::boundPort(listener->fileno())
              << "; Ctrl-C to stop.\n";
    reactor.run();
    return 0;
}

int runClient(Demo& demo, const common::Endpoint& where,
              const std::string& backend)
{
    Reactor reactor{makePoller(backend)};
    auto connection = std::make_shared<Transport>(
        reactor, common::connectTcp(where.host, where.port), demo.client());
    demo.start(*connection);
    connection->activate();
    reactor.run(); // ends when the client's connection is gone
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    return demo.report(*connection);
}

// chapter 07's demo, as the subcommand `stream`
int runStream(const common::ChapterApp& app, const Settings& settings,
              std::optional<Demo>& demo)
{
    if (settings.lowWater > settings.highWater) {
        throw common::UsageError{"--low-water must not be above "
                                 "--high-water"};
    }
    // The producer is paused only above the high water mark: a mark at or
    // above the cap lets the buffer fill memory first.
    if (const std::size_t cap = common::memory::limit();
        !app.shared().listen && cap != 0 && settings.highWater >= cap) {
        throw common::UsageError{
            "--high-water (" + common::formatBytes(settings.highWater) +
            ") must be below the memory cap (" + common::formatBytes(cap) +
            ")"};
    }
    if (settings.readSize > Transport::maxReadSize) {
        throw common::UsageError{
            "--read-size (" + common::formatBytes(settings.readSize) +
            ") must be at most " + common::formatBytes(Transport::maxReadSize)};
    }
    demo.emplace(settings);
    const auto describing =
        common::Watchdog::describe([&demo] { return demo->describe(); });
    const common::SharedOptions& options = app.shared();
    if (options.listen) {
        return runServer(*demo, *options.listen, options.backend);
    }
    if (options.connect) {
        return runClient(*demo, *options.connect, options.backend);
    }
    return runBothSides(*demo, options.backend);
}

// region: poetry-options
struct PoetryCommands {
    CLI::App* client; // `poetry`
    CLI::App* serve;  // `poetry serve`
};

PoetryCommands addPoetry(CLI::App& cli, PoetrySettings& poetry,
                         ServeSettings& serve)
{
    CLI::App& client = *cli.add_subcommand(
        "poetry", "The slow poetry servers and the client that fetches "
                  "from all of them at once");
    client.fallthrough();
    client.add_option("--connect", poetry.connect,
                      "Fetch a poem from the server at ADDRESS (unix:PATH or "
                      "HOST:PORT); repeat it for more. Without it, three "
                      "slow servers run in this process")
        ->type_name("ADDRESS")
        ->check(addressCheck(""))
        ->expected(1)
        ->take_all();
    common::addSecondsOption(client, "--timeout", poetry.timeout,
                             "Seconds a connect, or a silence between two "
                             "chunks, may last; 0: no limit");
    client.add_flag("--unix", poetry.unixSockets,
                    "Our three servers listen on Unix domain sockets, not "
                    "on TCP ports");
    client.add_flag("--add-refused", poetry.addRefused,
                    "One more poem, from an address where nobody listens");
    client.add_flag("--add-unanswered", poetry.addUnanswered,
                    "One more poem, from a server that never answers: its "
                    "connect times out");
    common::addCountOption(client, "--seed", poetry.seed, std::uint64_t{0},
                           std::uint64_t{4294967295},
                           "Chooses which poems cummingsify fails on");
    client
        .add_option_function<std::string>(
            "--failure-rate",
            [&poetry](const std::string& text) {
                poetry.failureRate = parseShare(text);
            },
            "The share of the poems cummingsify fails on, from 0 to 1")
        ->type_name("SHARE")
        ->default_str("0.33")
        ->check(shareCheck());

    CLI::App& server = *client.add_subcommand(
        "serve", "One slow poetry server, alone, until Ctrl-C");
    server.fallthrough();
    server.add_option("--listen", serve.listen,
                      "Listen on ADDRESS (unix:PATH or [HOST:]PORT); "
                      "without it, on a port the OS picks")
        ->type_name("ADDRESS")
        ->check(addressCheck("127.0.0.1"));
    common::addCountOption(server, "--delay", serve.delayMs, std::uint64_t{0},
                           std::uint64_t{60000},
                           "Milliseconds between two chunks");
    server.get_option("--delay")->type_name("MS");
    common::addSizeOption(server, "--chunk", serve.chunk, "30",
                          "Bytes in each chunk", 1);
    server.add_option("POEM", serve.poem,
                      "The poem to send: " + poemNames() +
                          ", or a file's path")
        ->type_name("");
    return {&client, &server};
}

// The shared --listen and --connect are the other demos'; the poetry
// demo has its own, after its name, and the client's options are not the
// server's.
void checkPoetryOptions(const common::ChapterApp& app,
                        const PoetryCommands& commands)
{
    if (app.shared().listen || app.shared().connect) {
        throw common::UsageError{"poetry takes --connect after 'poetry', "
                                 "and --listen after 'poetry serve'"};
    }
    if (!commands.serve->parsed()) {
        return;
    }
    for (const char* name :
         {"--connect", "--timeout", "--unix", "--add-refused",
          "--add-unanswered", "--seed", "--failure-rate"}) {
        if (commands.client->count(name) > 0) {
            throw common::UsageError{std::string{name} +
                                     " is for the client, not for "
                                     "poetry serve"};
        }
    }
    if (commands.serve->count("POEM") == 0) {
        throw common::UsageError{"poetry serve needs a POEM: " +
                                 poemNames() + ", or a file"};
    }
}
// endregion: poetry-options

// region: echo-checks
// The echo demo's options: --clients, --size and --timeout are the
// clients', and so not for --listen, nor for the other demos; and every
// message is held several times in this process (by its client, in both
// transports' buffers, by the reader that checks the echo), so their
// total is bounded.
void checkEchoOptions(const CLI::App& cli,
                      const common::SharedOptions& options,
                      const StreamEchoSettings& settings)
{
    constexpr std::size_t maxSize = 1024 * 1024;
    constexpr std::size_t maxTotal = 64 * 1024 * 1024;
    if (settings.size > maxSize) {
        throw common::UsageError{"--size must be at most 1.0 MiB"};
    }
    if (settings.size * settings.clients > maxTotal) {
        throw common::UsageError{
            "--clients times --size must be at most 64.0 MiB"};
    }
    if (options.listen) {
        for (const char* name : {"--clients", "--size", "--timeout"}) {
            if (cli.count(name) > 0) {
                throw common::UsageError{
                    std::string{name} +
                    " is for the clients, not for --listen"};
            }
        }
    }
}

// The echo demo's options belong to it alone.
void checkNotEchoOptions(const CLI::App& cli, const std::string& demo)
{
    for (const char* name : {"--clients", "--size", "--timeout"}) {
        if (cli.count(name) > 0) {
            throw common::UsageError{std::string{name} +
                                     " is for the echo demo, not for " +
                                     demo};
        }
    }
}
// endregion: echo-checks

// region: run-chat
// The room's options belong to it alone.
void checkNotChatOptions(const CLI::App& cli)
{
    for (const char* name :
         {"--max-line", "--hard-limit", "--soft-limit", "--soft-seconds",
          "--shutdown-grace"}) {
        if (cli.count(name) > 0) {
            throw common::UsageError{std::string{name} +
                                     " is for the chat room"};
        }
    }
}

int runChat(const common::SharedOptions& options, ChatDemoSettings& chat)
{
    if (chat.room.limits.soft > chat.room.limits.hard) {
        throw common::UsageError{"--soft-limit must not be above "
                                 "--hard-limit"};
    }
    if (chat.room.maxLine > 1024 * 1024) {
        throw common::UsageError{"--max-line must be at most 1.0 MiB"};
    }
    if (options.connect) {
        throw common::UsageError{"the chat room takes --listen, not "
                                 "--connect: its clients are nc or telnet"};
    }
    if (options.listen) {
        return runChatServer(chat, *options.listen, options.backend);
    }
    return runChatDemo(chat, options);
}
// endregion: run-chat

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "15_threads_signals",
        "One reactor on three pollers (--backend select, poll or epoll), "
        "with timers,\ncoroutines and streams.\nchat (the default): a chat "
        "room on streams, played by a script in one\nprocess, with a member "
        "that never reads until the room cuts it off;\n--listen runs the "
        "room for nc or telnet until Ctrl-C.\necho: the echo "
        "server written with streams, a coroutine per\nconnection, and "
        "--clients N clients connecting at once, each checking that\nits "
        "own message comes back; echo --listen serves outside clients, "
        "--connect tests\nanother server.\ntimed-echo: chapter 09's echo server "
        "with timers, idle connections and one\nbusy client. stream: "
        "chapter 07's doubling stream under back-pressure.\npoetry: three "
        "slow poetry servers and a client fetching from all of them\nat "
        "once, each poem a coroutine, run through cummingsify, which fails "
        "on\npurpose for a share of them; poetry serve: one server alone."};
    app.addStallTimeout(3);
    app.addMemoryLimit("256MiB");
    app.addListenConnect();
    app.addBackend();
    CLI::App& cli = app.cli();
    cli.require_subcommand(0, 1);

    // region: echo-options
    StreamEchoSettings streamEcho;
    common::addCountOption(cli, "--clients", streamEcho.clients,
                           std::uint64_t{1}, maxEchoClients,
                           "Clients that connect at once (echo)");
    common::addSizeOption(cli, "--size", streamEcho.size, "0",
                          "Bytes in each client's message (echo), at most "
                          "1MiB; 0: its greeting alone");
    common::addSecondsOption(cli, "--timeout", streamEcho.timeout,
                             "Seconds each client may take, from its connect "
                             "to its whole echo (echo); 0: no limit");
    CLI::App& echoCommand =
        *cli.add_subcommand("echo", "The echo demo with streams");
    echoCommand.fallthrough();

    EchoSettings echo;
    CLI::App& timedEcho = *cli.add_subcommand(
        "timed-echo", "Chapter 09's echo demo: timers, idle connections and "
                      "one busy client");
    timedEcho.fallthrough();
    common::addCountOption(timedEcho, "--idle", echo.idle, std::uint64_t{0},
                           std::uint64_t{100000},
                           "Idle connections beside the busy one");
    common::addCountOption(timedEcho, "--rounds", echo.rounds,
                           std::uint64_t{1}, std::uint64_t{100000000},
                           "Round trips the busy client makes");
    common::addSizeOption(timedEcho, "--size", echo.size, "32",
                          "Bytes in each ping, at most 64KiB", 1);
    common::addSecondsOption(timedEcho, "--idle-timeout", echo.idleTimeout,
                             "Drop a connection silent this long; 0: never");
    timedEcho.add_flag("--debug", echo.debug,
                       "Report every callback or handler that holds the "
                       "loop longer than --slow-callback");
    common::addSecondsOption(timedEcho, "--slow-callback", echo.slowCallback,
                             "What --debug counts as holding the loop");
    // endregion: echo-options

    // region: chat-options
    ChatDemoSettings chat;
    cli.add_subcommand("chat", "The chat room (the default)")->fallthrough();
    common::addSizeOption(cli, "--max-line", chat.room.maxLine, "4KiB",
                          "The longest line a member may send (chat)", 16);
    common::addSizeOption(cli, "--hard-limit", chat.room.limits.hard,
                          "256KiB",
                          "Cut a member whose queue passes this (chat)", 1);
    common::addSizeOption(cli, "--soft-limit", chat.room.limits.soft, "64KiB",
                          "Cut a member whose queue stays above this for "
                          "--soft-seconds (chat)", 1);
    double softSeconds = 10;
    common::addSecondsOption(cli, "--soft-seconds", softSeconds,
                             "How long a queue may stay above --soft-limit "
                             "(chat)");
    double graceSeconds = 5;
    common::addSecondsOption(cli, "--shutdown-grace", graceSeconds,
                             "How long, after Ctrl-C or SIGTERM, the room "
                             "sends what it queued before it cuts (chat)");
    // endregion: chat-options

    Settings settings;
    CLI::App& stream = *cli.add_subcommand(
        "stream", "Chapter 07's doubling stream, written by a push "
                  "producer under back-pressure");
    stream.fallthrough();
    common::addSizeOption(stream, "--total", settings.total, "1GiB",
                  "Bytes the client sends in all", 1);
    stream.add_flag("--whole-writes", settings.wholeWrites,
                 "Write each message in one piece, as chapter 05 does, "
                 "instead of 16 KiB at a time");
    common::addSizeOption(stream, "--high-water", settings.highWater, "64KiB",
                  "Pause the producer when more than this is buffered", 1);
    common::addSizeOption(stream, "--low-water", settings.lowWater, "16KiB",
                  "Resume the producer when this much or less is left", 0);
    common::addSizeOption(stream, "--read-size", settings.readSize, "64KiB",
                  "Bytes each recv() asks for, at most 64KiB; 1KiB reads as "
                  "chapter 05 does", 1);

    PoetrySettings poetry;
    ServeSettings serve;
    const PoetryCommands poetryCommands = addPoetry(cli, poetry, serve);

    std::optional<Demo> demo; // made once the options are known
    app.onOutOfMemory([&demo] {
        return demo ? demo->explainOutOfMemory() : std::string{};
    });
    return app.run(argc, argv, [&] {
        const bool chatting = !poetryCommands.client->parsed() &&
                              !stream.parsed() && !echoCommand.parsed() &&
                              !timedEcho.parsed();
        if (!chatting) {
            checkNotChatOptions(cli);
        }
        if (poetryCommands.client->parsed()) {
            checkNotEchoOptions(cli, "poetry");
            checkPoetryOptions(app, poetryCommands);
            return poetryCommands.serve->parsed()
                       ? runPoetryServer(serve, app.shared())
                       : runPoetryClient(poetry, app.shared());
        }
        if (chatting) {
            checkNotEchoOptions(cli, "the chat room");
            chat.grace = std::chrono::duration_cast<Duration>(
                std::chrono::duration<double>(graceSeconds));
            chat.room.limits.softFor =
                std::chrono::duration_cast<Duration>(
                    std::chrono::duration<double>(softSeconds));
            return runChat(app.shared(), chat);
        }
        if (timedEcho.parsed()) {
            checkNotEchoOptions(cli, "timed-echo");
            if (echo.size > Transport::maxReadSize) {
                throw common::UsageError{"--size must be at most 64.0 KiB"};
            }
            return runEcho(echo, app.shared());
        }
        if (!stream.parsed()) {
            checkEchoOptions(cli, app.shared(), streamEcho);
            return runStreamEcho(streamEcho, app.shared());
        }
        checkNotEchoOptions(cli, "stream");
        return runStream(app, settings, demo);
    });
}
