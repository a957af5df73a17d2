// 04_nonblocking: send() on a non-blocking socket, EAGAIN and short writes.
#include "demo.hpp"
#include "reactor.hpp"

#include "chapter_app.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <functional>
#include <iostream>
#include <stdexcept>

namespace {

// Small buffers (the kernel doubles what it is asked for) keep the first
// part of the run to a screenful, and make a 1 MiB send certain to be
// short: it is far more than the two buffers can hold.
constexpr int bufferSize = 16 * 1024;

// region: both-sides
int runBothSides(Demo& demo)
{
    common::FileDescriptor listener = common::listenTcp();
    common::setReceiveBufferSize(listener.get(), bufferSize); // inherited
    common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener.get()));
    common::setSendBufferSize(client.get(), bufferSize);
    // The lesson: send() now returns at once, whatever it could take.
    common::setNonBlocking(client.get());
    std::cout << "The client's socket is non-blocking: send() takes what "
                 "fits and returns.\n";

    Reactor reactor;
    reactor.addReader(listener.get(), std::bind_front(&Demo::accept, &demo));
    reactor.addWriter(client.get(), std::bind_front(&Demo::write, &demo));
    reactor.run();
    common::Watchdog::standDown(); // over: Ctrl-C now changes nothing

    std::cout << demo.accounts() << '\n';
    if (!demo.balanced()) {
        throw std::runtime_error("the server did not receive what send() "
                                 "reported");
    }
    return 0;
}
// endregion: both-sides

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "04_nonblocking",
        "send() on a non-blocking socket: the client fills the buffers "
        "until EAGAIN,\nthen makes one short write; the server proves "
        "that exactly the bytes send()\nreported arrived, and no others."};
    app.addStallTimeout(3);

    Demo demo;
    const auto describing =
        common::Watchdog::describe([&demo] { return demo.describe(); });
    return app.run(argc, argv, [&] { return runBothSides(demo); });
}
