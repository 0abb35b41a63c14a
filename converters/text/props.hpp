// Character properties the segmenter asks about for every character,
// answered by ICU once per character and remembered: the first look-up in a
// block of 256 code points asks ICU for all of them, later ones cost a load.
// All planes are covered, so emoji and supplementary CJK cost no more.
#pragma once

#include <atomic>
#include <cstdint>

namespace scrapedoc::text {

enum CharFlag : std::uint16_t {
    flag_alpha = 1 << 0,     // u_isalpha
    flag_digit = 1 << 1,     // u_isdigit
    flag_mark = 1 << 2,      // general category Mn, Mc or Me
    flag_upper = 1 << 3,     // general category Lu
    flag_lower = 1 << 4,     // general category Ll
    flag_space = 1 << 5,     // White_Space, or U+FEFF
    flag_folds = 1 << 6,     // simple case folding changes it
    flag_unspaced = 1 << 7,  // script written without spaces (Han, kana, Thai, Hangul)
    flag_rtl = 1 << 8,       // bidi class R or AL
    flag_ltr = 1 << 9,       // bidi class L
    flag_extends = 1 << 10,  // continues a grapheme: marks, ZWJ, ZWNJ, variation selectors, skin tones
    flag_alnum = 1 << 11,    // u_isalnum
    flag_nfc_check = 1 << 12,  // NFC_Quick_Check is not Yes, or canonical combining class is not 0
    flag_nfc_maybe = 1 << 13,  // NFC_Quick_Check is not Yes: it may compose with a neighbour, or decompose
};

inline constexpr char32_t max_code_point = 0x10FFFF;

namespace detail {
using PropertyBlock = std::uint16_t[256];
extern std::atomic<const std::uint16_t*> property_blocks[(max_code_point >> 8) + 1];
std::uint16_t char_flags_slow(char32_t c);
std::uint16_t ask_icu(char32_t c);  // one code point's flags, property by property (for tests)
}  // namespace detail

inline std::uint16_t char_flags(char32_t c) {
    if (c <= max_code_point) {
        const std::uint16_t* block = detail::property_blocks[c >> 8].load(std::memory_order_acquire);
        if (block) return block[c & 0xFF];
    }
    return detail::char_flags_slow(c);
}

inline bool has(char32_t c, std::uint16_t flags) { return (char_flags(c) & flags) != 0; }

// A word character: a letter, a digit or a combining mark.
inline bool is_word_char(char32_t c) {
    if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
    return has(c, flag_alnum | flag_mark);
}

}  // namespace scrapedoc::text
