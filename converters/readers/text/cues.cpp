#include "readers/text/cues.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "data/embedded.hpp"
#include "text/props.hpp"
#include "text/swar.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

namespace {

using text::is_word_char;

// Scripts written without spaces between words: a phrase in them needs no
// word boundary after (or before) it.
bool unspaced_script(char32_t c) { return c >= 0x0E00 && text::has(c, text::flag_unspaced); }

std::size_t last_start(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    return i > 0 ? i - 1 : 0;
}

char32_t last_code_point(std::string_view s) {
    if (s.empty()) return 0;
    std::size_t j = last_start(s);
    return text::next_code_point(s, j);
}

char32_t first_code_point(std::string_view s) {
    std::size_t i = 0;
    return s.empty() ? 0 : text::next_code_point(s, i);
}

// First run of word characters (its first character, for scripts without
// spaces): the head a phrase is filed under and a key is looked up by.
std::string_view first_word(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        char32_t c = text::next_code_point(s, j);
        if (!is_word_char(c)) break;
        i = j;
    }
    return s.substr(0, i);
}

std::string_view first_char_of(std::string_view s) {
    std::size_t i = 0;
    if (!s.empty()) text::next_code_point(s, i);
    return s.substr(0, i);
}

std::string_view last_word(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0) {
        std::size_t j = last_start(s.substr(0, i));
        std::size_t k = j;
        if (!is_word_char(text::next_code_point(s, k))) break;
        i = j;
    }
    return s.substr(i);
}

std::string_view last_char_of(std::string_view s) { return s.substr(s.empty() ? 0 : last_start(s)); }

// A phrase may end at byte `len` of the key: at its end, at a word boundary,
// or anywhere in scripts written without spaces.
bool prefix_boundary(std::string_view key, std::size_t len) {
    if (len == key.size()) return true;
    if ((static_cast<unsigned char>(key[len]) & 0xC0) == 0x80) return false;
    char32_t next = first_code_point(key.substr(len));
    char32_t last = last_code_point(key.substr(0, len));
    return !is_word_char(next) || !is_word_char(last) || unspaced_script(last) || unspaced_script(next);
}

bool suffix_boundary(std::string_view key, std::size_t len) {
    if (len == key.size()) return true;
    std::size_t at = key.size() - len;
    if ((static_cast<unsigned char>(key[at]) & 0xC0) == 0x80) return false;
    char32_t before = last_code_point(key.substr(0, at));
    char32_t first = first_code_point(key.substr(at));
    return !is_word_char(before) || !is_word_char(first) || unspaced_script(first) || unspaced_script(before);
}

bool contains_phrase(std::string_view key, std::string_view c) {
    std::size_t at = key.find(c);
    while (at != std::string_view::npos) {
        bool left_ok = at == 0 || !is_word_char(last_code_point(key.substr(0, at))) || unspaced_script(first_code_point(c));
        std::size_t end = at + c.size();
        bool right_ok = end == key.size() || !is_word_char(first_code_point(key.substr(end))) ||
                        unspaced_script(last_code_point(c));
        if (left_ok && right_ok) return true;
        at = key.find(c, at + 1);
    }
    return false;
}

}  // namespace

namespace {

// What cue_key does with an ASCII character.
enum AsciiKey : std::uint8_t { ascii_space, ascii_word, ascii_other };

constexpr std::array<std::uint8_t, 128> ascii_key = [] {
    std::array<std::uint8_t, 128> t{};
    for (unsigned c = 0; c < 128; ++c) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) t[c] = ascii_space;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) t[c] = ascii_word;
        else t[c] = ascii_other;
    }
    return t;
}();

// Room cue_key's writer needs for a text of `size` bytes: a character grows
// by half at most when folded (to three bytes from two), and an ill-formed
// byte becomes the three of U+FFFD; four bytes more for the four-byte
// moves below, and eight for the word hashes' eight-byte loads.
std::size_t key_room(std::size_t size) { return 3 * size + 8; }

