#pragma once
/// The transformation step of chapter 11's poetry client: the Twisted
/// Introduction's "cummingsify", which writes a poem in lower case, as
/// e. e. cummings wrote his. It fails on purpose for a seeded share of the
/// poems, so that the client's errbacks have something to do.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

// region: cummingsify
/// Why a poem could not be cummingsified. It carries the poem as it came,
/// so that an errback can fall back to it.
class CannotCummingsify : public std::runtime_error {
public:
    CannotCummingsify(std::string poem, const std::string& why);

    std::string poem;
};

class Cummingsifier {
public:
    /// Fails for a share `failureRate` (0 to 1) of the poems, on average.
    /// Which ones depends on `seed` and on the poem's number alone, not on
    /// the order the poems arrive in, so that a run can be repeated.
    Cummingsifier(std::uint64_t seed, double failureRate);

    /// Poem number `poem`, in lower case. Throws CannotCummingsify for
    /// the poems chosen to fail.
    std::string operator()(std::size_t poem, std::string text) const;
    /// Whether poem number `poem` is one of those.
    bool fails(std::size_t poem) const;

private:
    std::uint64_t seed_;
    double failureRate_;
};
// endregion: cummingsify
