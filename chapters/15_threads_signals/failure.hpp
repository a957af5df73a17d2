#pragma once
/// What went wrong, carried down a Deferred's chain instead of up the stack
/// (Twisted's Failure): the exception itself, held by a std::exception_ptr,
/// so that an errback can ask what it is (check), handle one kind and pass
/// every other on (trap), or throw it again (raise).

#include <concepts>
#include <cstddef>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

// region: failure
class Failure {
public:
    /// The exception `error` points to; a null pointer is a logic error.
    explicit Failure(std::exception_ptr error);
    /// The exception `error`, as if it had been thrown:
    /// `d.errback(std::runtime_error{"refused"})`.
    template <typename E>
    requires std::derived_from<std::remove_cvref_t<E>, std::exception>
    Failure(E&& error) // implicit on purpose, as above
        : Failure{std::make_exception_ptr(std::forward<E>(error))}
    {
    }

    /// Which of E... the exception is: its place in the list (0 for the
    /// first), an exception of a derived class counting as its base, or
    /// nullopt for none. `if (failure.check<ConnectionRefused>()) ...`
    template <typename... E>
    std::optional<std::size_t> check() const;
    /// As check(), but when none of E... matches, throws the exception
    /// again: an errback handles the kinds it traps, and every other kind
    /// goes on down the chain as it came.
    template <typename... E>
    std::size_t trap() const;
    /// Throws the exception again.
    [[noreturn]] void raise() const;

    /// The exception.
    const std::exception_ptr& value() const { return error_; }
    /// The exception as an E, or nullptr when it is not one.
    template <typename E>
    const E* value() const;
    /// Its what(), or a note that it is not a std::exception.
    std::string what() const;
    /// "std::runtime_error: refused": its type, then what().
    std::string describe() const;

private:
    template <typename First, typename... Rest>
    std::optional<std::size_t> match(std::size_t index) const;

    std::exception_ptr error_;
};
// endregion: failure

// region: cancelled-error
/// The failure of an operation that was cancelled: a Deferred (and, from
/// chapter 12, a coroutine) whose result is no longer wanted.
class CancelledError : public std::runtime_error {
public:
    CancelledError() : std::runtime_error{"the operation was cancelled"} {}
};
// endregion: cancelled-error

template <typename... E>
std::optional<std::size_t> Failure::check() const
{
    static_assert(sizeof...(E) > 0, "check<E...>() names at least one type");
    return match<E...>(0);
}

// region: trap
template <typename... E>
std::size_t Failure::trap() const
{
    if (const std::optional<std::size_t> which = check<E...>()) {
        return *which;
    }
    raise(); // the same exception object: the failure passes on unchanged
}
// endregion: trap

template <typename First, typename... Rest>
std::optional<std::size_t> Failure::match(std::size_t index) const
{
    // A catch clause is the one test C++ has for "is this exception an E,
    // or derived from E", so each type is tried by throwing again.
    try {
        std::rethrow_exception(error_);
    } catch (const First&) {
        return index;
    } catch (...) {
    }
    if constexpr (sizeof...(Rest) == 0) {
        return std::nullopt;
    } else {
        return match<Rest...>(index + 1);
    }
}

template <typename E>
const E* Failure::value() const
{
    // rethrow_exception throws the object error_ points to, not a copy
    // (libstdc++ and libc++ alike), and that object lives as long as an
    // exception_ptr to it does: as long as this Failure.
    try {
        std::rethrow_exception(error_);
    } catch (const E& error) {
        return &error;
    } catch (...) {
        return nullptr;
    }
}
