// The connect contract (chapter 10 on): connectTCP never blocks, and each
// attempt ends in exactly one outcome on the factory, from the loop:
// connected (then, later, clientConnectionLost), refused, unreachable,
// timed out (on the fake clock), or cancelled by stopConnecting; each
// failure's reason reads well for a person. Real sockets, a real reactor.
#include "connect_support.hpp"
#include "connector.hpp"
#include "listener.hpp"
#include "transport.hpp"

#include "file_descriptor.hpp"
#include "socket.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

namespace {

// A port on 127.0.0.1 where nobody listens: bound to a listener that is
// closed again at once. (Another program could take it in between; the
// kernel does not hand a port just freed to the next random bind.)
std::uint16_t closedPort()
{
    const common::FileDescriptor listener = common::listenTcp("127.0.0.1", 0);
    return common::boundPort(listener.get());
}

// A server that says "hello" to each client and closes.
std::shared_ptr<Listener> helloServer(Reactor& reactor)
{
    return listenTCP(reactor, 0, [] {
        auto protocol = std::make_shared<RecordingProtocol>();
        protocol->onConnect = [](ITransport& transport) {
            transport.write("hello");
            transport.loseConnection();
        };
        return protocol;
    });
}

} // namespace

TEST_SUITE("connect contract")
{

// region: connect-test
TEST_CASE("a connect that succeeds builds a protocol, which hears the "
          "server; its end is clientConnectionLost")
{
    Reactor reactor;
    const auto server = helloServer(reactor);
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector =
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
    CHECK(factory->started == 1);
    CHECK(connector->state() == Connector::State::connecting);
    CHECK(factory->built == 0); // never inside connectTCP

    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    REQUIRE(factory->protocols.size() == 1);
    const auto& protocol = *factory->protocols.front();
    CHECK(protocol.made == 1);
    CHECK(protocol.received == "hello");
    CHECK(protocol.lost == 1);
    CHECK(factory->failures.empty());
    REQUIRE(factory->losses.size() == 1);
    CHECK(factory->losses.front().clean());
    CHECK(connector->state() == Connector::State::disconnected);
}
// endregion: connect-test

TEST_CASE("while connected the connector is connected and has the "
          "transport; disconnect() closes it")
{
    Reactor reactor;
    const auto server = listenTCP(
        reactor, 0, [] { return std::make_shared<RecordingProtocol>(); });
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector =
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
    CHECK(connector->transport() == nullptr);
    turnUntil(reactor, [&] { return factory->settled(); });
    CHECK(connector->state() == Connector::State::connected);
    CHECK(connector->transport() != nullptr);

    connector->disconnect();
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(factory->losses.front().clean());
    CHECK(connector->transport() == nullptr);
    server->stopListening();
    reactor.run(); // nothing left: returns
    CHECK(reactor.watched() == 0);
}

TEST_CASE("a refused connect fails with the destination and the system's "
          "words, and leaves nothing behind")
{
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    const std::uint16_t port = closedPort();
    const auto connector = connectTCP(reactor, "127.0.0.1", port, factory);
    CHECK(factory->failures.empty()); // never inside connectTCP
    reactor.run(); // returns once the attempt is over: nothing is left
    REQUIRE(factory->failures.size() == 1);
    const Reason& reason = factory->failures.front();
    CHECK_FALSE(reason.clean());
    CHECK(reason.error() == ECONNREFUSED);
    CHECK(reason.text() == "connect to 127.0.0.1:" + std::to_string(port) +
                               ": Connection refused");
    CHECK(factory->built == 0);
    CHECK(connector->state() == Connector::State::disconnected);
    CHECK(reactor.watched() == 0);
    CHECK(reactor.getDelayedCalls().empty()); // the timeout was cancelled
}

TEST_CASE("an unreachable address fails at once, with the system's words")
{
    // TCP to a broadcast address: Linux's connect() answers ENETUNREACH
    // at once, whatever the machine's routes.
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    connectTCP(reactor, "255.255.255.255", 80, factory);
    CHECK(factory->failures.empty()); // known already, but said from the loop
    reactor.run();
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ENETUNREACH);
    CHECK(factory->failures.front().text() ==
          "connect to 255.255.255.255:80: Network is unreachable");
}

TEST_CASE("the failure reasons read well for a person")
{
    CHECK(connectFailure("127.0.0.1:9", ECONNREFUSED).text() ==
          "connect to 127.0.0.1:9: Connection refused");
    CHECK(connectFailure("10.0.0.1:80", ENETUNREACH).text() ==
          "connect to 10.0.0.1:80: Network is unreachable");
    CHECK(connectFailure("10.0.0.1:80", EHOSTUNREACH).text() ==
          "connect to 10.0.0.1:80: No route to host");
    CHECK(connectFailure("[::1]:80", ECONNREFUSED).text() ==
          "connect to [::1]:80: Connection refused");
    CHECK(connectFailure("10.0.0.1:80", EHOSTUNREACH).error() ==
          EHOSTUNREACH);
    CHECK(Reason::timedOut("connect to 10.0.0.1:80", 2).text() ==
          "connect to 10.0.0.1:80: timed out after 2.00 s");
    CHECK(Reason::timedOut("connect to 10.0.0.1:80", 2).error() ==
          ETIMEDOUT);
    CHECK(Reason::cancelled("connect to 127.0.0.1:80").text() ==
          "connect to 127.0.0.1:80: cancelled");
    CHECK(Reason::aborted().error() == ECONNABORTED);
    CHECK_FALSE(Reason::aborted().clean());
}

