#include "deferred_list.hpp"

#include <string>

FirstError::FirstError(Failure failure, std::size_t at)
    : std::runtime_error{"FirstError[#" + std::to_string(at) + ", " +
                         failure.describe() + "]"},
      subFailure{std::move(failure)}, index{at}
{
}
