// Chapter 05's BuffersWrites, the real class: the message is copied in,
// and every partial send erases the sent bytes from the front of a string,
// which moves everything behind them.
#include "drain.hpp"

#include "buffers_writes.hpp"
#include "reactor.hpp"

#include <iostream>

int main(int argc, char** argv)
{
    // BuffersWrites prints a line per send; a stream without a buffer is
    // in a failed state and skips the formatting, so this costs nothing.
    std::cout.rdbuf(nullptr);
    return bench::run(argc, argv, [](const std::string& data,
                                     bench::FakeSocket& socket) {
        bool done = false;
        BuffersWrites writer{data, // a copy, as chapter 05's demo makes
                             [&done](Reactor&, int) { done = true; },
                             [&socket](int, const char* bytes,
                                       std::size_t size) {
                                 return static_cast<ssize_t>(
                                     socket.send(bytes, size));
                             }};
        Reactor reactor; // only told to remove a writer it never had
        while (!done) {
            writer.bufferingWrite(reactor, -1);
        }
    });
}
