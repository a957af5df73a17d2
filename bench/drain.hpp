#pragma once
// The benchmark's harness, shared by one program per buffer. Each program
// says how to push N bytes through its buffer into a fake socket; the
// harness times that for N = 64 KiB, 128 KiB, ... up to --max, and prints
// one line per N: "N seconds-per-byte", for scripts/bench to tabulate.
//
// The fake socket takes at most --send bytes per call and copies them out,
// as the kernel copies into its socket buffer, so the two buffers pay the
// same for the sending itself and differ only in what they do between
// sends. Nothing here is a test: speed depends on the machine.
#include "options.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

/// A socket that takes `limit` bytes per send() and throws them away.
class FakeSocket {
public:
    explicit FakeSocket(std::size_t limit) : limit_{limit}, sink_(limit) {}

    std::size_t send(const char* data, std::size_t size)
    {
        const std::size_t taken = std::min(size, limit_);
        std::memcpy(sink_.data(), data, taken);
        received += taken;
        return taken;
    }

    std::size_t received = 0;

private:
    std::size_t limit_;
    std::vector<char> sink_;
};

/// Pushes `data` through a buffer into `socket`: the part being measured.
using Drain = std::function<void(const std::string& data, FakeSocket& socket)>;

/// Parses --max SIZE and --send SIZE, then prints a line per size.
inline int run(int argc, char** argv, const Drain& drain)
{
    std::size_t max = 64 << 20;
    std::size_t send = 64 << 10;
    try {
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string option = argv[i];
            const std::size_t value = common::parseSize(argv[i + 1]);
            if (option == "--max") {
                max = value;
            } else if (option == "--send") {
                send = value;
            } else {
                throw std::invalid_argument{"unknown option " + option};
            }
        }
        if (argc % 2 == 0 || send == 0) {
            throw std::invalid_argument{"usage: --max SIZE --send SIZE"};
        }
    } catch (const std::invalid_argument& error) {
        std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
        return 2;
    }
    using Clock = std::chrono::steady_clock;
    for (std::size_t size = 64 << 10; size <= max; size *= 2) {
        const std::string data(size, '*');
        // Small sizes run many times, so the clock sees at least 50 ms.
        std::size_t bytes = 0;
        const auto start = Clock::now();
        std::chrono::duration<double> took{};
        do {
            FakeSocket socket{send};
            drain(data, socket);
            if (socket.received != size) {
                std::fprintf(stderr, "lost bytes at size %zu\n", size);
                return 1;
            }
            bytes += size;
            took = Clock::now() - start;
        } while (took.count() < 0.05);
        std::printf("%zu %.6e\n", size,
                    took.count() / static_cast<double>(bytes));
        std::fflush(stdout);
    }
    return 0;
}

} // namespace bench
