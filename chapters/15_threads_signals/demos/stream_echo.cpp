#include "stream_echo.hpp"

#include "stream_errors.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace {

// The most one read() takes: the reader's default limit, so that a read
// empties what the transport delivered in one recv().
constexpr std::size_t readSize = StreamReader::defaultLimit;

// Counts a connection as open for as long as it lives, whichever way its
// coroutine ends.
class Serving {
public:
    explicit Serving(EchoServerStats& stats) : stats_{stats}
    {
        const std::uint64_t open = ++stats_.open;
        if (open > stats_.peakOpen) {
            stats_.peakOpen = open;
        }
    }
    ~Serving()
    {
        --stats_.open;
        ++stats_.served;
    }
    Serving(const Serving&) = delete;
    Serving& operator=(const Serving&) = delete;

private:
    EchoServerStats& stats_;
};

} // namespace

// region: echo-stream
Task<void> echoStream(StreamReader reader, StreamWriter writer,
                      std::shared_ptr<EchoServerStats> stats)
{
    const Serving serving{*stats};
    try {
        for (;;) {
            const std::string data = co_await reader.read(readSize);
            if (data.empty()) {
                break; // the client's end of the stream
            }
            stats->bytes += data.size();
            writer.write(data);
            co_await writer.drain(); // waits only while the client lags
        }
    } catch (const ConnectionError&) {
        // The client reset the connection, or went away while we waited
        // to send: nobody is left to answer, and the other clients go on.
        ++stats->lost;
    }
    // Returning ends the connection: the server closes it, once what was
    // written has gone out.
}
// endregion: echo-stream

// region: start-echo-server
std::unique_ptr<StreamServer>
startEchoServer(Reactor& reactor, const Address& address,
                std::shared_ptr<EchoServerStats> stats)
{
    // The statistics go to each coroutine as a shared_ptr, by value: a
    // reference parameter would dangle if the server outlived the caller
    // (chapter 12's trap).
    return startServer(reactor, address,
                       [stats](StreamReader reader, StreamWriter writer) {
                           return echoStream(std::move(reader),
                                             std::move(writer), stats);
                       });
}
// endregion: start-echo-server
