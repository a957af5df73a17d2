// Chapter 12's poetry client, the coroutines' version of chapter 10's test:
// every poem fetched at once from real servers, over TCP and Unix domain
// sockets; a refused connect, a timed-out one (on the fake clock) and a
// reset each end their own download, with the reason, while the others go
// on; and the demo itself, with both failures beside its three servers.
// Copied from chapter 10 because the client's interface changed: a task,
// not a callback at the end.
#include "address.hpp"
#include "cummingsify.hpp"
#include "listener.hpp"
#include "poems.hpp"
#include "poetry_client.hpp"
#include "poetry_demo.hpp"
#include "poetry_report.hpp"
#include "poetry_server.hpp"
#include "reactor.hpp"
#include "socket_address.hpp"

#include "connect_support.hpp"
#include "recording_protocol.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

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

struct Client {
    std::ostringstream out;
};

const Cummingsifier neverFails{1, 0.0};
const Cummingsifier alwaysFails{1, 1.0};

} // namespace

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
    Task<void> all = fetchPoems(reactor, addresses, report, 10s, alwaysFails,
                                client.out);
    all.start();
    turnUntil(
        reactor, [&all] { return all.done(); }, 100000);
    CHECK(report.done());
    for (std::size_t i = 0; i < poems().size(); ++i) {
        CHECK(report.text(i + 1) == std::string{poems()[i].text});
    }
    CHECK(report.text(poems().size() + 1) == std::string{poems()[0].text});
    CHECK(report.summary() == 0);
}

TEST_CASE("each poem goes through cummingsify, and one it fails on stays "
          "as it came, as chapter 11's errback keeps it")
{
    Reactor reactor;
    Client client;
    PoetryReport report{reactor, client.out};
    std::vector<std::shared_ptr<Listener>> listeners;
    std::vector<Address> addresses;
    for (std::size_t i = 0; i < 3; ++i) {
        listeners.push_back(servePoem(reactor, Address::tcp("127.0.0.1", 0),
                                      poems()[i].text, {1ms, 500}));
        addresses.push_back(
            addressOf(Address::tcp("127.0.0.1", 0), *listeners.back()));
        report.add(addresses.back().describe());
    }
    const Cummingsifier fails2{3, 0.33}; // poem 2 fails, 1 and 3 do not
    Task<void> all =
        fetchPoems(reactor, addresses, report, 10s, fails2, client.out);
    all.start();
    turnUntil(
        reactor, [&all] { return all.done(); }, 100000);
    auto lower = [](std::string_view text) {
        std::string lowered{text};
        for (char& c : lowered) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return lowered;
    };
    CHECK(report.text(1) == lower(poems()[0].text));
    CHECK(report.text(2) == std::string{poems()[1].text});
    CHECK(report.text(3) == lower(poems()[2].text));
    CHECK(client.out.str().find(
              "Poem 2: cummingsify failed on purpose (--seed 3, "
              "--failure-rate 0.33); it stays as it came.\n") !=
          std::string::npos);
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
    Task<void> all = fetchPoems(reactor, addresses, report, 10s, alwaysFails,
                                client.out);
    all.start();
    turnUntil(
        reactor, [&all] { return all.done(); }, 100000);
    CHECK(report.text(2) == std::string{findPoem("summer")->text});
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find("Poem 1 failed after ") != std::string::npos);
    CHECK(client.out.str().find(": connect to " + addresses[0].describe() +
                                ": Connection refused.\n") !=
          std::string::npos);
}

// region: timeout-test
TEST_CASE("a connect that is never answered fails after the timeout, on "
          "the fake clock, and only that one")
{
    FakeClockReactor fake;
    Client client;
    PoetryReport report{fake.reactor, client.out};
    FullListener silent;
    const Address address = Address::tcp("127.0.0.1", silent.port());
    report.add(address.describe());
    Task<void> all = fetchPoems(fake.reactor, {address}, report, 2s,
                                alwaysFails, client.out);
    all.start();
    fake.advance(2s - 1ns);
    fake.advance(0s);
    CHECK(!report.done());
    fake.advance(1ns);
    CHECK(all.done());
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find(
              "Poem 1 failed after 2.00 s: connect to " + address.describe() +
              ": timed out after 2.00 s.\n") != std::string::npos);
}
// endregion: timeout-test

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
    Task<void> all = fetchPoems(reactor, {address}, report, 10s, alwaysFails,
                                client.out);
    all.start();
    turnUntil(reactor, [&] {
        return client.out.str().find("Poem 1: 15 bytes\n") != std::string::npos;
    });
    serverSide->abortConnection(); // a reset: the client reads ECONNRESET
    turnUntil(reactor, [&all] { return all.done(); });
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find(
              ": recv: Connection reset by peer, after 15 bytes.\n") !=
          std::string::npos);
}

TEST_CASE("a server that falls silent half-way is given up after the "
          "timeout, on the fake clock, with what had come")
{
    FakeClockReactor fake;
    Client client;
    PoetryReport report{fake.reactor, client.out};
    // A server that sends the start of a poem, and nothing more.
    auto server = listenTCP(fake.reactor, 0, [] {
        auto protocol = std::make_shared<RecordingProtocol>();
        protocol->onConnect = [](ITransport& transport) {
            transport.write("Shall I compare");
        };
        return protocol;
    });
    const Address address = Address::tcp("127.0.0.1", server->port());
    report.add(address.describe());
    Task<void> all = fetchPoems(fake.reactor, {address}, report, 2s,
                                alwaysFails, client.out);
    all.start();
    turnUntil(fake.reactor, [&] {
        return client.out.str().find("Poem 1: 15 bytes\n") != std::string::npos;
    });
    fake.advance(2s);
    CHECK(all.done());
    CHECK(report.summary() == 1);
    CHECK(client.out.str().find(
              "Poem 1 failed after 2.00 s: waiting for the next chunk: "
              "timed out after 2.00 s, after 15 bytes.\n") !=
          std::string::npos);
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
    CHECK(text.find(": Connection refused.\n") != std::string::npos);
    CHECK(text.find(": timed out after 0.50 s.\n") != std::string::npos);
    CHECK(text.find("Got 3 of 5 poems in ") != std::string::npos);
}
