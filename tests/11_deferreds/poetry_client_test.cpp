// Chapter 11's poetry client, written with Deferreds. First without a
// socket: the factory's protocol on the in-memory transport, fed by the
// slow server on the fake clock, fires its Deferred with the poem or fails
// it with the reason; cummingsifyAndReport transforms, falls back and
// reports; and the whole client, at failure rates 1 and 0, gives the poems
// of chapter 10's callback client, as they came or in lower case. Then
// chapter 10's tests with real servers, rewritten for the Deferred
// interface (every poem at once over TCP and Unix sockets, a refused
// connect, a timeout on the fake clock, a reset, the demo), and cancel().
#include "address.hpp"
#include "clock.hpp"
#include "connector.hpp"
#include "cummingsify.hpp"
#include "deferred.hpp"
#include "deferred_list.hpp"
#include "listener.hpp"
#include "poems.hpp"
#include "poetry_client.hpp"
#include "poetry_demo.hpp"
#include "poetry_report.hpp"
#include "poetry_server.hpp"
#include "reactor.hpp"
#include "socket_address.hpp"

#include "connect_support.hpp"
#include "deferred_helpers.hpp"
#include "recording_protocol.hpp"
#include "string_transport.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return text;
}

// region: in-memory-download
// One download without a socket: the slow server on the fake clock, and
// the client's protocol, made by the factory, each on a string transport.
// cross() hands the client what the server has written since last time,
// and the end of the stream once the server has sent it all.
class InMemoryDownload {
public:
    InMemoryDownload(Clock& clock, std::string_view poem, PoetryPace pace,
                     PoetryClientFactory& factory)
        : server_{clock, std::make_shared<const std::string>(poem), pace},
          client_{factory.buildProtocol()}
    {
        client_->makeConnection(toServer_);
        server_.makeConnection(toClient_);
    }

    void cross()
    {
        if (ended_) {
            return;
        }
        if (!toClient_.written.empty()) {
            client_->dataReceived(toClient_.written);
            toClient_.written.clear();
        }
        if (toClient_.disconnecting) { // the whole poem has been sent
            ended_ = true;
            server_.connectionLost(Reason::closedCleanly());
            client_->connectionLost(Reason::closedCleanly());
        }
    }

private:
    StringTransport toClient_;
    StringTransport toServer_;
    SlowPoetryProtocol server_;
    std::shared_ptr<Protocol> client_;
    bool ended_ = false;
};
// endregion: in-memory-download

// Serves `poem` at `pace` on `where`, as the demo's servers do.
std::shared_ptr<Listener> servePoem(Reactor& reactor, const Address& where,
                                    std::string_view poem, PoetryPace pace)
{
    auto text = std::make_shared<const std::string>(poem);
    return listen(reactor, where, [&reactor, text, pace] {
        return std::make_shared<SlowPoetryProtocol>(reactor, text, pace);
    });
}

// Where a listener listens, as a client connects to it.
Address addressOf(const Address& where, const Listener& listener)
{
    return where.isUnix() ? where : Address::tcp("127.0.0.1", listener.port());
}

// A TCP port on 127.0.0.1 bound and never listened on: refused.
class RefusingPort {
public:
    RefusingPort() : socket_{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)}
    {
        const SocketAddress any = resolveTcp("127.0.0.1", 0).front();
        REQUIRE(::bind(socket_.get(), any.get(), any.length) == 0);
    }
    Address address() const
    {
        return Address::tcp("127.0.0.1", common::boundPort(socket_.get()));
    }

private:
    common::FileDescriptor socket_;
};

// What fetchPoems printed, and whether its list has fired.
struct Client {
    std::ostringstream out;
    bool allDone = false;
    std::vector<Outcome<std::string>> outcomes;

    void watch(DeferredList<std::string> list)
    {
        list.addCallback([this](std::vector<Outcome<std::string>> all) {
            allDone = true;
            outcomes = all;
            return all;
        });
    }
};

const Cummingsifier neverFails{1, 0.0};
const Cummingsifier alwaysFails{1, 1.0};

} // namespace

// region: factory-test
TEST_CASE("the factory's protocol, fed by the slow server on the fake "
          "clock, fires the Deferred once with the whole poem; the pieces "
          "go to the callback as they come")
{
    Clock clock;
    Deferred<std::string> poem;
    std::vector<std::string> chunks;
    PoetryClientFactory factory{
        poem,
        [&chunks](std::string_view chunk) { chunks.emplace_back(chunk); },
        clock, std::nullopt};
    const std::string_view text = findPoem("science")->text;
    InMemoryDownload download{clock, text, {60ms, 40}, factory};
    auto result = resultOf(poem);
    for (int turn = 0; turn < 16; ++turn) { // 16 chunks of 17
        download.cross();
        clock.advance(60ms);
    }
    CHECK(chunks.size() == 16);
    CHECK_FALSE(result->has_value());
    for (int turn = 0; turn < 10 && !result->has_value(); ++turn) {
        download.cross();
        clock.advance(60ms);
    }
    REQUIRE(result->has_value());
    CHECK(**result == text);
    CHECK(chunks.size() == 17);
    CHECK(chunks.back() == text.substr(16 * 40));
}
// endregion: factory-test

