// 02_select: a narrated walk through select(). Three sockets on 127.0.0.1
// (a listener, a client connected to it, and the server socket accepted
// for that client); at each step the program does one thing to them, asks
// select() which are ready, and prints the answer with one sentence of why.
#include "walkthrough.hpp"

#include "chapter_app.hpp"
#include "watchdog.hpp"

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// "{listener, client, server}": the watched sockets by name.
std::string watched(const Walkthrough& walk, const std::vector<int>& fds)
{
    std::string text = "{";
    for (int fd : fds) {
        text += (text.size() > 1 ? ", " : "") + walk.nameOf(fd);
    }
    return text + "}";
}

// "client (fd 4), server (fd 5)", or "nothing".
std::string ready(const Walkthrough& walk, const std::vector<int>& fds)
{
    std::string text;
    for (int fd : fds) {
        text += (text.empty() ? "" : ", ") + walk.nameOf(fd) + " (fd " +
                std::to_string(fd) + ")";
    }
    return text.empty() ? "nothing" : text;
}

std::string describe(Timeout timeout)
{
    if (!timeout) {
        return "no timeout";
    }
    const auto ms = timeout->count();
    if (ms == 0) {
        return "timeout 0";
    }
    if (ms % 1000 == 0) {
        return "timeout " + std::to_string(ms / 1000) + " s";
    }
    return "timeout " + std::to_string(ms) + " ms";
}

// Prints `text` word by word, at most `width` columns, each line indented.
void printWrapped(const std::string& text, const std::string& indent,
                  std::size_t width = 78)
{
    std::istringstream words{text};
    std::string line;
    for (std::string word; words >> word;) {
        if (!line.empty() &&
            indent.size() + line.size() + 1 + word.size() > width) {
            std::cout << indent << line << '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    std::cout << indent << line << '\n';
}

void introduce(const Walkthrough& walk)
{
    std::cout << "Three sockets on 127.0.0.1, port " << walk.port() << ":\n"
              << "  listener  fd " << walk.listener()
              << "  listens for connections\n"
              << "  client    fd " << walk.client()
              << "  connected to the listener\n"
              << "  server    fd " << walk.server()
              << "  accepted by the listener: the client's other end\n";
}

void show(const Walkthrough& walk, int number, const Step& step)
{
    std::cout << '\n' << number << ". " << step.title << '\n'
              << "   select(read " << watched(walk, step.readers)
              << ", write " << watched(walk, step.writers) << ", "
              << describe(step.timeout) << ")\n"
              << "   readable: " << ready(walk, step.ready.readable) << '\n'
              << "   writable: " << ready(walk, step.ready.writable) << '\n';
    printWrapped(step.why, "   ");
}

// region: narrate
int narrate()
{
    Walkthrough walk;
    introduce(walk);
    show(walk, 1, walk.bothConnected());
    show(walk, 2, walk.clientSends());
    show(walk, 3, walk.askAgain());
    show(walk, 4, walk.serverReads());
    show(walk, 5, walk.timeoutExpires());
    show(walk, 6, walk.connectionWaits());
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    std::cout << "\nEach answer was one select() call about all three "
                 "sockets: no polling loop.\n";
    return common::exit_code::ok;
}
// endregion: narrate

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "02_select",
        "A narrated walk through select(): which of three sockets are\n"
        "readable and writable, step by step, and why."};
    return app.run(argc, argv, [] {
        const auto describing = common::Watchdog::describe(
            [] { return "The walk-through was at: " + currentStep(); });
        return narrate();
    });
}