// Writes the key of s to `base` (key_room(s.size()) bytes) and returns its
// size; `split_words`: splits it into `split`'s words too, hashing them as
// it goes (made twice, so that keys of paragraphs for the classifier, which
// need no words, pay nothing for them).
template <bool split_words>
std::size_t write_key(std::string_view s, char* const base, KeyWords* split) {
    char* p = base;
    bool space = false;             // white space read since the last character written
    std::size_t last_word_end = 0;  // bytes written up to the last word character
    // The words, for `split`: runs of word characters between spaces and
    // other characters.
    bool in_word = false;
    std::size_t word_start = 0;
    bool digit = false;
    std::size_t first_zwnj = SIZE_MAX, first_unspaced = SIZE_MAX;
    if constexpr (split_words) split->words.clear();
    // Inlined where it is called: made a call, it would keep the variables
    // it reads in memory for the whole loop.
    auto end_word = [&]() __attribute__((always_inline)) {
        // Hashed while its bytes are at hand (the buffer has room for the
        // padded load).
        if (split_words && in_word)
            split->words.push_back({static_cast<std::uint32_t>(word_start),
                                    static_cast<std::uint32_t>(last_word_end - word_start),
                                    phrase_hash_padded(base + word_start, last_word_end - word_start)});
        in_word = false;
    };
    auto start_word = [&](std::size_t at) {
        if (!in_word) word_start = at;
        in_word = true;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            const std::uint8_t cls = ascii_key[b];
            if (cls == ascii_space) {
                space = p != base;
                continue;
            }
            if (p == base && cls != ascii_word) continue;  // leading bullets and punctuation
            if (space) {
                end_word();
                *p++ = ' ';
                space = false;
            }
            if (cls == ascii_word) {
                start_word(static_cast<std::size_t>(p - base));
                // The run of ASCII letters and digits from b on in one loop:
                // most words of the pages' short lines are ASCII. Eight
                // bytes at a time, lower-cased at once and written whole
                // (there is room: key_room), of which those up to the first
                // other byte are kept; then the last bytes of s one by one.
                --i;
                bool digits = false;
                if constexpr (std::endian::native == std::endian::little) {
                    using namespace text::swar;
                    while (i + 8 <= s.size()) {
                        std::uint64_t w;
                        std::memcpy(&w, s.data() + i, 8);
                        const std::uint64_t upper = bytes_in_range(w, 'A', 'Z'), number = bytes_in_range(w, '0', '9');
                        const std::uint64_t word = upper | number | bytes_in_range(w, 'a', 'z');
                        const std::uint64_t lowered = w | (upper >> 2);  // 0x80 >> 2 is the case bit
                        std::memcpy(p, &lowered, 8);
                        const std::uint64_t others = ~word & highs;
                        const unsigned n = others ? static_cast<unsigned>(std::countr_zero(others)) / 8 : 8;
                        digits |= (n == 8 ? number : number & ((std::uint64_t{1} << (8 * n)) - 1)) != 0;
                        p += n;
                        i += n;
                        if (n < 8) break;
                    }
                }
                while (i < s.size()) {
                    const auto c = static_cast<unsigned char>(s[i]);
                    if (c >= 0x80 || ascii_key[c] != ascii_word) break;
                    digits |= c <= '9';
                    *p++ = static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
                    ++i;
                }
                digit |= digits;
                last_word_end = static_cast<std::size_t>(p - base);
            } else {
                end_word();
                *p++ = static_cast<char>(b);
            }
            continue;
        }
        const std::size_t start = i;
        // Decoded through a copy of i: the decoder's rare slow path takes
        // the index by address, which would keep i in memory for the whole
        // loop.
        std::size_t next = i;
        const char32_t c = text::next_code_point(s, next);
        i = next;
        const auto f = text::char_flags(c);
        if (f & text::flag_space) {
            space = p != base;
            continue;
        }
        // Vowel marks and the tatweel do not change an Arabic or Hebrew word.
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
            (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 && c != 0x05C6))
            continue;
        const bool word = (f & (text::flag_alnum | text::flag_mark)) != 0;
        if (p == base && !word) continue;  // leading bullets and punctuation
        if (space) {
            end_word();
            *p++ = ' ';
            space = false;
        }
        const auto at = static_cast<std::size_t>(p - base);
        // A word character stays one when folded (case folding keeps
        // letters letters).
        if (word) start_word(at);
        else end_word();
        if (f & text::flag_folds) {
            std::int32_t len = 0;
            U8_APPEND_UNSAFE(reinterpret_cast<std::uint8_t*>(p), len,
                             u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
            p += len;
        } else if (c == U'\uFFFD') {
            std::memcpy(p, "\xEF\xBF\xBD", 3);  // perhaps read from an ill-formed sequence
            p += 3;
        } else if (start + 4 <= s.size()) {
            // Two to four bytes, moved as one four-byte word (there is
            // room: key_room).
            std::memcpy(p, s.data() + start, 4);
            p += i - start;
        } else {
            for (std::size_t k = start; k < i; ++k) *p++ = s[k];
        }
        if (word) {
            digit |= (f & text::flag_digit) != 0;
            last_word_end = static_cast<std::size_t>(p - base);
        } else if (c == 0x200C && first_zwnj == SIZE_MAX) {
            first_zwnj = at;
        }
        if (c >= 0x0E00 && (f & text::flag_unspaced) && first_unspaced == SIZE_MAX) first_unspaced = at;
    }
    end_word();
    // Trailing characters that are not words go with the key's tail.
    const std::size_t size = last_word_end;
    if constexpr (!split_words) return size;
    const std::string_view key(base, size);
    split->key = key;
    split->hash = phrase_hash_padded(base, size);
    split->digit = digit;
    split->zwnj = first_zwnj < size;
    split->unspaced = first_unspaced < size;
    split->first_char = first_char_of(key);
    split->last_char = last_char_of(key);
    split->first_char_hash = phrase_hash_padded(split->first_char.data(), split->first_char.size());
    split->last_char_hash = phrase_hash_padded(split->last_char.data(), split->last_char.size());
    return size;
}

}  // namespace

