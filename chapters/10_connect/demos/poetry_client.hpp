#pragma once
/// Chapter 10's poetry client, written with callbacks: one connection per
/// poem, all started at once, each with a factory that hears how its
/// connection went and a protocol that hears the poem. This is the file
/// chapters 11 and 12 rewrite, with Deferreds and with coroutines; the
/// poems, the servers and the report stay as they are.

#include "address.hpp"
#include "connector.hpp"
#include "poetry_report.hpp"
#include "reactor.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// region: client-factory
/// Makes the protocol of poem number `poem` and tells `report` how its
/// download went; calls `ended` once the download is over, either way.
/// A server silent for `timeout` is given up (std::nullopt: never).
class PoetryClientFactory : public ClientFactory {
public:
    PoetryClientFactory(PoetryReport& report, std::size_t poem,
                        std::function<void()> ended, IReactorTime& time,
                        std::optional<Duration> timeout);

    std::shared_ptr<Protocol> buildProtocol() override;
    /// Refused, unreachable, timed out: this poem will not come.
    void clientConnectionFailed(Connector& connector,
                                const Reason& reason) override;

private:
    PoetryReport& report_;
    std::size_t poem_;
    std::function<void()> ended_;
    IReactorTime& time_;
    std::optional<Duration> timeout_;
};
// endregion: client-factory

/// Starts fetching poem i + 1 of `report` from addresses[i], for every i,
/// all at once, and returns at once: the loop does the rest. Each connect,
/// and each wait for the server's next chunk, gives up after `timeout`
/// (std::nullopt: never). `allDone` is called
/// once every poem has arrived or failed.
void fetchPoems(Reactor& reactor, const std::vector<Address>& addresses,
                PoetryReport& report, std::optional<Duration> timeout,
                std::function<void()> allDone);