TEST_CASE("a connect that failed, and a poem cut short, fail the Deferred "
          "with PoemFailed, saying why")
{
    Reactor reactor; // only for the Connector the factory is told of
    Clock clock;
    Deferred<std::string> refused;
    auto factory = std::make_shared<PoetryClientFactory>(
        refused, [](std::string_view) {}, clock, std::nullopt);
    Connector connector{reactor, "127.0.0.1:9", {}, factory, std::nullopt};
    factory->clientConnectionFailed(
        connector, Reason::failed("connect to 127.0.0.1:9", ECONNREFUSED));
    auto failure = takeFailure(refused);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<PoemFailed>());
    CHECK((*failure)->what() == "connect to 127.0.0.1:9: Connection refused");

    Deferred<std::string> cut;
    PoetryClientFactory cutFactory{
        cut, [](std::string_view) {}, clock, std::nullopt};
    const std::shared_ptr<Protocol> protocol = cutFactory.buildProtocol();
    StringTransport transport;
    protocol->makeConnection(transport);
    protocol->dataReceived("Shall I");
    protocol->connectionLost(Reason::failed("recv", ECONNRESET));
    auto cutFailure = takeFailure(cut);
    CHECK((*cutFailure)->what() ==
          "recv: Connection reset by peer, after 7 bytes");
}

TEST_CASE("a server silent for the timeout is given up, on the fake clock")
{
    Clock clock;
    Deferred<std::string> poem;
    PoetryClientFactory factory{poem, [](std::string_view) {}, clock, 2s};
    const std::shared_ptr<Protocol> protocol = factory.buildProtocol();
    StringTransport transport;
    protocol->makeConnection(transport);
    auto failure = takeFailure(poem);
    clock.advance(2s - 1ns);
    CHECK_FALSE(transport.disconnecting);
    clock.advance(1ns);
    CHECK(transport.disconnecting); // aborted
    protocol->connectionLost(Reason::aborted());
    REQUIRE(failure->has_value());
    CHECK((*failure)->what() ==
          "waiting for the next chunk: timed out after 2.00 s, after 0 bytes");
}

// region: cummingsify-test
TEST_CASE("cummingsifyAndReport: the poem in lower case; a failed "
          "cummingsify keeps it as it came, and says why; a failed "
          "download goes past that errback to the report")
{
    Clock clock;
    std::ostringstream out;
    PoetryReport report{clock, out};
    for (int i = 0; i < 3; ++i) {
        report.add("in memory");
    }
    report.start();
    const Cummingsifier fails2{3, 0.33}; // poem 2 fails, 1 and 3 do not
    std::vector<Deferred<std::string>> poems(3);
    std::vector<Deferred<std::string>> ends;
    for (std::size_t i = 0; i < poems.size(); ++i) {
        ends.push_back(
            cummingsifyAndReport(poems[i], i + 1, report, fails2, out));
    }
    poems[0].callback("The Ecstasy\n");
    poems[1].callback("Sonnet - To Science\n");
    poems[2].errback(PoemFailed{"connect to 127.0.0.1:9: Connection refused"});
    CHECK(*resultOf(ends[0]) == "the ecstasy\n");
    CHECK(*resultOf(ends[1]) == "Sonnet - To Science\n");
    auto failure = takeFailure(ends[2]);
    CHECK((*failure)->check<PoemFailed>()); // trap() let it through
    CHECK(report.text(1) == "the ecstasy\n");
    CHECK(report.text(2) == "Sonnet - To Science\n");
    CHECK_FALSE(report.text(3).has_value());
    CHECK(out.str().find("Poem 2: cummingsify failed on purpose (--seed 3, "
                         "--failure-rate 0.33); it stays as it came.\n") !=
          std::string::npos);
    CHECK(report.summary() == 1);
    CHECK(out.str().find("Poem 3 failed after 0 ms: connect to 127.0.0.1:9: "
                         "Connection refused.\n") != std::string::npos);
}
// endregion: cummingsify-test