TEST_CASE("a name that does not resolve is a failure on the factory, not an "
          "exception")
{
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    // .invalid never resolves (RFC 6761), with or without a network.
    connectTCP(reactor, "no-such-host.invalid", 80, factory);
    reactor.run();
    REQUIRE(factory->failures.size() == 1);
    const std::string text = factory->failures.front().text();
    CHECK(text.starts_with("connect to no-such-host.invalid:80: cannot "
                           "resolve no-such-host.invalid ("));
}

// region: timeout-test
TEST_CASE("a connect that never completes times out on the clock, and "
          "only then")
{
    FakeClockReactor fake;
    const FullListener full;
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector = connectTCP(fake.reactor, "127.0.0.1", full.port(),
                                      factory, 2s);
    fake.advance(1999ms);
    CHECK(factory->failures.empty());
    CHECK(connector->state() == Connector::State::connecting);
    fake.advance(1ms);
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ETIMEDOUT);
    CHECK(factory->failures.front().text() ==
          "connect to 127.0.0.1:" + std::to_string(full.port()) +
              ": timed out after 2.00 s");
    CHECK(factory->built == 0);
    CHECK(connector->state() == Connector::State::disconnected);
    CHECK(fake.reactor.watched() == 0); // the socket is closed
}
// endregion: timeout-test

TEST_CASE("without a timeout the attempt waits, and completes when the "
          "server makes room")
{
    FakeClockReactor fake;
    FullListener full;
    auto factory = std::make_shared<RecordingFactory>();
    connectTCP(fake.reactor, "127.0.0.1", full.port(), factory,
               std::nullopt);
    fake.advance(3600s);
    CHECK(fake.reactor.getDelayedCalls().empty());
    CHECK_FALSE(factory->settled());
    full.acceptOne(); // the client's next SYN is taken (about a second)
    turnUntil(fake.reactor, [&] { return factory->settled(); }, 30);
    CHECK(factory->protocols.front()->made == 1);
}

TEST_CASE("success cancels the timeout")
{
    FakeClockReactor fake;
    const auto server = listenTCP(
        fake.reactor, 0, [] { return std::make_shared<RecordingProtocol>(); });
    auto factory = std::make_shared<RecordingFactory>();
    connectTCP(fake.reactor, "127.0.0.1", server->port(), factory, 2s);
    turnUntil(fake.reactor, [&] { return factory->settled(); });
    CHECK(fake.reactor.getDelayedCalls().empty());
    fake.advance(10s);
    CHECK(factory->failures.empty());
    CHECK(factory->protocols.front()->lost == 0);
}

TEST_CASE("stopConnecting calls the attempt off: clientConnectionFailed "
          "before it returns, and nothing later")
{
    FakeClockReactor fake;
    const FullListener full;
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector = connectTCP(fake.reactor, "127.0.0.1", full.port(),
                                      factory, 2s);
    fake.reactor.iterate(Duration::zero());
    connector->stopConnecting();
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ECANCELED);
    CHECK(factory->failures.front().text() ==
          "connect to 127.0.0.1:" + std::to_string(full.port()) +
              ": cancelled");
    CHECK(connector->state() == Connector::State::disconnected);
    CHECK(fake.reactor.watched() == 0);
    CHECK(fake.reactor.getDelayedCalls().empty());
    fake.advance(5s);
    CHECK(factory->failures.size() == 1); // no timeout after all
    CHECK_THROWS_AS(connector->stopConnecting(), std::logic_error);
}

TEST_CASE("stopConnecting wins over a failure known at once but not yet "
          "said")
{
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector = connectTCP(reactor, "255.255.255.255", 80, factory);
    connector->stopConnecting();
    reactor.run();
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ECANCELED);
}

TEST_CASE("stopConnecting when not connecting is a logic error")
{
    Reactor reactor;
    const auto server = helloServer(reactor);
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector =
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
    turnUntil(reactor, [&] { return factory->settled(); });
    CHECK_THROWS_AS(connector->stopConnecting(), std::logic_error);
    CHECK_THROWS_AS(connector->connect(), std::logic_error);
}

TEST_CASE("the factory may try again from clientConnectionFailed")
{
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    factory->onFailed = [](Connector& connector, const Reason&) {
        connector.connect(); // disconnected again: a new attempt
    };
    const std::uint16_t port = closedPort();
    const auto connector = connectTCP(reactor, "127.0.0.1", port, factory);
    turnUntil(reactor, [&] { return factory->failures.size() == 3; });
    factory->onFailed = nullptr;
    reactor.run();
    CHECK(factory->failures.size() == 4);
    CHECK(factory->started == 4);
}

