#include "failure.hpp"

#include "callback_runner.hpp"

#include <stdexcept>

Failure::Failure(std::exception_ptr error) : error_{std::move(error)}
{
    if (!error_) {
        throw std::invalid_argument{"Failure: no exception to carry"};
    }
}

void Failure::raise() const
{
    std::rethrow_exception(error_);
}

std::string Failure::what() const
{
    try {
        std::rethrow_exception(error_);
    } catch (const std::exception& error) {
        return error.what();
    } catch (...) {
        return "something that is not a std::exception";
    }
}

std::string Failure::describe() const
{
    return CallbackRunner::describe(error_);
}
