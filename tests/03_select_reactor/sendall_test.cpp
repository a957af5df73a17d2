#include "sendall.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <string>
#include <system_error>
#include <thread>

TEST_CASE("sendall delivers every byte, even far more than the buffers hold")
{
    auto [client, server] = common::connectedPair();
    const std::string message(8 * 1024 * 1024, '*');
    std::size_t received = 0;
    std::thread reader{[&, fd = server.get()] {
        char chunk[65536];
        for (ssize_t n; (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) {
            received += static_cast<std::size_t>(n);
        }
    }};
    SendallProgress progress;
    sendall(client.get(), message, progress);
    client.reset(); // end of stream lets the reader finish
    reader.join();
    CHECK(received == message.size());
    CHECK(progress.asked == message.size());
    CHECK(progress.taken == message.size());
}

TEST_CASE("sendall reports a failed send with its errno")
{
    auto [client, server] = common::connectedPair();
    ::shutdown(client.get(), SHUT_WR);
    SendallProgress progress;
    CHECK_THROWS_AS(sendall(client.get(), "late", progress), std::system_error);
}
