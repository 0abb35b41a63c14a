// Text measurements and clean-up shared by the HTML reader's steps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readers/html/tree.hpp"

namespace scrapedoc::html {

struct TextCount {
    std::uint32_t chars = 0;  // code points that are not white space; Han, kana and Hangul count 2
    std::uint32_t punct = 0;  // sentence and clause punctuation, any script
};

TextCount count_text(std::string_view s);

// Whether a code point ends a sentence in some script (. ! ? 。 ؟ । …).
bool is_sentence_end(char32_t c);

// Page text as a reader shows it: numeric references to C1 controls
// (&#150;) read as windows-1252 the way browsers do, white space collapsed.
std::string clean_text(std::string_view raw);

// The visible text of a subtree (script, style, hidden elements left out;
// with `reveal`, hidden elements and <noscript> kept), cleaned. Blocks and
// <br> become spaces.
std::string subtree_text(const Tree& tree, std::uint32_t node, bool reveal = false);

// Whether an element is hidden from readers by its attributes (hidden,
// aria-hidden, display:none / visibility:hidden in its style).
// A React streaming chunk (<div hidden id="S:0">) is not hidden: the page's
// own script moves it into place as soon as it arrives.
bool is_hidden(const Tree& tree, std::uint32_t node);

// Whether an element's content is not page text: an invisible element
// (script, style, <noscript>, ...) or a hidden one; with `reveal`, only
// what is never text (<noscript> and hidden elements count as shown).
bool is_unseen(const Tree& tree, std::uint32_t node, bool reveal);

// The words of a text, lower-cased: ASCII letters folded, digits kept,
// bytes of other scripts kept as they are; anything else separates words.
std::vector<std::string> words_of(std::string_view s);

// "div#id.class1.class2", for --explain.
std::string describe(const Tree& tree, std::uint32_t node);

}  // namespace scrapedoc::html
