#pragma once
/// The chapter's demo: chapter 05's doubling stream, written by a push
/// producer that the client's transport pauses and resumes, and checked
/// byte by byte by the server; the report at the end, and the stories told
/// if it stalls or runs out of memory.

#include "doubling_producer.hpp"
#include "listener.hpp"
#include "protocol.hpp"
#include "stream_checker.hpp"
#include "transport.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

/// What the command line chose.
struct Settings {
    std::size_t total = 1024 * 1024 * 1024;
    bool wholeWrites = false;
    std::size_t highWater = Transport::defaultHighWater;
    std::size_t lowWater = Transport::defaultLowWater;
    std::size_t readSize = Transport::maxReadSize;
};

class Demo {
public:
    explicit Demo(const Settings& settings);

    /// The client's side: the producer (there is one stream per run).
    std::shared_ptr<DoublingProducer> client() const { return client_; }
    /// A new server side, for each connection the listener accepts.
    std::shared_ptr<Protocol> newServer();

    /// Sets the water marks and read size of the client's transport and
    /// starts the clock: the client's connection is being made.
    void start(Transport& connection);
    /// Sets the read size of the server's transports, which `listener`
    /// makes.
    void listen(Listener& listener);
    /// Says how the transfer went and returns the exit code: 0 when every
    /// byte arrived (and, with the server here, was checked), 1 otherwise.
    int report(const Transport& connection) const;
    /// What the program is doing, for the watchdog's and Ctrl-C's reports.
    std::string describe() const;
    /// Why memory ran out, for the out-of-memory report.
    std::string explainOutOfMemory() const;

private:
    Settings settings_;
    std::shared_ptr<DoublingProducer> client_;
    std::shared_ptr<StreamChecker> server_; // the latest; main thread only
    std::atomic<std::size_t> servers_{0};
    std::atomic<bool> playing_{false};
    std::chrono::steady_clock::time_point started_;
};