// region: same-poems-test
TEST_CASE("the same poems as chapter 10's callback client: as they came at "
          "failure rate 1, in lower case at 0; the list fires once all "
          "have come, with every outcome in order")
{
    for (const Cummingsifier* cummingsify : {&alwaysFails, &neverFails}) {
        Clock clock;
        Client client;
        PoetryReport report{clock, client.out};
        std::vector<Deferred<std::string>> ends;
        std::vector<std::unique_ptr<PoetryClientFactory>> factories;
        std::vector<std::unique_ptr<InMemoryDownload>> downloads;
        for (std::size_t i = 0; i < poems().size(); ++i) {
            report.add("in memory");
        }
        report.start();
        for (std::size_t i = 0; i < poems().size(); ++i) {
            Deferred<std::string> poem;
            factories.push_back(std::make_unique<PoetryClientFactory>(
                poem,
                [&report, i](std::string_view chunk) {
                    report.chunkReceived(i + 1, chunk);
                },
                clock, 5s));
            // Each at its own pace, so they end in another order.
            const PoetryPace pace{std::chrono::milliseconds{10 * (5 - i)},
                                  100};
            downloads.push_back(std::make_unique<InMemoryDownload>(
                clock, poems()[i].text, pace, *factories.back()));
            ends.push_back(cummingsifyAndReport(poem, i + 1, report,
                                                *cummingsify, client.out));
        }
        client.watch(DeferredList<std::string>{ends, {false, true}});
        for (int turn = 0; turn < 10'000 && !client.allDone; ++turn) {
            for (auto& download : downloads) {
                download->cross();
            }
            clock.advance(10ms);
        }
        REQUIRE(client.allDone);
        REQUIRE(client.outcomes.size() == poems().size());
        for (std::size_t i = 0; i < poems().size(); ++i) {
            const std::string came{poems()[i].text};
            const std::string expected =
                cummingsify == &alwaysFails ? came : lowerCase(came);
            CHECK(report.text(i + 1) == expected);
            CHECK(client.outcomes[i].success);
            CHECK(*client.outcomes[i].result == expected);
        }
        CHECK(report.summary() == 0);
    }
}
// endregion: same-poems-test

TEST_CASE("fetchPoems gets every poem whole, at once, over TCP and Unix "
          "domain sockets")
{
    TempDir folder;
    Reactor reactor;
    Client client;
    PoetryReport report{reactor, client.out};
    std::vector<std::shared_ptr<Listener>> listeners;
    std::vector<Address> addresses;
    for (const Address& where :
         {Address::tcp("127.0.0.1", 0), Address::unixPath(folder.file("p"))}) {
        for (const Poem& poem : poems()) {
            listeners.push_back(
                servePoem(reactor, where, poem.text, {1ms, 97}));
            addresses.push_back(addressOf(where, *listeners.back()));
            report.add(addresses.back().describe());
            if (where.isUnix()) {
                break; // one path, one server
            }
        }
    }
    client.watch(fetchPoems(reactor, addresses, report, 10s, alwaysFails,
                            client.out));
    turnUntil(
        reactor, [&] { return client.allDone; }, 100000);
    CHECK(report.done());
    for (std::size_t i = 0; i < poems().size(); ++i) {
        CHECK(report.text(i + 1) == std::string{poems()[i].text});
    }
    CHECK(report.text(poems().size() + 1) == std::string{poems()[0].text});
    CHECK(report.summary() == 0);
}

TEST_CASE("a refused connect ends its own download, and the others arrive")
{
    Reactor reactor;
    Client client;
    PoetryReport report{reactor, client.out};
    const RefusingPort refusing;
    auto server = servePoem(reactor, Address::tcp("127.0.0.1", 0),
                            findPoem("summer")->text, {1ms, 200});
    const std::vector<Address> addresses{
        refusing.address(), addressOf(Address::tcp("127.0.0.1", 0), *server)};
    report.add(addresses[0].describe());
    report.add(addresses[1].describe());
    client.watch(
        fetchPoems(reactor, addresses, report, 10s, neverFails, client.out));
    turnUntil(
        reactor, [&] { return client.allDone; }, 100000);
    CHECK(report.text(2) == lowerCase(std::string{findPoem("summer")->text}));
    CHECK_FALSE(client.outcomes.at(0).success);
    CHECK(client.outcomes.at(0).failure->check<PoemFailed>());
    CHECK(client.outcomes.at(1).success);
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find("Poem 1 failed after ") != std::string::npos);
    CHECK(client.out.str().find(": connect to " + addresses[0].describe() +
                                ": Connection refused.\n") !=
          std::string::npos);
}

