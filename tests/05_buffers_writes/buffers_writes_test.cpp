#include "buffers_writes.hpp"
#include "reactor.hpp"

#include "socket.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

#include <cerrno>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <system_error>

namespace {

// Sends std::cout to a string for the life of the guard: BuffersWrites
// prints a line per send, which would bury the test report.
class CaptureOutput {
public:
    CaptureOutput() : saved_{std::cout.rdbuf(captured_.rdbuf())} {}
    ~CaptureOutput() { std::cout.rdbuf(saved_); }
    std::string text() const { return captured_.str(); }

private:
    std::ostringstream captured_;
    std::streambuf* saved_;
};

// A stand-in for a socket: each send() takes a random number of bytes or
// fails with EAGAIN, from a seeded generator, so every run is the same.
class FlakySocket {
public:
    explicit FlakySocket(unsigned seed) : random_{seed} {}

    ssize_t send(const char* data, std::size_t size)
    {
        ++calls;
        if (std::uniform_int_distribution<int>{0, 2}(random_) == 0) {
            errno = EAGAIN;
            return -1;
        }
        const std::size_t taken =
            std::uniform_int_distribution<std::size_t>{1, size}(random_);
        received.append(data, taken);
        return static_cast<ssize_t>(taken);
    }

    std::string received;
    int calls = 0;

private:
    std::mt19937 random_;
};

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 random{seed};
    std::string bytes(size, '\0');
    for (char& byte : bytes) {
        byte = static_cast<char>(random() & 0xff);
    }
    return bytes;
}

} // namespace

TEST_CASE("every byte is delivered once, in order, through short writes "
          "and EAGAIN")
{
    for (unsigned seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        CaptureOutput quiet;
        const std::string data = randomBytes(64 * 1024, seed);
        FlakySocket socket{seed};
        int completions = 0;
        BuffersWrites writer{
            data, [&](Reactor&, int) { ++completions; },
            [&](int, const char* bytes, std::size_t size) {
                return socket.send(bytes, size);
            }};
        Reactor reactor;
        // The reactor would call the writer on every writable turn until
        // it removes itself; here the test turns the crank by hand.
        while (completions == 0) {
            REQUIRE(socket.calls < 100'000);
            writer.bufferingWrite(reactor, 7);
        }
        CHECK(completions == 1);
        CHECK(writer.buffered() == 0);
        CHECK(socket.received == data);
    }
}

TEST_CASE("EAGAIN keeps the bytes; it is not an error")
{
    CaptureOutput quiet;
    int completions = 0;
    BuffersWrites writer{"abc", [&](Reactor&, int) { ++completions; },
                         [](int, const char*, std::size_t) -> ssize_t {
                             errno = EAGAIN;
                             return -1;
                         }};
    Reactor reactor;
    writer.bufferingWrite(reactor, 7);
    CHECK(writer.buffered() == 3);
    CHECK(completions == 0);
}

TEST_CASE("an error other than EAGAIN propagates, naming send")
{
    CaptureOutput quiet;
    BuffersWrites writer{"abc", [](Reactor&, int) {},
                         [](int, const char*, std::size_t) -> ssize_t {
                             errno = ECONNRESET;
                             return -1;
                         }};
    Reactor reactor;
    try {
        writer.bufferingWrite(reactor, 7);
        FAIL("no exception");
    } catch (const std::system_error& error) {
        CHECK(error.code().value() == ECONNRESET);
        CHECK(std::string{error.what()}.find("send") == 0);
    }
    CHECK(writer.buffered() == 3);
}

TEST_CASE("through a real non-blocking socket, the reader gets it all")
{
    CaptureOutput quiet;
    auto [client, server] = common::connectedPair();
    common::setNonBlocking(client.get());
    const std::string data = randomBytes(4 * 1024 * 1024, 99);
    std::string received;
    bool completed = false;

    Reactor reactor;
    auto writer = std::make_shared<BuffersWrites>(
        data, [&](Reactor&, int fd) {
            completed = true;
            ::shutdown(fd, SHUT_WR); // so the reader sees the end
        });
    reactor.addWriter(client.get(), [writer](Reactor& r, int fd) {
        writer->bufferingWrite(r, fd);
    });
    reactor.addReader(server.get(), [&](Reactor& r, int fd) {
        char chunk[65536];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        REQUIRE(n >= 0);
        received.append(chunk, static_cast<std::size_t>(n));
        if (n == 0) {
            r.removeReader(fd);
        }
    });
    reactor.run();
    CHECK(completed);
    CHECK(received == data);
}
