#include "cummingsify.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>
#include <utility>

CannotCummingsify::CannotCummingsify(std::string text, const std::string& why)
    : std::runtime_error{why}, poem{std::move(text)}
{
}

Cummingsifier::Cummingsifier(std::uint64_t seed, double failureRate)
    : seed_{seed}, failureRate_{failureRate}
{
    if (!(failureRate >= 0 && failureRate <= 1)) {
        throw std::invalid_argument{"Cummingsifier: a failure rate is from "
                                    "0 to 1"};
    }
}

// region: fails
bool Cummingsifier::fails(std::size_t poem) const
{
    // One draw per poem number from a generator the standard defines bit
    // for bit (mt19937_64), so that a seed means the same on every
    // compiler. The top 32 bits, as a fraction of 2^32, are below 1.
    std::mt19937_64 draws{seed_};
    draws.discard(poem > 0 ? poem - 1 : 0);
    const auto draw = static_cast<double>(draws() >> 32);
    return draw < failureRate_ * 4294967296.0;
}
// endregion: fails

std::string Cummingsifier::operator()(std::size_t poem, std::string text) const
{
    if (fails(poem)) {
        std::ostringstream why;
        why << "cummingsify failed on purpose (--seed " << seed_
            << ", --failure-rate " << failureRate_ << ")";
        throw CannotCummingsify{std::move(text), why.str()};
    }
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return text;
}