void cue_key(std::string_view s, std::string& buffer, KeyWords& split) {
    if (buffer.size() < key_room(s.size())) buffer.resize(key_room(s.size()));
    write_key<true>(s, buffer.data(), &split);
}

void cue_key(std::string_view s, std::string& out) {
    out.resize(key_room(s.size()));
    out.resize(write_key<false>(s, out.data(), nullptr));
}

bool date_word_entry(std::string_view line, std::string& key, int& month) {
    if (line.size() < 3 || line[0] != '=') return false;
    key = cue_key(line.substr(2));
    month = 0;
    std::size_t sp = key.rfind(' ');
    if (sp != std::string::npos && sp + 1 < key.size() &&
        key.find_first_not_of("0123456789", sp + 1) == std::string::npos) {
        month = std::stoi(key.substr(sp + 1));
        key.resize(sp);
    }
    return true;
}

std::string cue_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    cue_key(s, out);
    return out;
}

void KeyWords::assign(std::string_view k) {
    key = k;
    hash = phrase_hash(k);
    words.clear();
    unspaced = digit = zwnj = false;
    bool in_word = false;
    for (std::size_t i = 0; i < k.size();) {
        const std::size_t start = i;
        const auto b = static_cast<unsigned char>(k[i]);
        bool word;
        if (b < 0x80) {
            ++i;
            bool is_digit = b >= '0' && b <= '9';
            word = is_digit || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
            digit |= is_digit;
        } else {
            char32_t c = text::next_code_point(k, i);
            const auto f = text::char_flags(c);
            word = (f & (text::flag_alnum | text::flag_mark)) != 0;
            digit |= (f & text::flag_digit) != 0;
            unspaced |= c >= 0x0E00 && (f & text::flag_unspaced);
            zwnj |= c == 0x200C;
        }
        if (!word) {
            in_word = false;
            continue;
        }
        if (!in_word) words.push_back({static_cast<std::uint32_t>(start), 0, 0});
        in_word = true;
        words.back().size = static_cast<std::uint32_t>(i - words.back().start);
    }
    for (Word& w : words) w.hash = phrase_hash(text(w));
    first_char = first_char_of(key);
    last_char = last_char_of(key);
    first_char_hash = phrase_hash(first_char);
    last_char_hash = phrase_hash(last_char);
}

