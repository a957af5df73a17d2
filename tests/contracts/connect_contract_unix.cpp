// The connect contract, continued: Unix domain sockets. listenUNIX and
// connectUNIX give the same transports and protocols over a path; a stale
// socket file and a path too long are clear errors; a listener removes its
// file when it stops. And Address, which lets a program take either kind.
#include "address.hpp"
#include "connect_support.hpp"
#include "connector.hpp"
#include "listener.hpp"
#include "socket_address.hpp"

#include "file_descriptor.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

// A server that echoes what it hears, closing when the client does.
std::shared_ptr<Protocol> echoProtocol()
{
    auto protocol = std::make_shared<RecordingProtocol>();
    protocol->onData = [](ITransport& transport, std::string_view data) {
        transport.write(data);
    };
    return protocol;
}

// Leaves a socket file at `path` with nobody behind it, as a server that
// was killed does: bound, and closed without unlink.
void leaveStaleSocketFile(const std::string& path)
{
    const SocketAddress address = unixAddress(path);
    const common::FileDescriptor socket{::socket(AF_UNIX, SOCK_STREAM, 0)};
    REQUIRE(socket);
    REQUIRE(::bind(socket.get(), address.get(), address.length) == 0);
}

// The exception's message, or "" if `f` does not throw.
template <typename Exception, typename F>
std::string messageOf(F f)
{
    try {
        f();
    } catch (const Exception& error) {
        return error.what();
    }
    return {};
}

} // namespace

TEST_SUITE("connect contract: Unix domain sockets")
{

// region: unix-test
TEST_CASE("a Unix domain socket carries a connection like TCP")
{
    const TempDir dir;
    const std::string path = dir.file("echo.sock");
    Reactor reactor;
    const auto listener = listenUNIX(reactor, path, echoProtocol);
    CHECK(exists(path));
    CHECK(listener->port() == 0);

    auto factory = std::make_shared<RecordingFactory>();
    const auto connector = connectUNIX(reactor, path, factory);
    CHECK(connector->getDestination() == "unix:" + path);
    turnUntil(reactor, [&] { return factory->settled(); });
    REQUIRE(factory->protocols.size() == 1);
    RecordingProtocol& client = *factory->protocols.front();
    connector->transport()->write("over a path");
    turnUntil(reactor, [&] { return client.received == "over a path"; });
    connector->disconnect();
    turnUntil(reactor, [&] { return !factory->losses.empty(); });
    CHECK(factory->losses.front().clean());
}
// endregion: unix-test

TEST_CASE("no file at the path: the connect fails, saying so")
{
    const TempDir dir;
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    const std::string path = dir.file("nobody.sock");
    connectUNIX(reactor, path, factory);
    CHECK(factory->failures.empty()); // never inside connectUNIX
    reactor.run();
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ENOENT);
    CHECK(factory->failures.front().text() ==
          "connect to unix:" + path +
              ": No such file or directory (no socket file: is the server "
              "running?)");
}

TEST_CASE("a stale socket file: the connect is refused, saying why")
{
    const TempDir dir;
    const std::string path = dir.file("stale.sock");
    leaveStaleSocketFile(path);
    Reactor reactor;
    auto factory = std::make_shared<RecordingFactory>();
    connectUNIX(reactor, path, factory);
    reactor.run();
    REQUIRE(factory->failures.size() == 1);
    CHECK(factory->failures.front().error() == ECONNREFUSED);
    CHECK(factory->failures.front().text().find("stale") !=
          std::string::npos);
}

TEST_CASE("a stale socket file: listenUNIX throws, and says to remove it")
{
    const TempDir dir;
    const std::string path = dir.file("stale.sock");
    leaveStaleSocketFile(path);
    Reactor reactor;
    const std::string message = messageOf<std::runtime_error>(
        [&] { listenUNIX(reactor, path, echoProtocol); });
    CHECK(message == "listenUNIX(" + path +
                         "): a stale socket file is in the way, left by a "
                         "server that is gone (nobody accepts on it): "
                         "remove it (rm " +
                         path + ") and start again");
    CHECK(exists(path)); // not ours to remove
}

TEST_CASE("a path where a server listens, or a file that is not a socket, "
          "is a clear error too")
{
    const TempDir dir;
    Reactor reactor;
    const std::string taken = dir.file("taken.sock");
    const auto first = listenUNIX(reactor, taken, echoProtocol);
    CHECK(messageOf<std::runtime_error>([&] {
              listenUNIX(reactor, taken, echoProtocol);
          }) == "listenUNIX(" + taken +
                    "): another server is listening there: stop it, or "
                    "choose another path");

    const std::string plain = dir.file("plain.txt");
    std::ofstream{plain} << "not a socket";
    CHECK(messageOf<std::runtime_error>([&] {
              listenUNIX(reactor, plain, echoProtocol);
          }) == "listenUNIX(" + plain +
                    "): a file that is not a socket is in the way: choose "
                    "another path");
}

