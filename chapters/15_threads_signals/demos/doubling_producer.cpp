#include "doubling_producer.hpp"

#include "stream.hpp"

#include "output.hpp"

#include <algorithm>

DoublingProducer::DoublingProducer(std::uint64_t total, bool wholeWrites,
                                   std::ostream& out)
    : total_{total}, wholeWrites_{wholeWrites}, out_{out},
      messageSize_{std::min<std::uint64_t>(2, total)}
{
}

void DoublingProducer::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    transport_->registerProducer(*this);
    produce();
}

// region: producing
void DoublingProducer::pauseProducing()
{
    paused_ = true;
    ++pauses_;
}

void DoublingProducer::resumeProducing()
{
    paused_ = false;
    ++resumes_;
    produce();
}

void DoublingProducer::stopProducing()
{
    stopped_ = true;
}

void DoublingProducer::produce()
{
    // A push producer writes until it is told to stop. The write that
    // takes the buffer over the high water mark calls pauseProducing()
    // before it returns, and that ends this loop.
    while (!paused_ && !stopped_ && written_ < total_) {
        writeNext();
    }
    if (written_ == total_ && !stopped_) {
        stopped_ = true;
        transport_->unregisterProducer();
        transport_->loseConnection(); // once the buffer has drained
    }
}

void DoublingProducer::writeNext()
{
    const std::uint64_t left = messageSize_ - messageWritten_;
    const std::uint64_t size =
        wholeWrites_ ? left : std::min<std::uint64_t>(left, chunkSize);
    transport_->write(streamBytes(written_, static_cast<std::size_t>(size)));
    written_ += size;
    messageWritten_ += size;
    ++messageWrites_;
    if (messageWritten_ == messageSize_) {
        finishMessage();
    }
}
// endregion: producing

void DoublingProducer::finishMessage()
{
    const std::uint64_t pauses = pauses_ - pausesBeforeMessage_;
    out_ << "Client wrote " << common::formatBytes(messageSize_) << " in "
         << common::withCommas(messageWrites_)
         << (messageWrites_ == 1 ? " write" : " writes") << ", paused "
         << common::withCommas(pauses) << (pauses == 1 ? " time" : " times")
         << (messageSize_ < doubling_ ? ": the rest of the total" : "")
         << ".\n";
    // Twice as long, as in chapter 05; the last is cut short at the total.
    doubling_ *= 2;
    messageSize_ = std::min(doubling_, total_ - written_);
    messageWritten_ = 0;
    messageWrites_ = 0;
    pausesBeforeMessage_ = pauses_;
}

void DoublingProducer::connectionLost(const Reason& reason)
{
    transport_ = nullptr;
    stopped_ = true;
    lost_ = true;
    lostCleanly_ = reason.clean();
    out_ << "Client lost the connection: " << reason.text() << '\n';
}