const KeyWords& key_words_of(std::string_view text) {
    thread_local std::string buffer;
    thread_local KeyWords key;
    cue_key(text, buffer, key);
    return key;
}

void PhraseIndex::add(char mode, std::string phrase, std::string_view tag) {
    if (phrase.empty()) return;
    bool unspaced = unspaced_script(first_code_point(phrase));
    switch (mode) {
        case '=':
            // The first list (in file order) to claim a whole-line phrase keeps it.
            if (!whole_.find(phrase)) whole_[phrase] = tag;
            return;
        case '^': {
            auto& v = prefix_[unspaced ? first_char_of(phrase) : first_word(phrase)];
            v.push_back({std::move(phrase), tag});
            // Longest first: the longest matching phrase wins.
            std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.phrase.size() > b.phrase.size(); });
            return;
        }
        case '$': {
            auto& v = suffix_[unspaced_script(last_code_point(phrase)) ? last_char_of(phrase) : last_word(phrase)];
            v.push_back({std::move(phrase), tag});
            std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.phrase.size() > b.phrase.size(); });
            return;
        }
        case '~':
            if (unspaced) {
                const char32_t first = first_code_point(phrase);
                if (first < 0x10000) unspaced_starts_[first >> 12] |= std::uint64_t{1} << ((first >> 6) & 63);
                else unspaced_supplementary_ = true;
                unspaced_heads_[first_char_of(phrase)].push_back(static_cast<std::uint32_t>(inside_unspaced_.size()));
                inside_unspaced_.push_back({std::move(phrase), tag});
            } else {
                inside_[first_word(phrase)].push_back({std::move(phrase), tag});
            }
            return;
        default: throw std::logic_error("unknown match mode");
    }
}

// The longest phrase filed under the key's first word or first character
// that the key starts with, up to a word boundary.
std::string_view PhraseIndex::prefix_tag(std::string_view key, const Head& word, const Head& first,
                                         std::size_t& len) const {
    std::string_view best;
    len = 0;
    auto look_up = [&](const Head& head) {
        if (head.text.empty()) return;
        const auto* entries = prefix_.find(head.text, head.hash);
        if (!entries) return;
        for (const Entry& e : *entries)
            if (e.phrase.size() > len && key.starts_with(e.phrase) && prefix_boundary(key, e.phrase.size())) {
                len = e.phrase.size();
                best = e.tag;
                return;
            }
    };
    look_up(word);
    look_up(first);
    return best;
}

std::string_view PhraseIndex::suffix_tag(std::string_view key, const Head& word, const Head& last,
                                         std::size_t& len) const {
    std::string_view best;
    len = 0;
    auto look_up = [&](const Head& tail) {
        if (tail.text.empty()) return;
        const auto* entries = suffix_.find(tail.text, tail.hash);
        if (!entries) return;
        for (const Entry& e : *entries)
            if (e.phrase.size() > len && key.ends_with(e.phrase) && suffix_boundary(key, e.phrase.size())) {
                len = e.phrase.size();
                best = e.tag;
                return;
            }
    };
    look_up(word);
    look_up(last);
    return best;
}

std::size_t PhraseIndex::prefix_length(const KeyWords& k) const {
    std::size_t len = 0;
    const KeyWords::Word* w = k.first_word();
    prefix_tag(k.key, w ? Head{k.text(*w), w->hash} : Head{}, {k.first_char, k.first_char_hash}, len);
    return len;
}

std::size_t PhraseIndex::suffix_length(const KeyWords& k) const {
    std::size_t len = 0;
    const KeyWords::Word* w = k.last_word();
    suffix_tag(k.key, w ? Head{k.text(*w), w->hash} : Head{}, {k.last_char, k.last_char_hash}, len);
    return len;
}