TEST_CASE("a path too long for a socket address is refused, saying the "
          "limit and what to do")
{
    Reactor reactor;
    const std::string path = "/tmp/" + std::string(200, 'x');
    const std::string expected =
        "unix:" + path + ": the path is 205 bytes, and a Unix domain "
        "socket's path holds at most " +
        std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
        ": use a shorter one (a relative path, or one in /tmp)";
    CHECK(messageOf<std::invalid_argument>([&] {
              listenUNIX(reactor, path, echoProtocol);
          }) == expected);
    CHECK(messageOf<std::invalid_argument>([&] {
              connectUNIX(reactor, path,
                          std::make_shared<RecordingFactory>());
          }) == expected);
    CHECK(messageOf<std::invalid_argument>(
              [&] { Address::parse("unix:" + path); }) == expected);
    // The longest path that fits is fine.
    const std::string longest(maxUnixPathLength(), 'y');
    CHECK_NOTHROW(unixAddress(longest));
    CHECK_THROWS_AS(unixAddress(longest + "y"), std::invalid_argument);
}

TEST_CASE("stopListening removes the socket file, and the path is free "
          "again")
{
    const TempDir dir;
    const std::string path = dir.file("server.sock");
    Reactor reactor;
    const auto listener = listenUNIX(reactor, path, echoProtocol);
    listener->stopListening();
    CHECK_FALSE(exists(path));
    listener->stopListening(); // twice: nothing more
    const auto again = listenUNIX(reactor, path, echoProtocol);
    CHECK(exists(path));
}

TEST_CASE("a listener destroyed without stopListening removes its file "
          "too")
{
    const TempDir dir;
    const std::string path = dir.file("server.sock");
    {
        Reactor reactor;
        const auto listener = listenUNIX(reactor, path, echoProtocol);
        CHECK(exists(path));
    }
    CHECK_FALSE(exists(path));
}

TEST_CASE("a listener leaves alone a file that is no longer its own")
{
    const TempDir dir;
    const std::string path = dir.file("server.sock");
    Reactor reactor;
    const auto old = listenUNIX(reactor, path, echoProtocol);
    REQUIRE(std::filesystem::remove(path)); // someone removed it...
    const auto newer = listenUNIX(reactor, path, echoProtocol); // ...and bound
    old->stopListening();
    CHECK(exists(path)); // the newer server's file stays
    newer->stopListening();
    CHECK_FALSE(exists(path));
}

TEST_CASE("Address reads unix:PATH and [HOST:]PORT, and describes them "
          "back")
{
    const Address local = Address::parse("unix:/tmp/poetry.sock");
    CHECK(local.isUnix());
    CHECK(local.path() == "/tmp/poetry.sock");
    CHECK(local.describe() == "unix:/tmp/poetry.sock");

    const Address port = Address::parse("8000");
    CHECK_FALSE(port.isUnix());
    CHECK(port.host() == "127.0.0.1");
    CHECK(port.port() == 8000);
    CHECK(port.describe() == "127.0.0.1:8000");

    CHECK(Address::parse("example.org:80") == Address::tcp("example.org", 80));
    CHECK(Address::parse("[::1]:8000").describe() == "[::1]:8000");
    CHECK(Address::parse("8000", "0.0.0.0").describe() == "0.0.0.0:8000");

    CHECK_THROWS_AS(Address::parse("8000", ""), std::invalid_argument);
    CHECK(messageOf<std::invalid_argument>([] { Address::parse("unix:"); }) ==
          "'unix:' needs a path: write unix:PATH");
    CHECK(messageOf<std::invalid_argument>([] { Address::unixPath(""); }) ==
          "a Unix domain socket needs a path: write unix:PATH");
    CHECK_THROWS_AS(Address::parse("host:port"), std::invalid_argument);
}

TEST_CASE("connect and listen take either kind of address")
{
    const TempDir dir;
    Reactor reactor;
    for (const std::string& text : {"unix:" + dir.file("either.sock"),
                                    std::string{"127.0.0.1:0"}}) {
        CAPTURE(text);
        const auto listener = listen(reactor, Address::parse(text),
                                     echoProtocol);
        const Address where =
            listener->port() != 0
                ? Address::tcp("127.0.0.1", listener->port())
                : Address::parse(text);
        auto factory = std::make_shared<RecordingFactory>();
        const auto connector = connect(reactor, where, factory);
        CHECK(connector->getDestination() == where.describe());
        turnUntil(reactor, [&] { return factory->settled(); });
        connector->transport()->write("either");
        turnUntil(reactor, [&] {
            return factory->protocols.front()->received == "either";
        });
        connector->disconnect();
        listener->stopListening();
        reactor.run();
        CHECK(factory->losses.size() == 1);
    }
}

} // TEST_SUITE
