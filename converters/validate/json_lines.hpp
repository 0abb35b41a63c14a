// Where each value of a JSON text starts: JSON pointer -> 1-based line.
// nlohmann-json (3.11) keeps no positions in its values, so errors found
// after parsing (a schema violation, a field of the wrong type) would have
// no line; this map gives them one. Built with nlohmann's own SAX parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace scrapedoc::validate {

class json_lines {
public:
    // Maps every value in `text`; an invalid text maps what precedes the error.
    explicit json_lines(std::string_view text);

    // Line of the value at `pointer` (RFC 6901, "" for the root). A pointer
    // to nothing gives the line of its nearest existing ancestor.
    std::size_t line_of(std::string_view pointer) const;

private:
    std::unordered_map<std::string, std::size_t> lines_;
};

// 1-based line of a byte offset.
std::size_t line_at(std::string_view text, std::size_t offset);

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b").
std::string pointer_token(std::string_view key);

}  // namespace scrapedoc::validate
