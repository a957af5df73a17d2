#include "poetry_server.hpp"

#include "output.hpp"

#include <algorithm>
#include <chrono>

std::string describePace(const PoetryPace& pace)
{
    return common::counted(pace.chunk, "byte") + " every " +
           common::formatSeconds(
               std::chrono::duration<double>(pace.delay).count());
}

SlowPoetryProtocol::SlowPoetryProtocol(IReactorTime& clock,
                                       std::shared_ptr<const std::string> poem,
                                       PoetryPace pace, std::ostream* log,
                                       std::size_t client)
    : poem_{std::move(poem)}, pace_{pace}, log_{log}, client_{client},
      sending_{clock, [this] { sendNext(); }, "the next chunk of a poem"}
{
}

// region: send
void SlowPoetryProtocol::makeConnection(ITransport& transport)
{
    transport_ = &transport;
    if (log_ != nullptr) {
        *log_ << "Client " << client_ << " connected.\n";
    }
    sending_.start(pace_.delay); // the first chunk now
}

void SlowPoetryProtocol::sendNext()
{
    if (sent_ == poem_->size()) {
        // The last chunk went one interval ago: the end of the poem.
        sending_.stop();
        transport_->loseConnection();
        return;
    }
    const std::size_t size = std::min(pace_.chunk, poem_->size() - sent_);
    transport_->write(std::string_view{*poem_}.substr(sent_, size));
    sent_ += size;
}

void SlowPoetryProtocol::connectionLost(const Reason& reason)
{
    transport_ = nullptr;
    if (sending_.running()) {
        sending_.stop(); // the client left early: nothing to send it
    }
    if (log_ == nullptr) {
        return;
    }
    if (sent_ == poem_->size() && reason.clean()) {
        *log_ << "Client " << client_ << " has the whole poem, "
              << common::counted(sent_, "byte") << ".\n";
    } else {
        *log_ << "Client " << client_ << " left after "
              << common::withCommas(sent_) << " of "
              << common::counted(poem_->size(), "byte") << ": " << reason.text()
              << ".\n";
    }
}
// endregion: send
