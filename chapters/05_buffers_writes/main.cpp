// 05_buffers_writes: buffer what send() did not take; the buffer has no end.
#include "demo.hpp"
#include "reactor.hpp"

#include "chapter_app.hpp"
#include "socket.hpp"
#include "watchdog.hpp"

#include <functional>

namespace {

// region: both-sides
int runBothSides(Demo& demo)
{
    common::FileDescriptor listener = common::listenTcp();
    common::FileDescriptor client =
        common::connectTcp("127.0.0.1", common::boundPort(listener.get()));
    common::setNonBlocking(client.get());

    Reactor reactor;
    reactor.addReader(listener.get(), std::bind_front(&Demo::accept, &demo));
    reactor.addWriter(client.get(), std::bind_front(&Demo::write, &demo));
    reactor.run();
    return 0;
}
// endregion: both-sides

} // namespace

int main(int argc, char** argv)
{
    common::ChapterApp app{
        "05_buffers_writes",
        "Chapter 03's doubling writes through BuffersWrites, which keeps "
        "what send() did\nnot take. Nothing blocks any more, and nothing "
        "stops the buffer growing: the\ndemo ends at the memory cap "
        "(exit 4)."};
    app.addStallTimeout(3);
    app.addMemoryLimit("256MiB");

    Demo demo;
    const auto describing =
        common::Watchdog::describe([&demo] { return demo.describe(); });
    app.onOutOfMemory([&demo] { return demo.explainOutOfMemory(); });
    return app.run(argc, argv, [&] { return runBothSides(demo); });
}