std::size_t PhraseIndex::prefix_length(std::string_view key) const {
    std::size_t len = 0;
    if (prefix_.empty() || key.empty()) return len;
    std::string_view word = first_word(key), first = first_char_of(key);
    prefix_tag(key, {word, phrase_hash(word)}, {first, phrase_hash(first)}, len);
    return len;
}

std::size_t PhraseIndex::suffix_length(std::string_view key) const {
    std::size_t len = 0;
    if (suffix_.empty() || key.empty()) return len;
    std::string_view word = last_word(key), last = last_char_of(key);
    suffix_tag(key, {word, phrase_hash(word)}, {last, phrase_hash(last)}, len);
    return len;
}

std::string_view PhraseIndex::inside(const KeyWords& k) const {
    // Each word of the key is looked up once; the earliest match wins.
    if (!inside_.empty())
        for (const KeyWords::Word& w : k.words)
            if (const auto* entries = inside_.find(k.text(w), w.hash))
                for (const Entry& e : *entries)
                    if (contains_phrase(k.key.substr(w.start), e.phrase)) return e.tag;
    // Phrases in scripts without spaces start with such a character (most
    // lists have none such: their keys are not scanned for them).
    return k.unspaced && !inside_unspaced_.empty() ? inside_unspaced(k.key) : std::string_view{};
}

// The first phrase of inside_unspaced_ (in list order) found in the key,
// as contains_phrase finds it: at any byte, up to the key's end, a
// character that is no word character, or anywhere when the phrase ends in
// a script without spaces. Such phrases start with a character at U+0E00 or
// above, whose first byte is E0 or more: the key's other bytes are passed
// over, eight at a time, and the characters that start no phrase by their
// first two bytes.
std::string_view PhraseIndex::inside_unspaced(std::string_view key) const {
    std::size_t best = inside_unspaced_.size();
    const auto* p = reinterpret_cast<const unsigned char*>(key.data());
    const std::size_t n = key.size();
    // The phrases that start at `at`, where a character of three or four
    // bytes starts.
    auto look_up = [&](std::size_t at) {
        if (at + 3 > n) return;
        const unsigned b = p[at];
        std::size_t len = 3;
        if (b < 0xF0) {
            const unsigned top = ((b & 0x0F) << 6) | (p[at + 1] & 0x3F);
            if (!(unspaced_starts_[top >> 6] & (std::uint64_t{1} << (top & 63)))) return;
        } else {
            if (!unspaced_supplementary_ || at + 4 > n) return;
            len = 4;
        }
        const auto* heads = unspaced_heads_.find(key.substr(at, len));
        if (!heads) return;
        for (const std::uint32_t index : *heads) {
            if (index >= best) break;  // filed in list order
            const std::string& phrase = inside_unspaced_[index].phrase;
            if (key.compare(at, phrase.size(), phrase) != 0) continue;
            const std::size_t end = at + phrase.size();
            if (end == n || !is_word_char(first_code_point(key.substr(end))) ||
                unspaced_script(last_code_point(phrase))) {
                best = index;
                break;
            }
        }
    };
    std::size_t at = 0;
    if constexpr (std::endian::native == std::endian::little) {
        // A byte is E0 or more when its top three bits are set: shifted by
        // one and two, its bits 6 and 5 come under its high bit (no bit
        // crosses into the next byte's high bit).
        for (; at + 8 <= n; at += 8) {
            std::uint64_t w;
            std::memcpy(&w, p + at, 8);
            for (std::uint64_t starts = w & (w << 1) & (w << 2) & text::swar::highs; starts; starts &= starts - 1)
                look_up(at + static_cast<std::size_t>(std::countr_zero(starts)) / 8);
        }
    }
    for (; at < n; ++at)
        if (p[at] >= 0xE0) look_up(at);
    return best < inside_unspaced_.size() ? inside_unspaced_[best].tag : std::string_view{};
}

