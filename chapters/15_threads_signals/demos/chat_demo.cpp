#include "chat_demo.hpp"

#include "address.hpp"
#include "chat_session.hpp"
#include "chat_shutdown.hpp"
#include "defer_to_thread.hpp"
#include "fortunes.hpp"
#include "gather.hpp"
#include "open_connection.hpp"
#include "poller.hpp"
#include "reactor.hpp"
#include "run_until_complete.hpp"
#include "sleep.hpp"
#include "start_server.hpp"
#include "stream_errors.hpp"

#include "exit_codes.hpp"
#include "memory_cap.hpp"
#include "output.hpp"
#include "watchdog.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

// region: demo-client
// A member as the script plays it: a name and its connection's streams.
struct Client {
    std::string name;
    StreamReader reader;
    StreamWriter writer;
};

Task<std::string> nextLine(Client& client)
{
    std::string line = co_await client.reader.readLine();
    if (line.empty()) {
        throw std::runtime_error{client.name + ": the room closed the "
                                               "connection"};
    }
    line.pop_back();
    co_return line;
}

// The names and lines are the script's literals (a const char*: GCC 12
// rejects a string literal given to a coroutine's std::string parameter).
Task<Client> connect(Reactor& reactor, std::uint16_t port, const char* name)
{
    // By name, as a reader's client would: looked up in the thread pool.
    Streams streams =
        co_await openConnection(reactor, Address::tcp("localhost", port));
    Client client{name, streams.reader, streams.writer};
    co_await nextLine(client); // the welcome: "* Welcome! Your nickname?"
    co_return client;
}

// `from` sends `text`; then each of `seers` reads its next line, printed
// under it. The step is over when they all have: so the transcript is the
// same on every run.
// (Up to three seers as arguments: GCC 12 rejects a braced list inside a
// co_await expression.)
Task<void> step(Client& from, const char* text, Client* first,
                Client* second = nullptr, Client* third = nullptr)
{
    std::vector<Client*> seers{first};
    for (Client* more : {second, third}) {
        if (more != nullptr) {
            seers.push_back(more);
        }
    }
    std::cout << from.name << "> " << text << '\n';
    from.writer.write(std::string{text} + "\n");
    co_await from.writer.drain();
    for (Client* seer : seers) {
        const std::string line = co_await nextLine(*seer);
        std::cout << "    " << std::left << std::setw(7) << seer->name
                  << "< " << line << '\n';
    }
}
// `from` sends `text`, which nobody hears at once (a command).
Task<void> send(Client& from, const char* text)
{
    std::cout << from.name << "> " << text << '\n';
    from.writer.write(std::string{text} + "\n");
    co_await from.writer.drain();
}

// `client` reads its next line, printed as step() prints them.
Task<void> hear(Client& client)
{
    const std::string line = co_await nextLine(client);
    std::cout << "    " << std::left << std::setw(7) << client.name << "< "
              << line << '\n';
}

// `client` reads and prints every line until the room closes the
// connection; how many there were.
Task<std::size_t> hearToTheEnd(Client& client)
{
    std::size_t lines = 0;
    for (;;) {
        std::string line = co_await client.reader.readLine();
        if (line.empty()) {
            co_return lines;
        }
        line.pop_back();
        ++lines;
        std::cout << "    " << std::left << std::setw(7) << client.name
                  << "< " << line << '\n';
    }
}
// endregion: demo-client

// region: conversation
// Joining (with two refused nicknames), talking, renaming, /who, leaving.
Task<std::vector<Client>> converse(Reactor& reactor, std::uint16_t port)
{
    Client alice = co_await connect(reactor, port, "alice");
    co_await step(alice, "alice", &alice);
    Client bob = co_await connect(reactor, port, "bob");
    co_await step(bob, "bob", &alice, &bob);
    Client carol = co_await connect(reactor, port, "carol");
    co_await step(carol, "alice", &carol);
    co_await step(carol, "", &carol);
    co_await step(carol, "carol", &alice, &bob, &carol);
    co_await step(alice, "hello, everyone", &bob, &carol);
    co_await step(bob, "/nick robert", &alice, &bob, &carol);
    bob.name = "robert";
    co_await step(carol, "/who", &carol);
    co_await step(carol, "is anyone else still on chapter 13?", &alice, &bob);
    // The fortune takes a second of blocking work, in the pool: the room
    // goes on meanwhile, and carol hears alice before her fortune.
    co_await send(carol, "/fortune");
    co_await step(alice, "not me: I am on chapter 15", &bob, &carol);
    co_await step(bob, "same here", &alice, &carol);
    co_await hear(carol);
    co_await step(carol, "/quit", &carol, &alice, &bob);
    carol.writer.close();
    std::vector<Client> staying;
    staying.push_back(std::move(alice));
    staying.push_back(std::move(bob));
    co_return staying;
}
// endregion: conversation

