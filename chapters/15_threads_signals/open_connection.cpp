#include "open_connection.hpp"

#include "connector.hpp"
#include "stream_errors.hpp"
#include "stream_protocol.hpp"
#include "stream_wait_list.hpp"

#include <memory>
#include <optional>
#include <utility>

namespace {

// region: connect-outcome
// What the attempt ends with, where the task waiting for it finds it.
struct Outcome {
    std::optional<Streams> streams;
    std::optional<Reason> failure;
    bool taken = false; // the task has the streams
    StreamWaitList waiters;
};

// Chapter 10's factory, which tells the waiting task instead of a person.
class StreamClientFactory : public ClientFactory {
public:
    StreamClientFactory(std::shared_ptr<Outcome> outcome, std::size_t limit)
        : outcome_{std::move(outcome)}, limit_{limit}
    {
    }

    std::shared_ptr<Protocol> buildProtocol() override
    {
        return std::make_shared<StreamProtocol>(
            limit_, [outcome = outcome_](StreamReader r, StreamWriter w) {
                outcome->streams = Streams{std::move(r), std::move(w)};
                outcome->waiters.wakeAll();
            });
    }

    void clientConnectionFailed(Connector& /*connector*/,
                                const Reason& reason) override
    {
        outcome_->failure = reason;
        outcome_->waiters.wakeAll();
    }

private:
    std::shared_ptr<Outcome> outcome_;
    std::size_t limit_;
};

// A task cancelled or destroyed while it connects leaves nothing behind:
// the attempt is stopped, or the connection it made just now is closed.
struct LeaveNothing {
    std::shared_ptr<Connector> connector;
    std::shared_ptr<Outcome> outcome;

    ~LeaveNothing()
    {
        if (connector->state() == Connector::State::connecting) {
            connector->stopConnecting();
        } else if (outcome->streams && !outcome->taken) {
            outcome->streams->writer.close();
        }
    }
};
// endregion: connect-outcome

} // namespace

// region: open-connection-body
Task<Streams> openConnection(Reactor& reactor, Address address,
                             std::size_t limit,
                             std::optional<Duration> timeout)
{
    auto outcome = std::make_shared<Outcome>();
    const LeaveNothing guard{
        connect(reactor, address,
                std::make_shared<StreamClientFactory>(outcome, limit),
                timeout),
        outcome};
    while (!outcome->streams && !outcome->failure) {
        co_await outcome->waiters.wait();
    }
    if (!outcome->streams) {
        throw ConnectionError{"", *outcome->failure};
    }
    outcome->taken = true;
    co_return *outcome->streams;
}
// endregion: open-connection-body
