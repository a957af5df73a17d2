// Chapter 13's echo server under --listen serves clients from outside the
// process: another 13_streams, with --connect, sends 300 clients at once
// and each gets its own bytes back; then Ctrl-C ends the server (exit 130)
// with the count of what it served.
#include "chapter_binary.hpp"
#include "process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>

using namespace std::chrono_literals;

namespace {

std::string binary(const std::string& name)
{
    return testing::chapterBinary(name);
}

} // namespace

TEST_CASE("13_streams --listen serves another process's clients, then Ctrl-C")
{
    std::optional<testing::ProcessResult> clients;
    testing::ProcessOptions options;
    options.deadline = 60s;
    // Once the server says its port, the clients run against it, and
    // Ctrl-C follows when they are done.
    options.interruptWhen = [&clients](const std::string& output) {
        static const std::regex listening{
            R"(Echo server on 127\.0\.0\.1:(\d+) \(epoll backend\))"};
        std::smatch found;
        if (!std::regex_search(output, found, listening)) {
            return false;
        }
        std::string server = "127.0.0.1:";
        server.append(found[1].first, found[1].second);
        clients = testing::runProcess({binary("13_streams"), "--connect",
                                       server, "--clients", "300", "--size",
                                       "1KiB"});
        return true;
    };
    const testing::ProcessResult server =
        testing::runProcess({binary("13_streams"), "--listen", "0"}, options);

    REQUIRE(clients);
    CAPTURE(clients->output);
    CHECK(clients->exitCode == 0);
    CHECK(clients->output.find(
              "300 clients: 300 got their own bytes back, 0 failed.\n") !=
          std::string::npos);
    CHECK(clients->output.find("307,200 bytes sent and 307,200 came back, "
                               "every byte checked") != std::string::npos);

    CAPTURE(server.output);
    CHECK_FALSE(server.timedOut);
    CHECK(server.exitCode == 130);
    // Each handler ends before its client reads the end of the stream, so
    // all 300 were served before the clients' process ended.
    CHECK(server.output.find("it had served 300 connections, and 0 were "
                             "open.") != std::string::npos);
}
