// 06_transports_protocols: a reactor of transports, each serving a protocol;
// the original's ping-pong game, played to the end.
#include "demo.hpp"
#include "listener.hpp"
#include "reactor.hpp"
#include "transport.hpp"

#include "chapter_app.hpp"
#include "options.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <iostream>
#include <memory>
#include <optional>

namespace {

// region: both-sides
int runBothSides(Demo& demo)
{
    Reactor reactor;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(), [&demo] { return demo.newServer(); });
    listener->activate();
    const std::uint16_t port = common::boundPort(listener->fileno());

    auto connection = std::make_shared<Transport>(
        reactor, common::connectTcp("127.0.0.1", port), demo.client());
    demo.start();
    connection->activate();
    // run() would never return: the listener is always registered. So the
    // loop turns until the game is over, the listener stops, and run()
    // finishes what is left (the server reading the end of the stream).
    while (!demo.client()->lost()) {
        reactor.iterate();
    }
    listener->stopListening();
    reactor.run();
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    return demo.report();
}
// endregion: both-sides

int runServer(Demo& demo, const common::Endpoint& where)
{
    // A server alone waits for clients, and waiting for a peer is not a
    // stall: only Ctrl-C ends it.
    common::Watchdog::stallTimeout(0);
    Reactor reactor;
    auto listener = std::make_shared<Listener>(
        reactor, common::listenTcp(where.host, where.port),
        [&demo] { return demo.newServer(); });
    listener->activate();
    std::cout << "Listening on " << where.host << ':'
              << common::boundPort(listener->fileno())
              << "; Ctrl-C to stop.\n";
    reactor.run();
    return 0;
}

int runClient(Demo& demo, const common::Endpoint& where)
{
    Reactor reactor;
    auto connection = std::make_shared<Transport>(
        reactor, common::connectTcp(where.host, where.port), demo.client());
    demo.start();
    connection->activate();
    reactor.run(); // ends when the client's connection is gone
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing
    return demo.report();
}

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "06_transports_protocols",
        "Transports own the sockets and their buffers, protocols own the\n"
        "behaviour, the reactor owns the loop. A client and a server play\n"
        "ping-pong with single bytes until the client has received its\n"
        "--maximum, then it closes the connection and the program ends."};
    app.addStallTimeout(3);
    app.addListenConnect();
    std::size_t maximum = 100;
    common::addCountOption(app.cli(), "--maximum", maximum, std::size_t{1},
                           std::size_t{1'000'000'000},
                           "Bytes the client receives before it closes the "
                           "connection");

    std::optional<Demo> demo; // made once --maximum is known
    return app.run(argc, argv, [&] {
        demo.emplace(maximum);
        const auto describing =
            common::Watchdog::describe([&demo] { return demo->describe(); });
        const common::SharedOptions& options = app.shared();
        if (options.listen) {
            return runServer(*demo, *options.listen);
        }
        if (options.connect) {
            return runClient(*demo, *options.connect);
        }
        return runBothSides(*demo);
    });
}