TEST_CASE("the loop keeps a connector alive while it connects: the handle "
          "may be dropped")
{
    Reactor reactor;
    const auto server = helloServer(reactor);
    auto factory = std::make_shared<RecordingFactory>();
    std::weak_ptr<Connector> weak =
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
    CHECK_FALSE(weak.expired());
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(weak.expired()); // and nothing holds it afterwards
    CHECK(factory->protocols.front()->received == "hello");
}

TEST_CASE("a factory that throws costs its own connection, and the loop "
          "goes on")
{
    Reactor reactor;
    const auto server = helloServer(reactor);

    SUBCASE("in buildProtocol: the connection is closed and the attempt "
            "fails")
    {
        auto factory = std::make_shared<RecordingFactory>();
        factory->build = []() -> std::shared_ptr<Protocol> {
            throw std::runtime_error{"boom"};
        };
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
        turnUntil(reactor, [&] { return !factory->failures.empty(); });
        CHECK(factory->failures.front().text() ==
              "the client factory's buildProtocol threw: boom");
        CHECK(factory->losses.empty());
    }
    SUBCASE("buildProtocol giving no protocol is a failure too")
    {
        auto factory = std::make_shared<RecordingFactory>();
        factory->build = [] { return std::shared_ptr<Protocol>{}; };
        connectTCP(reactor, "127.0.0.1", server->port(), factory);
        turnUntil(reactor, [&] { return !factory->failures.empty(); });
        CHECK(factory->failures.front().text().ends_with(
            "the client factory's buildProtocol gave no protocol"));
    }
    SUBCASE("in startedConnecting: the attempt fails before it starts")
    {
        auto factory = std::make_shared<RecordingFactory>();
        factory->onStarted = [](Connector&) {
            throw std::runtime_error{"boom"};
        };
        const auto connector =
            connectTCP(reactor, "127.0.0.1", server->port(), factory);
        CHECK(factory->failures.empty()); // said from the loop
        turnUntil(reactor, [&] { return !factory->failures.empty(); });
        CHECK(factory->failures.front().text() ==
              "the client factory's startedConnecting threw: boom");
        CHECK(connector->state() == Connector::State::disconnected);
        CHECK(factory->built == 0);
    }
    SUBCASE("in clientConnectionFailed or clientConnectionLost: said on "
            "stderr")
    {
        const CapturedStderr captured;
        auto refused = std::make_shared<RecordingFactory>();
        refused->onFailed = [](Connector&, const Reason&) {
            throw std::runtime_error{"boom"};
        };
        connectTCP(reactor, "127.0.0.1", closedPort(), refused);
        auto lost = std::make_shared<RecordingFactory>();
        lost->onLost = [](Connector&, const Reason&) {
            throw std::runtime_error{"bang"};
        };
        connectTCP(reactor, "127.0.0.1", server->port(), lost);
        turnUntil(reactor, [&] {
            return !refused->failures.empty() && !lost->losses.empty();
        });
        CHECK(captured.text().find("the client factory's "
                                   "clientConnectionFailed threw: boom") !=
              std::string::npos);
        CHECK(captured.text().find("the client factory's "
                                   "clientConnectionLost threw: bang") !=
              std::string::npos);
    }

    // And a well-behaved client is served as before.
    auto factory = std::make_shared<RecordingFactory>();
    connectTCP(reactor, "127.0.0.1", server->port(), factory);
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(factory->protocols.front()->received == "hello");
}

TEST_CASE("a connect to localhost tries each address the name has")
{
    // "localhost" is ::1 and 127.0.0.1 on most machines; the server is on
    // 127.0.0.1 alone, so where ::1 comes first it is refused and the
    // next address is tried.
    Reactor reactor;
    const auto server = helloServer(reactor);
    auto factory = std::make_shared<RecordingFactory>();
    const auto connector =
        connectTCP(reactor, "localhost", server->port(), factory);
    CHECK(connector->getDestination() ==
          "localhost:" + std::to_string(server->port()));
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(factory->failures.empty());
    CHECK(factory->protocols.front()->received == "hello");
}

TEST_CASE("every backend sees a connect finish, made or refused")
{
    for (const char* backend : {"select", "poll", "epoll"}) {
        CAPTURE(backend);
        Reactor reactor{makePoller(backend)};
        const auto server = helloServer(reactor);
        auto made = std::make_shared<RecordingFactory>();
        connectTCP(reactor, "127.0.0.1", server->port(), made);
        auto refused = std::make_shared<RecordingFactory>();
        connectTCP(reactor, "127.0.0.1", closedPort(), refused);
        turnUntil(reactor, [&] {
            return !made->losses.empty() && !refused->failures.empty();
        });
        CHECK(made->protocols.front()->received == "hello");
        CHECK(refused->failures.front().error() == ECONNREFUSED);
    }
}

TEST_CASE("a connector without a factory is refused at once")
{
    Reactor reactor;
    CHECK_THROWS_AS(connectTCP(reactor, "127.0.0.1", 80, nullptr),
                    std::invalid_argument);
}

} // TEST_SUITE
