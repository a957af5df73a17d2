#include "ping_pong.hpp"

PingPongProtocol::PingPongProtocol(std::string identity,
                                   std::optional<std::size_t> maximum,
                                   std::ostream& out)
    : identity_{std::move(identity)}, maximum_{maximum}, out_{out}
{
}

// region: ping-pong
void PingPongProtocol::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    transport_->write("*"); // serve first: both sides do
}

void PingPongProtocol::dataReceived(std::string_view data)
{
    received_ += data.size();
    ++reads_;
    if (maximum_ && received_ >= *maximum_) {
        out_ << identity_ << " is closing the connection\n";
        transport_->loseConnection();
    } else {
        transport_->write("*");
        out_ << identity_ << " wrote a byte\n";
    }
}

void PingPongProtocol::connectionLost(const Reason& reason)
{
    transport_ = nullptr;
    lost_ = true;
    out_ << identity_ << " lost the connection: " << reason.text() << '\n';
}
// endregion: ping-pong