struct FloodResult {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    bool inOrder = true;
    bool cutSeen = false;
    Time started{};
};

std::string floodLine(std::uint64_t number, std::size_t size)
{
    std::string line = "line " + std::to_string(number) + " ";
    if (line.size() < size) {
        line.append(size - line.size(), '.');
    }
    return line;
}

// region: flood
// The sender writes as fast as its connection drains, until the reader
// sees the slow member cut off (or the lines run out), then quits.
Task<void> flood(Client& sender, FloodResult& result,
                 const ChatDemoSettings& settings)
{
    while (!result.cutSeen && result.sent < settings.floodLines) {
        sender.writer.write(floodLine(result.sent, settings.floodSize) +
                            "\n");
        ++result.sent;
        co_await sender.writer.drain();
    }
    sender.writer.write("/quit\n");
    co_await sender.writer.drain();
}

// The reader checks every line arrives, in order, until the sender left.
Task<void> readFlood(Client& reader, const std::string& sender,
                     FloodResult& result, const ChatDemoSettings& settings)
{
    const std::string prefix = sender + ": ";
    for (;;) {
        const std::string line = co_await nextLine(reader);
        if (line.starts_with(prefix)) {
            result.inOrder = result.inOrder &&
                             line.substr(prefix.size()) ==
                                 floodLine(result.received, settings.floodSize);
            ++result.received;
        } else if (line.starts_with("* sloth was cut off")) {
            result.cutSeen = true;
            std::cout << "    " << std::left << std::setw(7) << reader.name
                      << "< " << line << '\n';
        } else if (line == "* " + sender + " left (quit)") {
            co_return;
        }
    }
}
// endregion: flood

// region: chat-report
int report(const ChatRoom& room, const FloodResult& flood,
           const ChatDemoSettings& settings)
{
    auto row = [](const char* what, const std::string& value) {
        std::cout << "  " << std::left << std::setw(32) << what << value
                  << '\n';
    };
    std::cout << "\nReport\n";
    row("lines queued for members", std::to_string(room.queued()));
    row("lines sent to members", std::to_string(room.delivered()));
    const bool allArrived = flood.received == flood.sent && flood.inOrder;
    row("alice's flood",
        std::to_string(flood.sent) + " lines of " +
            std::to_string(settings.floodSize) + " bytes; robert got " +
            (allArrived ? "every one, in order"
                        : std::to_string(flood.received) +
                              (flood.inOrder ? "" : ", out of order")));
    const bool cut = !room.cutOff().empty();
    if (cut) {
        const ChatRoom::Cut& sloth = room.cutOff().front();
        row("sloth's peak queue", common::formatBytes(sloth.peakQueued));
        row("sloth cut off",
            common::formatSeconds(std::chrono::duration<double>(
                                      sloth.at - flood.started)
                                      .count()) +
                " into the flood: " + sloth.reason);
    } else {
        row("sloth cut off", "never");
    }
    row("peak memory (room and clients)",
        common::formatBytes(common::memory::peak()));
    if (!cut || !allArrived) {
        std::cerr << (cut ? "robert did not get every line of the flood\n"
                          : "the member that never reads was not cut off\n");
        return common::exit_code::error;
    }
    return common::exit_code::ok;
}
// endregion: chat-report

// The script sends its own SIGTERM; any other signal is the reader's.
bool scriptSignalled = false;

// region: close-by-signal
// dana joins and says three things; once the room has queued them for
// robert, the demo signals itself, as Ctrl-C or a service manager would.
// Both then read what the closing room sends, to the end of the stream.
Task<void> closeBySignal(Reactor& reactor, std::uint16_t port,
                         ChatRoom& room, Client& robert)
{
    std::cout << "\ndana joins and talks, and the demo sends itself "
                 "SIGTERM:\n";
    Client dana = co_await connect(reactor, port, "dana");
    co_await step(dana, "dana", &robert, &dana);
    const std::uint64_t before = room.queued();
    for (const char* line : {"hello, robert", "sorry I am late",
                             "is the room closing already?"}) {
        co_await send(dana, line);
    }
    while (room.queued() < before + 3) { // in robert's queue, all three
        co_await sleep(reactor, std::chrono::milliseconds{1});
    }
    scriptSignalled = true;
    ::kill(::getpid(), SIGTERM);
    while (!room.closed()) { // the handler runs on the loop's next turn
        co_await sleep(reactor, std::chrono::milliseconds{1});
    }
    const std::size_t forRobert = co_await hearToTheEnd(robert);
    const std::size_t forDana = co_await hearToTheEnd(dana);
    std::cout << "    (robert read " << forRobert << " lines after the "
              << "signal and dana " << forDana
              << "; then each stream ended)\n";
}
// endregion: close-by-signal

