// Unicode helpers on UTF-8 text, backed by ICU's character properties.
#pragma once

#include <cstddef>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/document.hpp"

namespace scrapedoc::text {

namespace detail {
char32_t next_code_point_slow(std::string_view s, std::size_t& i);
}

// Decodes the code point at s[i] (valid UTF-8 assumed, as decode() guarantees;
// an ill-formed sequence reads as U+FFFD) and advances i.
// Always inlined: the loops over every character of a page call it.
[[gnu::always_inline]] inline char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    // Well-formed two- and three-byte sequences inline; the rest checked.
    if (b0 >= 0xC2 && b0 < 0xE0 && i + 1 < s.size()) {
        auto b1 = static_cast<unsigned char>(s[i + 1]);
        if ((b1 & 0xC0) == 0x80) {
            i += 2;
            return (char32_t(b0 & 0x1F) << 6) | (b1 & 0x3F);
        }
    } else if (b0 >= 0xE1 && b0 < 0xF0 && b0 != 0xED && i + 2 < s.size()) {
        auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
        if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
            i += 3;
            return (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | (b2 & 0x3F);
        }
    }
    return detail::next_code_point_slow(s, i);
}

namespace detail {
void append_utf8_slow(std::string& out, char32_t c);
}

// Appends c encoded in UTF-8 (U+FFFD for what is not a scalar value).
inline void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        const char b[2] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
        out.append(b, 2);
    } else {
        detail::append_utf8_slow(out, c);
    }
}

bool is_space(char32_t c);  // Unicode White_Space, plus the BOM used as a space

// Runs of white space become one ASCII space; leading and trailing white space
// is removed. Zero-width joiners (needed by Persian and emoji) are kept.
std::string collapse_whitespace(std::string_view s);

// Whether collapse_whitespace(s) == s, found without building it.
bool is_collapsed(std::string_view s);

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
// The same, and direction_of(s) from the same pass over the characters.
std::string detect_language(std::string_view s, Direction* direction);

// What skeleton() keeps of an ASCII byte: digits and lower-case letters as
// they are, capitals in lower case, nothing (0) for the rest.
inline constexpr std::array<char, 128> skeleton_ascii = [] {
    std::array<char, 128> t{};
    for (int c = 0; c < 128; ++c) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) t[c] = static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z') t[c] = static_cast<char>(c | 0x20);
    }
    return t;
}();

// Letters and digits only, case-folded: two lines that differ only in spacing
// and punctuation have the same skeleton.
std::string skeleton(std::string_view s);
void skeleton(std::string_view s, std::string& out);  // into a reused buffer
// Into `out`, which has room for skeleton_bound(s.size()) bytes (a character
// folded can grow by half: two bytes to three); returns the bytes written.
inline std::size_t skeleton_bound(std::size_t n) { return n + n / 2 + 4; }
std::size_t skeleton_into(std::string_view s, char* out);

// What duplicate detection asks of a text's skeleton: its size in bytes and
// its hash. A pass that builds the skeleton with other work hands it on in
// this form (see passes::find_duplicates).
// Eight bytes, as the text reader keeps one for every line of its input: 48
// bits of the hash (a match is confirmed on the skeletons themselves) and
// the size up to 32 767 (only compared with a few dozen).
struct SkeletonSum {
    std::uint64_t hash : 48 = 0;
    std::uint64_t size : 15 = 0;
    std::uint64_t known : 1 = 0;  // 0: a text whose skeleton is not known
};
SkeletonSum sum_skeleton(std::string_view skeleton);

// Whether s is well-formed UTF-8 (no overlong forms, no surrogates).
bool valid_utf8(std::string_view s);

// Whether s is well-formed UTF-8 with no C0 control (byte below 0x20): one
// pass where valid_utf8 and a search for controls would take two.
bool valid_utf8_without_controls(std::string_view s);

namespace detail {
// The same eight bytes at a time, without SSE2 (what the two above are
// where it is missing).
bool portable_valid_utf8(std::string_view s);
bool portable_valid_utf8_without_controls(std::string_view s);
}  // namespace detail

// s with every ill-formed sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view s);

// s with the ASCII capitals A-Z made small; every other byte as it is.
std::string lower_ascii(std::string_view s);

// s with every byte for which `encode` holds written as %XX (capital hex
// digits), as in a URL.
std::string percent_encode(std::string_view s, bool (*encode)(unsigned char));

// NFC-normalises UTF-8 text (no-op, and cheap, when it already is).
std::string to_nfc(std::string_view s);
// The same in place: a text that is NFC already is not copied.
void to_nfc_in_place(std::string& s);

// Whether UTF-8 text is in NFC (ICU's check).
bool is_nfc(std::string_view s);

}  // namespace scrapedoc::text
