// Where values of a JSON text start: JSON pointer -> 1-based line.
// nlohmann-json (3.11) keeps no positions in its values, so errors found
// after parsing (a schema violation, a field of the wrong type) would have
// no line; this finds them with nlohmann's own SAX parser, in one pass for
// all the pointers asked about, in time linear in the text however deep it
// nests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scrapedoc::validate {

class json_lines {
public:
    // Finds the lines of the values at `pointers` (RFC 6901, "" for the root).
    json_lines(std::string_view text, const std::vector<std::string>& pointers);

    // Line of the value at `pointer`; for a pointer to nothing (a missing
    // member) the line of its nearest existing ancestor; 0 if none.
    std::size_t line_of(std::string_view pointer) const;

    // A trie of the pointers asked about, one node per reference token.
    struct node {
        std::unordered_map<std::string, std::size_t> children;
        std::size_t line = 0;
    };

private:
    std::vector<node> nodes_{node{}};  // nodes_[0] is the root value
};

// 1-based line of a byte offset.
std::size_t line_at(std::string_view text, std::size_t offset);

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b").
std::string pointer_token(std::string_view key);

// The reference tokens of a pointer, still escaped ("/a~1b/0" -> {"a~1b", "0"}).
std::vector<std::string> pointer_tokens(std::string_view pointer);

}  // namespace scrapedoc::validate
