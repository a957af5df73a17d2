#include "protocol.hpp"

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
