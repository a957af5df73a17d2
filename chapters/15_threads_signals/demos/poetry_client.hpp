#pragma once
/// Chapter 12's poetry client, written as coroutines: one task per poem,
/// which connects, reads the poem chunk by chunk until the server closes,
/// runs it through cummingsify, and reports it, in the order the code
/// reads; gather runs the tasks side by side. Chapter 10 wrote the same
/// client with a factory and a protocol, chapter 11 with Deferreds; the
/// poems, the servers, cummingsify and the report are theirs, unchanged.
///
/// The report and the output stream are taken by reference: main() owns
/// them, and they outlive every task (the one kind of reference a
/// coroutine may take; see the book's section on lifetimes). Everything
/// else is taken by value.

#include "address.hpp"
#include "cummingsify.hpp"
#include "poetry_report.hpp"
#include "reactor.hpp"
#include "reactor_time.hpp"
#include "task.hpp"

#include "file_descriptor.hpp"

#include <cstddef>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <vector>

// region: client-api
/// A connect that failed, with the reason in chapter 10's words ("connect
/// to 127.0.0.1:9: Connection refused"). Twisted's ConnectError.
class ConnectError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A socket connected to `address`, each address it resolves to tried in
/// turn, as chapter 10's ConnectAttempt does. Throws ConnectError.
Task<common::FileDescriptor> connectTo(Reactor& reactor, Address address);

/// Poem `poem` of `report`, fetched from `address` and reported: each
/// chunk as it arrives, then the poem through `cummingsify` (or as it
/// came, when that fails, said on `out`), or why it did not come. Gives
/// up on a connect, or a silence between two chunks, that lasts `timeout`
/// (std::nullopt: never). Never throws: a failure is the report's.
Task<void> fetchPoem(Reactor& reactor, Address address, PoetryReport& report,
                     std::size_t poem, std::optional<Duration> timeout,
                     Cummingsifier cummingsify, std::ostream& out);

/// Every poem of `report`, poem i + 1 from addresses[i], all at once, each
/// with fetchPoem; done once each has arrived or failed.
Task<void> fetchPoems(Reactor& reactor, std::vector<Address> addresses,
                      PoetryReport& report, std::optional<Duration> timeout,
                      Cummingsifier cummingsify, std::ostream& out = std::cout);
// endregion: client-api
