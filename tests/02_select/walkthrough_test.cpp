#include "walkthrough.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace std::chrono_literals;

// The same steps, in the same order, as the program narrates them; each
// check is the answer the program prints.
TEST_CASE("the walk-through's ready sets, step by step")
{
    Walkthrough walk;
    const int listener = walk.listener();
    const int client = walk.client();
    const int server = walk.server();
    const std::vector<int> none;

    CHECK(walk.nameOf(listener) == "listener");
    CHECK(walk.nameOf(client) == "client");
    CHECK(walk.nameOf(server) == "server");
    CHECK(walk.port() != 0);

    const Step connected = walk.bothConnected();
    CHECK(connected.timeout == Timeout{0s});
    CHECK(connected.ready.readable == none);
    CHECK(connected.ready.writable == std::vector{client, server});

    const Step sent = walk.clientSends();
    CHECK(sent.timeout == forever);
    CHECK(sent.ready.readable == std::vector{server});
    CHECK(sent.ready.writable == none);

    const Step again = walk.askAgain();
    CHECK(again.timeout == Timeout{0s});
    CHECK(again.ready.readable == std::vector{server});
    CHECK(again.ready.writable == std::vector{client, server});

    const Step drained = walk.serverReads();
    CHECK(drained.ready.readable == none);
    CHECK(drained.ready.writable == std::vector{client, server});

    const Step expired = walk.timeoutExpires();
    CHECK(expired.timeout == Timeout{100ms});
    CHECK(expired.ready == ReadySets{});

    const Step pending = walk.connectionWaits();
    CHECK(pending.ready.readable == std::vector{listener});
    CHECK(pending.ready.writable == none);
}

TEST_CASE("each step asks about all three sockets for reading")
{
    Walkthrough walk;
    const std::vector<int> all{walk.listener(), walk.client(), walk.server()};
    CHECK(walk.bothConnected().readers == all);
    CHECK(walk.clientSends().readers == all);
    CHECK(walk.askAgain().readers == all);
    CHECK(walk.serverReads().readers == all);
    CHECK(walk.timeoutExpires().readers == all);
    CHECK(walk.connectionWaits().readers == all);
}

TEST_CASE("the Ctrl-C report names the step in progress")
{
    Walkthrough walk;
    const Step connected = walk.bothConnected();
    CHECK(currentStep() == connected.title);
    const Step sent = walk.clientSends();
    CHECK(currentStep() == sent.title);
}
