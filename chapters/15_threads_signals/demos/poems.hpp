#pragma once
/// The poems the poetry servers send, built into the program so that no
/// path can be wrong: each one is public domain, by a poet who died
/// before 1900. A poem is its title, a blank line, the verse, a blank
/// line and the poet's name, in plain ASCII, so that a byte is a letter.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct Poem {
    std::string_view name;   ///< what `serve` takes: "science"
    std::string_view title;  ///< "Sonnet - To Science"
    std::string_view author; ///< "Edgar Allan Poe"
    std::string_view text;   ///< what a server sends, title to signature
};

/// Every poem shipped with the project, in a fixed order.
const std::vector<Poem>& poems();

/// The poem called `name`, if there is one.
std::optional<Poem> findPoem(std::string_view name);

/// "science, ecstasy, chapman or summer": the names, for messages.
std::string poemNames();

/// The text of `nameOrPath`: a poem of the project, or else a file of at
/// most 1 MiB. Throws common::UsageError saying which poems there are
/// when it is neither.
std::string loadPoem(std::string_view nameOrPath);
