#pragma once
/// NOTE: a stand-in until chapter 11's failure.hpp is carried into this
/// chapter; its CancelledError then takes this one's place, so that a
/// cancelled Deferred and a cancelled task raise the same type.

#include <stdexcept>

/// The operation was cancelled (Twisted's defer.CancelledError).
class CancelledError : public std::runtime_error {
public:
    CancelledError() : std::runtime_error{"the operation was cancelled"} {}
};
