#include "demo.hpp"

#include "memory_cap.hpp"
#include "output.hpp"
#include "socket.hpp"

#include <sys/resource.h>

#include <iostream>

using common::counted;
using common::formatBytes;
using common::withCommas;

namespace {

// getrusage's ru_maxrss: the most memory the process ever had resident,
// in KiB on Linux. It counts what the heap cap does not: code, stacks,
// and pages malloc keeps after a free.
std::uint64_t peakResidentBytes()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

// The heap's cap for the report; 0 is no cap at all (not even the
// machine's, which --memory-limit 0 gets when its memory can be read).
std::string capText(std::size_t cap)
{
    return cap == 0 ? "no cap" : "cap " + formatBytes(cap);
}

} // namespace

Demo::Demo(const Settings& settings)
    : settings_{settings},
      client_{std::make_shared<DoublingProducer>(settings.total,
                                                 settings.wholeWrites)}
{
}

std::shared_ptr<Protocol> Demo::newServer()
{
    ++servers_;
    server_ = std::make_shared<StreamChecker>();
    return server_;
}

void Demo::listen(Listener& listener)
{
    listener.setReadSize(settings_.readSize);
}

void Demo::start(Transport& connection)
{
    connection.setWaterMarks(settings_.highWater, settings_.lowWater);
    connection.setReadSize(settings_.readSize);
    started_ = std::chrono::steady_clock::now();
    playing_ = true;
}

// region: report
int Demo::report(const Transport& connection) const
{
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - started_;
    const std::uint64_t total = settings_.total;
    const bool checked = server_ && server_->received() == total &&
                         server_->reason() && server_->reason()->clean();
    if (client_->written() < total || !client_->lostCleanly() ||
        (server_ && !checked)) {
        std::cout << "The stream ended early: the client wrote "
                  << withCommas(client_->written()) << " of "
                  << counted(total, "byte") << ".\n";
        return 1;
    }
    const double perSecond = static_cast<double>(total) / took.count();
    std::cout << "Sent " << formatBytes(total) << " in "
              << common::formatSeconds(took.count()) << " ("
              << formatBytes(static_cast<std::uint64_t>(perSecond))
              << "/s)" << (server_ ? ", every byte checked" : "") << ".\n"
              << "Most bytes ever buffered: "
              << formatBytes(connection.peakBuffered())
              << " (high water mark " << formatBytes(settings_.highWater)
              << ", low " << formatBytes(settings_.lowWater) << ").\n"
              << "The producer was paused "
              << counted(client_->pauses(), "time") << " and resumed "
              << counted(client_->resumes(), "time") << ".\nPeak heap "
              << formatBytes(common::memory::peak()) << " ("
              << capText(common::memory::limit()) << "); peak resident memory "
              << formatBytes(peakResidentBytes()) << ".\n";
    return 0;
}
// endregion: report

std::string Demo::describe() const
{
    // Before the loop starts, the client may wait in connect() (for a
    // server whose queue is full): then that is the story, not the loop.
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    if (!playing_) {
        const std::size_t served = servers_;
        return "The server was waiting in the poller for clients and their "
               "bytes;\nit has had " +
               counted(served, "connection") + ".";
    }
    return "The client had written " + withCommas(client_->written()) +
           " of its " + counted(settings_.total, "byte") +
           ",\nand its producer had been paused " +
           counted(client_->pauses(), "time") +
           ".\nThe loop was waiting in the poller for the socket to "
           "take more.";
}

// region: explain
std::string Demo::explainOutOfMemory() const
{
    if (!playing_) {
        // No client here (--listen): only servers, reading and checking.
        const std::size_t served = servers_;
        return "This process was only a server, with " +
               counted(served, "connection") +
               " so far. It keeps no stream,\nonly a transport and a "
               "checker for each connection: the cap is too small for\n"
               "even that.";
    }
    if (!settings_.wholeWrites) {
        return "The producer was writing " +
               formatBytes(DoublingProducer::chunkSize) +
               " at a time, and the transport pauses it only once\nmore "
               "than the " +
               formatBytes(settings_.highWater) +
               " high water mark is buffered (--high-water): that\nmuch, "
               "with the rest of the program, did not fit under the cap.";
    }
    return "The producer writes each doubled message whole (--whole-writes)."
           "\nThe transport paused it after every message, once the buffer "
           "passed the\n" +
           formatBytes(settings_.highWater) +
           " high water mark, and resumed it only when the buffer had "
           "drained:\nback-pressure worked. But a pause comes after a "
           "write, and no write is\nrefused, so the " +
           formatBytes(client_->messageSize()) +
           " message had to be made and buffered in one piece.\nWithout "
           "--whole-writes the producer writes the same bytes " +
           formatBytes(DoublingProducer::chunkSize) +
           " at a time,\nand the buffer stays near the mark.";
}
// endregion: explain
