// What the per-line feature pass (measure, features.cpp) counts of a
// character beyond ASCII, asked of its properties and the punctuation lists
// once per character: those of two and three bytes in UTF-8 (the whole BMP
// past ASCII, every script of a page but emoji and rare CJK) are remembered
// the first time each is seen, so that the rest of a page costs a load.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

// A character's measure: in the low 32 bits four counts, one in each byte
// (so that a run of characters adds them up in one sum, see measure()),
// with flags in the bits the counts leave free; in the high 32 bits what
// text::skeleton_into writes of it, in the order of memory (a letter or
// digit, case-folded; nothing for the rest). A character that extends a
// grapheme (a mark, a joiner) counts in none.
enum CharMeasure : std::uint32_t {
    measure_grapheme = 1 << 0,      // starts a grapheme (counts 1)
    measure_known = 1 << 1,         // in every answer, so that one remembered is never 0
    measure_sentence_end = 1 << 4,  // sentence-final punctuation
    measure_comma = 1 << 5,         // a comma or semicolon
    measure_significant = 1 << 6,   // may end a sentence's text: not a closing quote or bracket
    measure_sign = 1 << 7,          // a credit may follow it or a separator list is made of it
    // Bits 8 to 10: the length in half Latin letters (2, 4 or 5).
    // Bits 12 to 14: how many of the skeleton's bytes are kept (0 to 4).
    measure_upper = 1 << 16,        // a capital letter (counts 1)
    measure_lower = 1 << 24,        // a small letter (counts 1)
    measure_counts = measure_grapheme | 7 << 8 | measure_upper | measure_lower,
};
inline constexpr unsigned measure_weight_shift = 8;
inline constexpr unsigned measure_skeleton_shift = 12;

// The measure of a character beyond ASCII, asked of text::char_flags and
// the lists each time.
std::uint64_t char_measure(char32_t c);

namespace detail {
// char_measure of U+0000 to U+FFFF, filled as characters are seen (0: not
// yet; ASCII is never asked). Threads may race to fill an entry: they
// write the same answer.
extern std::atomic<std::uint64_t> bmp_measures[0x10000];
std::uint64_t remember_measure(char32_t c);
}  // namespace detail

// Decodes the character at s[i], which is not ASCII, as text::next_code_point
// does (into c, i advanced), and returns its char_measure: looked up for a
// well-formed character of two or three bytes, asked for the others.
[[gnu::always_inline]] inline std::uint64_t next_char_measure(std::string_view s, std::size_t& i, char32_t& c) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const unsigned b0 = p[i];
    // The lead and continuation bytes in range make the code point their
    // bits (b0 - 0xC0) * 64 + (b1 - 0x80), and so on, in fewer steps.
    char32_t code = 0;
    if (b0 - 0xC2 < 0x1E) {
        if (i + 1 < s.size() && (p[i + 1] & 0xC0) == 0x80) {
            code = (b0 << 6) + p[i + 1] - 0x3080;
            i += 2;
        }
    } else if (b0 - 0xE0 < 0x10 && i + 2 < s.size() && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
        code = (b0 << 12) + (p[i + 1] << 6) + p[i + 2] - 0xE2080;
        // Neither overlong nor a surrogate.
        if (code >= 0x800 && code - 0xD800 >= 0x800) i += 3;
        else code = 0;
    }
    if (code) {
        c = code;
        const std::uint64_t m = detail::bmp_measures[code].load(std::memory_order_relaxed);
        return m ? m : detail::remember_measure(code);
    }
    // Through a copy of i, which the slow decoder takes by address: i
    // itself can stay in a register in the caller's loop.
    std::size_t at = i;
    c = text::next_code_point(s, at);
    i = at;
    return char_measure(c);
}

}  // namespace scrapedoc::readers::text_segmenter