TEST_CASE("a connect that is never answered fails after the timeout, on "
          "the fake clock, and only that one")
{
    FakeClockReactor fake;
    Client client;
    PoetryReport report{fake.reactor, client.out};
    FullListener silent;
    const Address address = Address::tcp("127.0.0.1", silent.port());
    report.add(address.describe());
    client.watch(fetchPoems(fake.reactor, {address}, report, 2s, neverFails,
                            client.out));
    fake.advance(2s - 1ns);
    fake.advance(0s);
    CHECK(!report.done());
    fake.advance(1ns);
    CHECK(client.allDone);
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find(
              "Poem 1 failed after 2.00 s: connect to " + address.describe() +
              ": timed out after 2.00 s.\n") != std::string::npos);
}

TEST_CASE("a poem cut short by a reset fails with what had come")
{
    Reactor reactor;
    Client client;
    PoetryReport report{reactor, client.out};
    // A server that sends the start of a poem, then aborts when told to.
    ITransport* serverSide = nullptr;
    auto server = listenTCP(reactor, 0, [&serverSide] {
        auto protocol = std::make_shared<RecordingProtocol>();
        protocol->onConnect = [&serverSide](ITransport& transport) {
            serverSide = &transport;
            transport.write("Shall I compare");
        };
        return protocol;
    });
    const Address address = Address::tcp("127.0.0.1", server->port());
    report.add(address.describe());
    client.watch(
        fetchPoems(reactor, {address}, report, 10s, neverFails, client.out));
    turnUntil(reactor, [&] {
        return client.out.str().find("Poem 1: 15 bytes\n") != std::string::npos;
    });
    serverSide->abortConnection(); // a reset: the client reads ECONNRESET
    turnUntil(reactor, [&] { return client.allDone; });
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find(
              ": recv: Connection reset by peer, after 15 bytes.\n") !=
          std::string::npos);
}

// region: cancel-test
TEST_CASE("cancelling getPoetry's Deferred stops the connect in progress, "
          "and fails the Deferred with CancelledError")
{
    FakeClockReactor fake;
    FullListener silent;
    Deferred<std::string> poem =
        getPoetry(fake.reactor, Address::tcp("127.0.0.1", silent.port()), 2s,
                  [](std::string_view) {});
    fake.advance(1s);
    CHECK(fake.reactor.getDelayedCalls().size() == 1); // the connect timeout
    poem.cancel();
    CHECK(fake.reactor.getDelayedCalls().empty()); // stopped, timer and all
    auto failure = takeFailure(poem);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<CancelledError>());
    fake.advance(5s); // nothing more happens: no second result
}
// endregion: cancel-test

TEST_CASE("cancelling getPoetry's Deferred mid-poem aborts the connection")
{
    Reactor reactor;
    auto server = servePoem(reactor, Address::tcp("127.0.0.1", 0),
                            findPoem("ecstasy")->text, {1ms, 10});
    std::size_t received = 0;
    Deferred<std::string> poem =
        getPoetry(reactor, Address::tcp("127.0.0.1", server->port()), 10s,
                  [&received](std::string_view chunk) {
                      received += chunk.size();
                  });
    turnUntil(reactor, [&] { return received >= 50; });
    poem.cancel();
    auto failure = takeFailure(poem);
    REQUIRE(failure->has_value());
    CHECK((*failure)->check<CancelledError>());
    const std::size_t atCancel = received;
    for (int turn = 0; turn < 20; ++turn) {
        reactor.iterate(std::chrono::milliseconds{5});
    }
    CHECK(received == atCancel); // the connection is gone
}

TEST_CASE("the demo: three poems arrive beside a refused and an unanswered "
          "one, and the run says why those two failed")
{
    PoetrySettings settings;
    settings.addRefused = true;
    settings.addUnanswered = true;
    settings.timeout = 0.5;
    std::ostringstream out;
    std::streambuf* saved = std::cout.rdbuf(out.rdbuf());
    int code = -1;
    try {
        code = runPoetryClient(settings, common::SharedOptions{});
    } catch (...) {
        std::cout.rdbuf(saved);
        throw;
    }
    std::cout.rdbuf(saved);
    const std::string text = out.str();
    CAPTURE(text);
    CHECK(code == 1);
    CHECK(text.find("Poem 1 done: 2,770 bytes in ") != std::string::npos);
    CHECK(text.find("Poem 2 done: 674 bytes in ") != std::string::npos);
    CHECK(text.find("Poem 3 done: 635 bytes in ") != std::string::npos);
    // The defaults (--seed 1, --failure-rate 0.33): poems 1 and 2 stay as
    // they came, poem 3 is in lower case.
    CHECK(text.find("Poem 1: cummingsify failed on purpose") !=
          std::string::npos);
    CHECK(text.find("\"on first looking into chapman's homer\"") !=
          std::string::npos);
    CHECK(text.find(": Connection refused.\n") != std::string::npos);
    CHECK(text.find(": timed out after 0.50 s.\n") != std::string::npos);
    CHECK(text.find("Got 3 of 5 poems in ") != std::string::npos);
}
