// Unicode helpers on UTF-8 text, backed by ICU's character properties.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/document.hpp"

namespace scrapedoc::text {

// Decodes the code point at s[i] (valid UTF-8 assumed, as decode() guarantees)
// and advances i.
char32_t next_code_point(std::string_view s, std::size_t& i);

void append_utf8(std::string& out, char32_t c);

bool is_space(char32_t c);  // Unicode White_Space, plus the BOM used as a space

// Runs of white space become one ASCII space; leading and trailing white space
// is removed. Zero-width joiners (needed by Persian and emoji) are kept.
std::string collapse_whitespace(std::string_view s);

// Length in user-perceived characters: code points that start a grapheme
// (combining marks, joiners and variation selectors do not count).
std::size_t grapheme_length(std::string_view s);

// At most n grapheme clusters of s, cut on a grapheme boundary (ICU break
// iterator), with "…" appended when something was cut.
std::string truncate_graphemes(std::string_view s, std::size_t n);

// Direction of a text from its strong characters (bidi classes L vs R/AL).
Direction direction_of(std::string_view s);

// BCP 47 language of a text from its scripts and, for scripts many languages
// share, distinctive letters and common words (data/lang/*.txt).
// Empty when it cannot tell.
std::string detect_language(std::string_view s);

// Letters and digits only, case-folded: two lines that differ only in spacing
// and punctuation have the same skeleton.
std::string skeleton(std::string_view s);

// NFC-normalises UTF-8 text (no-op, and cheap, when it already is).
std::string to_nfc(std::string_view s);

}  // namespace scrapedoc::text
