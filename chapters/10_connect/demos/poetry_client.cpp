#include "poetry_client.hpp"

#include "poetry_protocol.hpp"

#include "output.hpp"

#include <stdexcept>
#include <utility>

PoetryClientFactory::PoetryClientFactory(PoetryReport& report, std::size_t poem,
                                         std::function<void()> ended,
                                         IReactorTime& time,
                                         std::optional<Duration> timeout)
    : report_{report}, poem_{poem}, ended_{std::move(ended)}, time_{time},
      timeout_{timeout}
{
}

// region: client-callbacks
std::shared_ptr<Protocol> PoetryClientFactory::buildProtocol()
{
    // The protocol's three callbacks are the whole client: each says
    // what happened to the report, and the two ends say it is over.
    PoetryProtocol::Callbacks callbacks{
        [this](std::string_view chunk) { report_.chunkReceived(poem_, chunk); },
        [this](std::string poem) {
            report_.poemReceived(poem_, std::move(poem));
            ended_();
        },
        [this](const Reason& reason, std::size_t received) {
            report_.poemFailed(poem_, reason.text() + ", after " +
                                          common::counted(received, "byte"));
            ended_();
        }};
    if (timeout_) {
        return std::make_shared<PoetryProtocol>(std::move(callbacks), time_,
                                                *timeout_);
    }
    return std::make_shared<PoetryProtocol>(std::move(callbacks));
}

void PoetryClientFactory::clientConnectionFailed(Connector&,
                                                 const Reason& reason)
{
    report_.poemFailed(poem_, reason.text());
    ended_();
}
// endregion: client-callbacks

// region: fetch-poems
void fetchPoems(Reactor& reactor, const std::vector<Address>& addresses,
                PoetryReport& report, std::optional<Duration> timeout,
                std::function<void()> allDone)
{
    if (addresses.size() != report.size()) {
        throw std::invalid_argument{"fetchPoems: one address per poem"};
    }
    auto ended = [&report, allDone = std::move(allDone)] {
        if (report.done()) {
            allDone();
        }
    };
    report.start();
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        // Each connect returns at once; the loop keeps the connector and
        // its factory alive until the download is over.
        connect(reactor, addresses[i],
                std::make_shared<PoetryClientFactory>(report, i + 1, ended,
                                                      reactor, timeout),
                timeout);
    }
}
// endregion: fetch-poems
