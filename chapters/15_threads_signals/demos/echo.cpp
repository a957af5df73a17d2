#include "echo.hpp"

#include "stream.hpp"

#include "output.hpp"
#include "watchdog.hpp"

#include <chrono>
#include <iostream>
#include <string_view>

EchoProtocol::EchoProtocol(std::shared_ptr<EchoStats> stats,
                           IReactorTime* clock, Duration idleTimeout)
    : stats_{std::move(stats)}, clock_{clock}, idleTimeout_{idleTimeout}
{
}

// region: echo
void EchoProtocol::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    ++stats_->connections;
    ++stats_->open;
    resetTimeout();
}

void EchoProtocol::dataReceived(std::string_view data)
{
    resetTimeout();
    stats_->bytes += data.size();
    transport_->write(data);
}

void EchoProtocol::connectionLost(const Reason&)
{
    transport_ = nullptr;
    --stats_->open;
    if (timeout_.active()) {
        timeout_.cancel(); // it would run on a protocol that is gone
    }
}
// endregion: echo

// region: idle-timeout
void EchoProtocol::resetTimeout()
{
    if (clock_ == nullptr || idleTimeout_ == Duration::zero()) {
        return; // no timeout
    }
    // One call per connection, pushed back on every read: far cheaper
    // than cancelling it and scheduling a new one.
    if (timeout_.active()) {
        timeout_.reset(idleTimeout_);
    } else {
        timeout_ = clock_->callLater(idleTimeout_,
                                     [this] { timeoutConnection(); },
                                     "an idle timeout");
    }
}

void EchoProtocol::timeoutConnection()
{
    ++stats_->dropped;
    std::cout << "Dropped a connection silent for "
              << common::formatSeconds(
                     std::chrono::duration<double>(idleTimeout_).count())
              << ".\n";
    transport_->loseConnection();
}
// endregion: idle-timeout

PingClient::PingClient(std::uint64_t rounds, std::size_t size)
    : rounds_{rounds}, size_{size}
{
}

void PingClient::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    ping();
}

void PingClient::ping()
{
    transport_->write(streamBytes(sent_, size_));
    sent_ += size_;
}

void PingClient::dataReceived(std::string_view data)
{
    if (const std::size_t wrong = firstMismatch(data, received_);
        wrong != std::string_view::npos || received_ + data.size() > sent_) {
        wrongAt_ = received_ + (wrong == std::string_view::npos
                                    ? sent_ - received_
                                    : wrong);
        transport_->loseConnection();
        return;
    }
    received_ += data.size();
    if (received_ < sent_) {
        return; // the rest of this round's echo is still on its way
    }
    common::Watchdog::progress();
    if (++done_ == rounds_) {
        transport_->loseConnection();
    } else {
        ping();
    }
}

void PingClient::connectionLost(const Reason& reason)
{
    lost_ = reason;
    transport_ = nullptr;
}

bool PingClient::succeeded() const
{
    return done_ == rounds_ && !wrongAt_ && lost_ && lost_->clean();
}

std::string PingClient::failure() const
{
    if (wrongAt_) {
        return "byte " + std::to_string(*wrongAt_) +
               " of the echo is not the one sent";
    }
    if (lost_ && !lost_->clean()) {
        return "the connection was lost: " + lost_->text();
    }
    return "the connection ended after " + std::to_string(done_) + " of " +
           std::to_string(rounds_) + " round trips";
}
