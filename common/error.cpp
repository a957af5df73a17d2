#include "error.hpp"

#include <cerrno>
#include <system_error>

namespace common {

void throwSystemError(const std::string& call)
{
    throwSystemError(call, errno);
}

void throwSystemError(const std::string& call, int error)
{
    throw std::system_error(error, std::generic_category(), call);
}

} // namespace common
