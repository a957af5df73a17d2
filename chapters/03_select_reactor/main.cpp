// 03_select_reactor: the reactor, and the blocking sendall() that stalls it.
#include "demo.hpp"
#include "reactor.hpp"

#include "chapter_app.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <functional>
#include <iostream>

namespace {

// region: both-sides
int runBothSides(Demo& demo)
{
    common::FileDescriptor listener = common::listenTcp();
    common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener.get()));

    Reactor reactor;
    reactor.addReader(listener.get(), std::bind_front(&Demo::accept, &demo));
    reactor.addWriter(client.get(), std::bind_front(&Demo::write, &demo));
    reactor.run();
    return 0;
}
// endregion: both-sides

int runServer(Demo& demo, const common::Endpoint& where)
{
    // The server alone never calls send(): when it waits, it waits for a
    // peer, and waiting for a peer is not a stall.
    common::Watchdog::stallTimeout(0);
    common::FileDescriptor listener = common::listenTcp(where.host, where.port);
    std::cout << "Listening on " << where.host << ':'
              << common::boundPort(listener.get()) << "; Ctrl-C to stop.\n";
    Reactor reactor;
    reactor.addReader(listener.get(), std::bind_front(&Demo::accept, &demo));
    reactor.run();
    return 0;
}

int runClient(Demo& demo, const common::Endpoint& where)
{
    common::FileDescriptor client = common::connectTcp(where.host, where.port);
    Reactor reactor;
    reactor.addWriter(client.get(), std::bind_front(&Demo::write, &demo));
    reactor.run();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "03_select_reactor",
        "A select() reactor whose blocking sendall() stalls the program.\n"
        "Client and server share one loop; the client's message doubles "
        "after every write\nuntil sendall() blocks forever and the "
        "watchdog reports the stall (exit 3)."};
    app.addStallTimeout(3);
    app.addMemoryLimit("256MiB");
    app.addListenConnect();

    Demo demo;
    const auto describing =
        common::Watchdog::describe([&demo] { return demo.describe(); });
    app.onOutOfMemory([&demo] { return demo.explainOutOfMemory(); });
    return app.run(argc, argv, [&] {
        const common::SharedOptions& options = app.shared();
        if (options.listen) {
            return runServer(demo, *options.listen);
        }
        if (options.connect) {
            return runClient(demo, *options.connect);
        }
        return runBothSides(demo);
    });
}
