#include "protocol.hpp"

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

Reason Reason::threw(std::string_view method, const std::exception& e)
{
    return Reason{false, 0,
                  "the protocol's " + std::string{method} +
                      " threw: " + e.what()};
}

// region: guard
std::optional<Reason> callGuarded(std::string_view method,
                                  const std::function<void()>& call)
{
    try {
        call();
    } catch (const std::bad_alloc&) {
        // Out of memory is not this connection's fault, and closing it
        // would hide the problem: let it end the program.
        throw;
    } catch (const std::exception& error) {
        return Reason::threw(method, error);
    } catch (...) {
        return Reason::threw(method,
                             std::runtime_error{"something that is not a "
                                                "std::exception"});
    }
    return std::nullopt;
}
// endregion: guard
