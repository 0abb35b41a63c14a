// The words the headline search compares (classify.cpp's overlap): a line
// and the article's opening paragraphs as tokens of their cue keys.
#pragma once

#include <unicode/uchar.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "readers/text/cues.hpp"
#include "text/props.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

// What the tokeniser makes of one character of a key (given its flags).
struct TokenChar {
    bool cjk = false;              // a character of a script without spaces: it pairs with its neighbours
    bool word = false;             // part of a word
    bool starts_grapheme = false;  // not a mark that extends the character before it
};

inline TokenChar token_char(char32_t c, std::uint16_t flags) {
    if (c < 0x80)
        return {false, (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'), true};
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0x0E00 && c <= 0x0EFF))
        return {true, false, true};
    const bool w = (flags & text::flag_alnum) ||
                   ((flags & text::flag_mark) && u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK);
    return {false, w, !(c >= 0x300 && (flags & text::flag_extends))};
}

namespace detail {
// token_char of U+0000 to U+07FF (the characters of one and two bytes in
// UTF-8: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic and more, none of
// them CJK), as bits: 1 a word's, 2 starts a grapheme. Made once.
inline const std::array<std::uint8_t, 0x800>& short_token_chars() {
    static const std::array<std::uint8_t, 0x800> table = [] {
        std::array<std::uint8_t, 0x800> t{};
        for (char32_t c = 0; c < 0x800; ++c) {
            const TokenChar k = token_char(c, c < 0x80 ? 0 : text::char_flags(c));
            t[c] = static_cast<std::uint8_t>((k.word ? 1 : 0) | (k.starts_grapheme ? 2 : 0));
        }
        return t;
    }();
    return table;
}
}  // namespace detail

// Words of a text for overlap: case-folded words of two letters or more, and
// for scripts without spaces, character pairs. Each is a piece of `key`
// (a word is a run of its characters, a pair two neighbours), handed to
// `f` as a view. Run over the opening paragraphs of every page: characters
// of one or two bytes are looked up in a table, the rest asked one by one.
template <class F>
void for_each_overlap_token(std::string_view key, F&& f) {
    constexpr std::size_t none = SIZE_MAX;
    const auto& short_chars = detail::short_token_chars();
    const auto* p = reinterpret_cast<const unsigned char*>(key.data());
    const std::size_t n = key.size();
    std::size_t word_start = none, word_end = 0;  // the word being read: key[word_start, word_end)
    std::size_t graphemes = 0;                    // in the word (text::grapheme_length, counted as it grows)
    std::size_t prev_cjk = none;                  // where the CJK character just before starts
    auto flush = [&] {
        if (word_start == none) return;
        if (graphemes >= 2) f(key.substr(word_start, word_end - word_start));
        word_start = none;
    };
    std::size_t i = 0;
    while (i < n) {
        const std::size_t at = i;
        const unsigned char b = p[i];
        std::uint8_t bits;
        if (b < 0x80) {
            bits = short_chars[b];
            ++i;
        } else if (b >= 0xC2 && b < 0xE0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            bits = short_chars[((b & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu)];
            i += 2;
        } else {
            const char32_t c = text::next_code_point(key, i);
            const TokenChar t = token_char(c, text::char_flags(c));
            if (t.cjk) {
                flush();
                if (prev_cjk != none) f(key.substr(prev_cjk, i - prev_cjk));
                prev_cjk = at;
                continue;
            }
            bits = static_cast<std::uint8_t>((t.word ? 1 : 0) | (t.starts_grapheme ? 2 : 0));
        }
        prev_cjk = none;
        if (bits & 1) {
            if (word_start == none) {
                word_start = at;
                graphemes = 0;
            }
            graphemes += bits >> 1;
            word_end = i;
        } else {
            flush();
        }
    }
    flush();
}

}  // namespace scrapedoc::readers::text_segmenter
