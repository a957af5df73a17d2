#include "poetry_client.hpp"

#include "poetry_protocol.hpp"

#include "output.hpp"

#include <stdexcept>
#include <utility>

PoetryClientFactory::PoetryClientFactory(
    Deferred<std::string> poem,
    std::function<void(std::string_view)> chunkReceived, IReactorTime& time,
    std::optional<Duration> timeout)
    : poem_{std::move(poem)},
      chunkReceived_{std::move(chunkReceived)}, time_{time}, timeout_{timeout}
{
}

// region: client-callbacks
std::shared_ptr<Protocol> PoetryClientFactory::buildProtocol()
{
    // The end of the download fires the Deferred, unless a cancel() got
    // there first (the abort that follows it ends the connection too).
    PoetryProtocol::Callbacks callbacks{
        chunkReceived_,
        [poem = poem_](std::string text) mutable {
            if (!poem.called()) {
                poem.callback(std::move(text));
            }
        },
        [poem = poem_](const Reason& reason, std::size_t received) mutable {
            if (!poem.called()) {
                poem.errback(PoemFailed{reason.text() + ", after " +
                                        common::counted(received, "byte")});
            }
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
    if (!poem_.called()) {
        poem_.errback(PoemFailed{reason.text()});
    }
}
// endregion: client-callbacks

// region: get-poetry
Deferred<std::string>
getPoetry(Reactor& reactor, const Address& address,
          std::optional<Duration> timeout,
          std::function<void(std::string_view)> chunkReceived)
{
    // Weak: the loop keeps the connector while it connects or is
    // connected, and a download that is over has nothing to call off.
    auto connector = std::make_shared<std::weak_ptr<Connector>>();
    Deferred<std::string> poem{[connector](Deferred<std::string>& self) {
        self.errback(CancelledError{}); // first: what follows is ignored
        if (const std::shared_ptr<Connector> c = connector->lock()) {
            if (ITransport* transport = c->transport()) {
                transport->abortConnection();
            } else {
                c->disconnect();
            }
        }
    }};
    *connector = connect(reactor, address,
                         std::make_shared<PoetryClientFactory>(
                             poem, std::move(chunkReceived), reactor, timeout),
                         timeout);
    return poem;
}
// endregion: get-poetry

// region: cummingsify-and-report
Deferred<std::string> cummingsifyAndReport(Deferred<std::string> poem,
                                           std::size_t number,
                                           PoetryReport& report,
                                           Cummingsifier cummingsify,
                                           std::ostream& out)
{
    return poem
        .addCallback([cummingsify, number](std::string text) {
            return cummingsify(number, std::move(text));
        })
        .addErrback([&out, number](Failure failure) {
            // Only a poem that cummingsify failed on is saved here; a
            // download that failed goes on down, as it came.
            failure.trap<CannotCummingsify>();
            const auto* cannot = failure.value<CannotCummingsify>();
            out << "Poem " << number << ": " << cannot->what()
                << "; it stays as it came.\n";
            return cannot->poem;
        })
        .addCallbacks(
            [&report, number](std::string text) {
                report.poemReceived(number, text);
                return text;
            },
            [&report, number](Failure failure) {
                report.poemFailed(number, failure.what());
                return failure;
            });
}
// endregion: cummingsify-and-report

// region: fetch-poems
DeferredList<std::string>
fetchPoems(Reactor& reactor, const std::vector<Address>& addresses,
           PoetryReport& report, std::optional<Duration> timeout,
           const Cummingsifier& cummingsify, std::ostream& out)
{
    if (addresses.size() != report.size()) {
        throw std::invalid_argument{"fetchPoems: one address per poem"};
    }
    report.start();
    std::vector<Deferred<std::string>> poems;
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const std::size_t number = i + 1;
        Deferred<std::string> poem =
            getPoetry(reactor, addresses[i], timeout,
                      [&report, number](std::string_view chunk) {
                          report.chunkReceived(number, chunk);
                      });
        poems.push_back(
            cummingsifyAndReport(poem, number, report, cummingsify, out));
    }
    // Every outcome, not the first failure: one poem that did not come
    // spoils none of the others. The failures, reported already, end in
    // the list (consumeErrors) instead of as unhandled errors.
    return DeferredList<std::string>{std::move(poems), {false, true}};
}
// endregion: fetch-poems
