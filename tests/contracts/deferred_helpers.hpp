#pragma once
// Helpers for the Deferred contract: what a Deferred fired with, read
// without taking it (Twisted's successResultOf and failureResultOf), and
// the unhandled-failure reports collected instead of printed.
#include "deferred.hpp"
#include "failure.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Collects what unhandledErrors() reports while it lives; then restores
/// the default handler. Declare it before the Deferreds of a test, so that
/// it outlives them.
class UnhandledReports {
public:
    UnhandledReports()
    {
        unhandledErrors().setExceptionHandler(
            [this](std::string_view name, std::exception_ptr error) {
                lines.push_back(std::string{name} + ": " +
                                CallbackRunner::describe(error));
            });
    }
    ~UnhandledReports() { unhandledErrors().setExceptionHandler(nullptr); }
    UnhandledReports(const UnhandledReports&) = delete;
    UnhandledReports& operator=(const UnhandledReports&) = delete;

    std::vector<std::string> lines;
};

/// What `deferred` fires with, seen by a callback that passes it on; the
/// optional is empty until then (shared: the callback may run later).
template <typename T>
std::shared_ptr<std::optional<T>> resultOf(Deferred<T>& deferred)
{
    auto seen = std::make_shared<std::optional<T>>();
    deferred.addCallback([seen](T value) {
        *seen = value;
        return value;
    });
    return seen;
}

/// The failure `deferred` fires with, seen by an errback that passes it
/// on (so it is still there, for the next errback or the report).
template <typename T>
std::shared_ptr<std::optional<Failure>> failureOf(Deferred<T>& deferred)
{
    auto seen = std::make_shared<std::optional<Failure>>();
    deferred.addErrback([seen](Failure failure) {
        *seen = failure;
        return failure;
    });
    return seen;
}

/// The failure `deferred` fires with, taken: the chain goes on with T{}
/// (Deferred<void>: with nothing), and nothing is reported as unhandled.
template <typename T>
std::shared_ptr<std::optional<Failure>> takeFailure(Deferred<T>& deferred)
{
    auto seen = std::make_shared<std::optional<Failure>>();
    deferred.addErrback([seen](Failure failure) {
        *seen = failure;
        if constexpr (!std::is_void_v<T>) {
            return T{};
        }
    });
    return seen;
}

/// Records the order things happen in.
struct Calls {
    std::vector<std::string> names;
    void operator()(std::string name) { names.push_back(std::move(name)); }
};
