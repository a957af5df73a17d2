// Chapter 07's WriteBuffer: the message is copied in, and each send moves
// past the bytes it took, leaving the rest where they are.
#include "drain.hpp"

#include "write_buffer.hpp"

int main(int argc, char** argv)
{
    return bench::run(argc, argv, [](const std::string& data,
                                     bench::FakeSocket& socket) {
        WriteBuffer buffer;
        buffer.append(data);
        while (!buffer.empty()) {
            const std::string_view front = buffer.front();
            buffer.consume(socket.send(front.data(), front.size()));
        }
    });
}
