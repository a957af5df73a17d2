#include "protocol.hpp"

#include <cerrno>
#include <cstdio>
#include <new>
#include <stdexcept>
#include <system_error>

Reason::Reason(bool clean, int error, std::string text)
    : clean_{clean}, error_{error}, text_{std::move(text)}
{
}

Reason Reason::closedCleanly()
{
    return Reason{true, 0, "closed cleanly"};
}

Reason Reason::failed(std::string_view call, int error)
{
    return Reason{false, error,
                  std::string{call} + ": " +
                      std::generic_category().message(error)};
}

Reason Reason::failed(std::string_view call, std::string_view why,
                      int error)
{
    return Reason{false, error, std::string{call} + ": " + std::string{why}};
}

Reason Reason::threw(std::string_view method, const std::exception& e,
                     std::string_view owner)
{
    return Reason{false, 0,
                  std::string{owner} + "'s " + std::string{method} +
                      " threw: " + e.what()};
}

Reason Reason::aborted()
{
    return Reason{false, ECONNABORTED,
                  "aborted: closed at once, unsent bytes dropped"};
}

Reason Reason::timedOut(std::string_view what, double seconds)
{
    char after[64];
    std::snprintf(after, sizeof after, "timed out after %.2f s", seconds);
    return Reason{false, ETIMEDOUT, std::string{what} + ": " + after};
}

Reason Reason::cancelled(std::string_view what)
{
    return Reason{false, ECANCELED, std::string{what} + ": cancelled"};
}

// region: guard
std::optional<Reason> callGuarded(std::string_view method,
                                  const std::function<void()>& call,
                                  std::string_view owner)
{
    try {
        call();
    } catch (const std::bad_alloc&) {
        // Out of memory is not this connection's fault, and closing it
        // would hide the problem: let it end the program.
        throw;
    } catch (const std::exception& error) {
        return Reason::threw(method, error, owner);
    } catch (...) {
        return Reason::threw(method,
                             std::runtime_error{"something that is not a "
                                                "std::exception"},
                             owner);
    }
    return std::nullopt;
}
// endregion: guard