std::string_view PhraseIndex::match(const KeyWords& k, bool inside_only) const {
    if (k.key.empty()) return {};
    // A kind of phrase the index has none of is not looked for (the
    // "credit" list, asked of most short lines, has whole-line and suffix
    // phrases only).
    if (!inside_only) {
        if (auto t = whole(k.key, k.hash); !t.empty()) return t;
        std::size_t len = 0;
        const KeyWords::Word* first = k.first_word();
        if (auto t = prefix_.empty() ? std::string_view{}
                                     : prefix_tag(k.key, first ? Head{k.text(*first), first->hash} : Head{},
                                                  {k.first_char, k.first_char_hash}, len);
            !t.empty())
            return t;
        const KeyWords::Word* last = k.last_word();
        if (auto t = suffix_.empty() ? std::string_view{}
                                     : suffix_tag(k.key, last ? Head{k.text(*last), last->hash} : Head{},
                                                  {k.last_char, k.last_char_hash}, len);
            !t.empty())
            return t;
    }
    return inside_.empty() && inside_unspaced_.empty() ? std::string_view{} : inside(k);
}

namespace {

// Scratch space for look-ups of keys not split yet.
KeyWords& split(std::string_view key) {
    thread_local KeyWords scratch;
    scratch.assign(key);
    return scratch;
}

}  // namespace

std::string_view PhraseIndex::match(std::string_view key, bool inside_only) const { return match(split(key), inside_only); }

std::string_view PhraseIndex::inside(std::string_view key) const { return inside(split(key)); }

CueList::CueList(std::string name, std::string_view content) : name_(std::move(name)) {
    std::size_t pos = 0;
    std::size_t line_no = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos) end = content.size();
        std::string_view line = content.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        if (line.size() < 3 || line[1] != ' ' || std::string_view("=^$~").find(line[0]) == std::string_view::npos)
            throw std::logic_error("cues/" + name_ + ".txt:" + std::to_string(line_no) +
                                   ": expected '= ', '^ ', '$ ' or '~ ' and a phrase");
        std::string key = cue_key(line.substr(2));
        if (key.empty()) continue;
        phrases_.emplace_back(line[0], key);
        index_.add(line[0], std::move(key), name_);
    }
}

namespace {

struct Registry {
    std::map<std::string, std::unique_ptr<CueList>, std::less<>> lists;
    PhraseIndex boilerplate;  // every boilerplate list, tagged with its name
};

// Lists that describe what a line is rather than why it is dropped.
constexpr std::string_view descriptive[] = {"byline", "byline-suffix", "byline-source", "credit", "credit-label",
                                            "date-words", "persian-months", "agency", "section-end",
                                            "caption-prefix", "byline-conjunction"};

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        constexpr std::string_view dir = "cues/";
        for (std::size_t i = 0; i < data::file_count; ++i) {
            std::string_view path = data::files[i].path;
            if (path.substr(0, dir.size()) != dir) continue;
            std::string name(path.substr(dir.size(), path.size() - dir.size() - 4));  // minus ".txt"
            auto list = std::make_unique<CueList>(name, data::files[i].content);
            if (std::find(std::begin(descriptive), std::end(descriptive), name) == std::end(descriptive)) {
                for (const auto& [mode, phrase] : list->phrases()) reg.boilerplate.add(mode, phrase, list->name());
            }
            reg.lists.emplace(name, std::move(list));
        }
        return reg;
    }();
    return r;
}

}  // namespace

const CueList& cue_list(std::string_view name) {
    const auto& lists = registry().lists;
    auto it = lists.find(name);
    if (it == lists.end()) throw std::logic_error("no cue list cues/" + std::string(name) + ".txt");
    return *it->second;
}

std::string_view boilerplate_reason(std::string_view key, bool inside_only) {
    return registry().boilerplate.match(key, inside_only);
}

std::string_view boilerplate_reason(const KeyWords& key, bool inside_only) {
    return registry().boilerplate.match(key, inside_only);
}

}  // namespace scrapedoc::readers::text_segmenter
