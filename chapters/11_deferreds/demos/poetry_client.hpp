#pragma once
/// Chapter 11's poetry client, written with Deferreds. getPoetry() returns
/// at once a Deferred<std::string> for one poem, which fires later with
/// the poem or with why it did not come. fetchPoems() runs each poem
/// through cummingsify, falls back to the poem as it came when that fails,
/// tells the report, and waits for them all with a DeferredList. Chapter
/// 10 wrote the same client with callbacks, and chapter 12 writes it as
/// coroutines; the poems, the servers and the report stay as they are.

#include "address.hpp"
#include "connector.hpp"
#include "cummingsify.hpp"
#include "deferred.hpp"
#include "deferred_list.hpp"
#include "poetry_report.hpp"
#include "reactor.hpp"

#include <cstddef>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

/// Why a poem did not come: its connect failed, or its connection was lost
/// before the end. The text is the Reason's.
class PoemFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// region: client-factory
/// The factory of one download: it fires `poem` with the poem, or fails it
/// with PoemFailed, and gives each piece to `chunkReceived` as it comes (a
/// Deferred fires once: the pieces of a poem stay a callback). A server
/// silent for `timeout` is given up (std::nullopt: never).
class PoetryClientFactory : public ClientFactory {
public:
    PoetryClientFactory(Deferred<std::string> poem,
                        std::function<void(std::string_view)> chunkReceived,
                        IReactorTime& time, std::optional<Duration> timeout);

    std::shared_ptr<Protocol> buildProtocol() override;
    /// Refused, unreachable, timed out: this poem will not come.
    void clientConnectionFailed(Connector& connector,
                                const Reason& reason) override;

private:
    Deferred<std::string> poem_;
    std::function<void(std::string_view)> chunkReceived_;
    IReactorTime& time_;
    std::optional<Duration> timeout_;
};
// endregion: client-factory

/// Fetches one poem from `address`, the connect, and each wait for the
/// server's next chunk, given up after `timeout` (std::nullopt: never),
/// and returns at once. Cancelling the Deferred
/// calls the download off: the connect is stopped, or the connection
/// aborted, and the Deferred fails with CancelledError.
Deferred<std::string>
getPoetry(Reactor& reactor, const Address& address,
          std::optional<Duration> timeout,
          std::function<void(std::string_view)> chunkReceived);

/// Adds to `poem`, poem number `number`, the rest of its download: the
/// poem through `cummingsify`, the poem as it came when that fails (said
/// on `out`), and the outcome told to `report`. A failed download stays a
/// failure, past the fallback.
Deferred<std::string> cummingsifyAndReport(Deferred<std::string> poem,
                                           std::size_t number,
                                           PoetryReport& report,
                                           Cummingsifier cummingsify,
                                           std::ostream& out);

/// Starts fetching poem i + 1 of `report` from addresses[i], for every i,
/// all at once, each with cummingsifyAndReport, and returns at once: the
/// loop does the rest. The list fires once every poem has arrived or
/// failed, with every outcome.
DeferredList<std::string>
fetchPoems(Reactor& reactor, const std::vector<Address>& addresses,
           PoetryReport& report, std::optional<Duration> timeout,
           const Cummingsifier& cummingsify, std::ostream& out = std::cout);
