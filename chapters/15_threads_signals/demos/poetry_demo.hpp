#pragma once
/// The poetry demo, `poetry`: the Twisted Introduction's slow poetry
/// servers and the client that fetches from all of them at once. By
/// default one process runs three servers at different speeds and the
/// client; `--connect` points the client at servers elsewhere, and
/// `poetry serve` runs one server alone.

#include "options.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/// What the command line chose for the client.
struct PoetrySettings {
    /// --connect, each as given; none: the three servers of this process.
    std::vector<std::string> connect;
    double timeout = 5; ///< seconds a connect or a silence may last; 0: none
    bool unixSockets = false;   ///< --unix: our servers on paths
    bool addRefused = false;    ///< one more poem, refused
    bool addUnanswered = false; ///< one more poem, never answered
    std::uint64_t seed = 1;     ///< --seed: which poems cummingsify fails
    double failureRate = 0.33;  ///< --failure-rate: the share it fails
};

/// What the command line chose for `poetry serve`.
struct ServeSettings {
    std::string listen;          ///< --listen, as given; empty: a free port
    std::uint64_t delayMs = 100; ///< between two chunks
    std::size_t chunk = 30;      ///< bytes in each chunk
    std::string poem;            ///< POEM: a name, or a file's path
};

/// Runs the client (and, without --connect, the servers) and returns the
/// exit code: 0 when every poem arrived, 1 when any failed.
int runPoetryClient(const PoetrySettings& settings,
                    const common::SharedOptions& options);

/// Runs one slow poetry server until Ctrl-C.
int runPoetryServer(const ServeSettings& settings,
                    const common::SharedOptions& options);
