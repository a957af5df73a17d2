#include "stream_writer.hpp"

#include <stdexcept>
#include <utility>

StreamWriter::StreamWriter(std::shared_ptr<StreamProtocol> protocol)
    : protocol_{std::move(protocol)}
{
    if (!protocol_) {
        throw std::invalid_argument{"StreamWriter: no protocol"};
    }
}

void StreamWriter::write(std::string_view data)
{
    if (ITransport* transport = protocol_->transport()) {
        transport->write(data);
    }
}

Task<void> StreamWriter::drain() { return protocol_->drain(); }

void StreamWriter::writeEof()
{
    if (ITransport* transport = protocol_->transport()) {
        transport->loseWriteConnection();
    }
}

void StreamWriter::close() { protocol_->close(); }

void StreamWriter::abort() { protocol_->abort(); }

bool StreamWriter::isClosing() const { return protocol_->isClosing(); }

Task<void> StreamWriter::waitClosed() { return protocol_->waitClosed(); }

std::optional<Reason> StreamWriter::lostReason() const
{
    return protocol_->lostReason();
}