// region: slow-member
Task<int> playScript(Reactor& reactor, std::uint16_t port, ChatRoom& room,
                     const ChatDemoSettings& settings)
{
    std::vector<Client> staying = co_await converse(reactor, port);
    Client& alice = staying[0];
    Client& robert = staying[1];
    std::cout << "\nA member that never reads joins, and alice talks fast:\n";
    Client sloth = co_await connect(reactor, port, "sloth");
    co_await step(sloth, "sloth", &alice, &robert);
    // From here on sloth reads nothing: what the room sends it piles up in
    // the kernel's buffers, then in its transport, then in its queue.
    FloodResult result;
    result.started = reactor.seconds();
    std::vector<Task<void>> sides;
    sides.push_back(flood(alice, result, settings));
    sides.push_back(readFlood(robert, alice.name, result, settings));
    co_await gather(std::move(sides));
    sloth.writer.close();
    alice.writer.close(); // she quit at the end of her flood
    const int status = report(room, result, settings);
    co_await closeBySignal(reactor, port, room, robert);
    co_return status;
}
// endregion: slow-member

// region: offer-fortunes
// /fortune: the blocking work goes to the pool, and the answer comes back
// to the loop, to a member who may have left meanwhile.
void offerFortunes(Reactor& reactor, ChatRoom& room,
                   std::chrono::milliseconds delay)
{
    room.fortune = [&reactor, &room, delay,
                    asked = 0u](std::shared_ptr<ChatMember> member) mutable {
        const unsigned number = asked++;
        deferToThread(reactor, [number, delay] {
            return tellFortune(number, delay);
        }).addCallback([&room, member](std::string fortune) {
            if (member->inRoom) {
                room.tell(*member, "fortune: " + fortune);
            }
            return fortune;
        });
    };
}
// endregion: offer-fortunes

} // namespace

// region: run-chat-demo
int runChatDemo(const ChatDemoSettings& settings,
                const common::SharedOptions& options)
{
    Reactor reactor{makePoller(options.backend)};
    ChatRoom room{reactor, settings.room};
    offerFortunes(reactor, room, settings.fortuneDelay);
    auto server = startServer(
        reactor, Address::tcp("127.0.0.1", 0),
        [&room](StreamReader reader, StreamWriter writer) {
            return chatSession(room, std::move(reader), std::move(writer));
        },
        settings.room.maxLine);
    const ChatShutdown shutdown{reactor, room, *server, settings.grace};
    const auto describing = common::Watchdog::describe([&room] {
        return "The chat demo was playing its script: " +
               std::to_string(room.size()) + " members in the room, " +
               std::to_string(room.delivered()) + " lines sent to them.";
    });
    try {
        const int status = runUntilComplete(
            reactor, playScript(reactor, server->port(), room, settings));
        common::Watchdog::standDown();
        printShutdown(shutdown.report(), settings.grace);
        return status;
    } catch (const std::exception& error) {
        if (!shutdown.signalled() || scriptSignalled) {
            throw;
        }
        // Ctrl-C (or SIGTERM) in the middle: the room closed cleanly, and
        // the script, whose members it closed, could not go on.
        common::Watchdog::standDown();
        printShutdown(shutdown.report(), settings.grace);
        std::cout << "Interrupted by " << shutdown.report().signal
                  << " before the script's end (" << error.what()
                  << ").\n";
        return 128 + shutdown.report().number;
    }
}
// endregion: run-chat-demo

// region: run-chat-server
int runChatServer(const ChatDemoSettings& demo,
                  const common::Endpoint& where, const std::string& backend)
{
    const ChatSettings& settings = demo.room;
    // A room waits for its members, and waiting is not a stall: only
    // Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor{makePoller(backend)};
    ChatRoom room{reactor, settings};
    offerFortunes(reactor, room, demo.fortuneDelay);
    room.log = [](std::string_view notice) {
        std::cout << "* " << notice << std::endl;
    };
    auto server = startServer(
        reactor, Address::tcp(where.host, where.port),
        [&room](StreamReader reader, StreamWriter writer) {
            return chatSession(room, std::move(reader), std::move(writer));
        },
        settings.maxLine);
    const ChatShutdown shutdown{reactor, room, *server, demo.grace};
    std::cout << "The chat room listens on " << where.host << ':'
              << server->port() << "; Ctrl-C to close it." << std::endl;
    const auto describing = common::Watchdog::describe([&room] {
        return "The chat room was waiting for its members' lines; " +
               std::to_string(room.size()) + " were in it.";
    });
    reactor.run(); // until a signal closes the room
    common::Watchdog::standDown();
    printShutdown(shutdown.report(), demo.grace);
    return common::exit_code::ok;
}
// endregion: run-chat-server
