#include "stream_errors.hpp"

#include <utility>

namespace {

std::string incompleteMessage(std::size_t got,
                              std::optional<std::size_t> expected)
{
    if (expected) {
        return std::to_string(got) + " bytes read on a total of " +
               std::to_string(*expected) + " expected bytes";
    }
    return std::to_string(got) +
           " bytes read before the end of the stream, and no separator";
}

std::string lostMessage(std::string_view call, const Reason& reason)
{
    std::string text{call};
    if (!text.empty()) {
        text += ": connection lost: ";
    }
    return text + reason.text();
}

} // namespace

IncompleteReadError::IncompleteReadError(std::string partial,
                                         std::optional<std::size_t> expected)
    : std::runtime_error{incompleteMessage(partial.size(), expected)},
      partial_{std::move(partial)}, expected_{expected}
{
}

LimitOverrunError::LimitOverrunError(std::string_view what,
                                     std::size_t consumed)
    : std::runtime_error{std::string{what}}, consumed_{consumed}
{
}

ConnectionError::ConnectionError(std::string_view call, Reason reason)
    : std::runtime_error{lostMessage(call, reason)},
      reason_{std::move(reason)}
{
}
