// Stages 1 and 2: split the text into lines and describe each line by
// features that work in any language (length, punctuation, position, blank
// lines around, repetition), plus the cue lists.
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "data/embedded.hpp"

#include "readers/text/char_measure.hpp"
#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "text/props.hpp"
#include "text/slot_index.hpp"
#include "text/swar.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

std::string_view TextArena::store(std::string_view s) {
    if (s.size() > left_) {
        // Chunks double up to 1 MB; their bytes are written before they are read.
        std::size_t size = std::max(s.size(), chunk_size_);
        chunk_size_ = std::min<std::size_t>(chunk_size_ * 2, 1 << 20);
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
        next_ = chunks_.back().get();
        left_ = size;
    }
    std::copy(s.begin(), s.end(), next_);
    std::string_view stored(next_, s.size());
    next_ += s.size();
    left_ -= s.size();
    return stored;
}

const std::string_view* TextArena::keep(std::string_view s) { return &views_.emplace_back(s); }

void LineView::keep_whole(std::string_view s, TextArena& arena) {
    const std::string_view* whole = arena.keep(s);
    const auto address = reinterpret_cast<std::uintptr_t>(whole);
    if ((address >> 48) != 0) throw std::logic_error("LineView: address out of range");
    packed_ = (static_cast<std::uint64_t>(address) << 16) | kept_whole;
}

// A page holds one Line per input line at once: 64 bytes on 64-bit targets
// (they were 128, then 88: 1.8 times the input of a page of short lines).
static_assert(sizeof(void*) != 8 || sizeof(Line) <= 64, "Line records grew");

namespace {

// s without the white space at its ends (as collapse_whitespace drops it).
std::string_view trim_white_space(std::string_view s) {
    std::size_t begin = 0;
    while (begin < s.size()) {
        std::size_t next = begin;
        if (!text::is_space(text::next_code_point(s, next))) break;
        begin = next;
    }
    std::size_t end = s.size();
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        std::size_t at = start;
        if (!text::is_space(text::next_code_point(s, at))) break;
        end = start;
    }
    return s.substr(begin, end - begin);
}

// A line's text with white space collapsed: the line itself, or a piece of
// it when only its ends have white space to drop (a line indented or with
// trailing spaces), else a collapsed copy in the arena. `spaced`: known
// not to be collapsed as it is.
std::string_view collapsed_text(std::string_view raw, TextArena& arena, bool spaced) {
    if (!spaced && text::is_collapsed(raw)) return raw;
    if (std::string_view inner = trim_white_space(raw); text::is_collapsed(inner)) return inner;
    return arena.store(text::collapse_whitespace(raw));
}

}  // namespace

std::vector<Line> split_lines(std::string_view text, TextArena& arena, const std::vector<std::size_t>* spaced_lines) {
    std::vector<Line> lines;
    std::size_t newlines = 0;
    for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p)));
         ++p)
        ++newlines;
    lines.reserve(newlines + 1);
    std::size_t pos = 0, number = 0;
    std::size_t spaced = 0;  // the next of *spaced_lines
    // On a little-endian machine the decoder lists exactly the lines that
    // are not collapsed (elsewhere it may list more).
    const bool listed_exactly = spaced_lines && std::endian::native == std::endian::little;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        Line line;
        line.number = static_cast<std::uint32_t>(++number);
        std::string_view raw = text.substr(pos, end - pos);
        bool collapsed = false;  // known to be
        if (spaced_lines) {
            if (spaced < spaced_lines->size() && (*spaced_lines)[spaced] == number - 1) ++spaced;
            else collapsed = true;
        }
        line.text = LineView(collapsed ? raw : collapsed_text(raw, arena, listed_exactly), arena);
        lines.push_back(std::move(line));
        if (end == text.size()) break;
        pos = end + 1;
    }
    // A final newline does not make one more (empty) line.
    if (lines.size() > 1 && lines.back().text.empty() && !text.empty() && text.back() == '\n') lines.pop_back();
    return lines;
}

namespace {

constexpr bool is_sentence_end(char32_t c) {
    switch (c) {
        case '.': case '!': case '?': case U'…': case U'。': case U'！': case U'？': case U'؟':
        case U'۔': case U'।': case U'॥': case U'။': case U'።': case U'｡':
            return true;
        default:
            return false;
    }
}

constexpr bool is_comma(char32_t c) {
    switch (c) {
        case ',': case ';': case U'،': case U'、': case U'，': case U'；': case U'؛':
            return true;
        default:
            return false;
    }
}

// Closing quotes and brackets that may follow the sentence end.
constexpr bool is_closer(char32_t c) {
    switch (c) {
        case '"': case '\'': case ')': case ']': case U'”': case U'’': case U'»': case U'›': case U'」':
        case U'』': case U'】': case U'）': case U'〉': case U'》': case U'״':
            return true;
        default:
            return false;
    }
}

bool is_opening_quote(char32_t c) {
    switch (c) {
        case '"': case U'“': case U'„': case U'«': case U'「': case U'『': case U'״': case U'‹':
            return true;
        default:
            return false;
    }
}

bool is_closing_quote(char32_t c) {
    switch (c) {
        case '"': case U'”': case U'“': case U'»': case U'」': case U'』': case U'״': case U'›':
            return true;
        default:
            return false;
    }
}

bool is_bullet(char32_t c) {
    switch (c) {
        case U'•': case U'·': case U'▪': case U'●': case U'◦': case U'‣': case U'►': case U'▶': case U'■':
        case U'□': case U'○': case U'✓': case U'✔': case U'→': case U'–': case U'—': case '-': case '*':
        case U'◆': case U'◇': case U'・': case U'※':
            return true;
        default:
            return false;
    }
}

// Length of a character in half Latin letters: a Hangul syllable counts 2
// letters, a CJK character 2.5 (counted in halves, the sums are exact).
unsigned char_half_weight(char32_t c) {
    if (c < 0x1100) return 2;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) || (c >= 0xAC00 && c <= 0xD7AF)) return 4;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        return 5;
    return 2;
}

}  // namespace

std::uint64_t char_measure(char32_t c) {
    std::string utf8;
    text::append_utf8(utf8, c);
    char kept[16];  // room for text::skeleton_bound(4); four bytes at most are written
    const std::size_t length = text::skeleton_into(utf8, kept);
    std::uint32_t bytes = 0;
    std::memcpy(&bytes, kept, length);
    std::uint64_t m = std::uint64_t{bytes} << 32 | length << measure_skeleton_shift | measure_known;
    const auto f = text::char_flags(c);
    if (f & text::flag_extends) return m;
    m |= measure_grapheme | char_half_weight(c) << measure_weight_shift;
    if (f & text::flag_upper) m |= measure_upper;
    else if (f & text::flag_lower) m |= measure_lower;
    // The punctuation asked about is never a letter or digit.
    if (f & text::flag_alnum) return m | measure_significant;
    if (is_sentence_end(c)) m |= measure_sentence_end;
    else if (is_comma(c)) m |= measure_comma;
    if (!is_closer(c)) m |= measure_significant;
    if (c == U'–' || c == U'—' || c == U'：' || c == U'©' || c == U'·' || c == U'•') m |= measure_sign;
    return m;
}

std::atomic<std::uint64_t> detail::bmp_measures[0x10000] = {};

std::uint64_t detail::remember_measure(char32_t c) {
    const std::uint64_t m = char_measure(c);
    bmp_measures[c].store(m, std::memory_order_relaxed);
    return m;
}

namespace {

// What measure() asks of an ASCII character, in one table look-up: whether
// it is a capital or a small letter as a count in the low or the high half
// (so that both are counted in one sum), and flags in the bits between.
enum AsciiClass : std::uint64_t {
    ascii_upper = 1,
    ascii_sentence_end = 1 << 8,
    ascii_comma = 1 << 9,
    ascii_closer = 1 << 10,
    ascii_sign = 1 << 11,  // what a credit may follow or a separator list is made of
    ascii_lower = std::uint64_t{1} << 32,
};

constexpr std::array<std::uint64_t, 128> ascii_classes = [] {
    std::array<std::uint64_t, 128> t{};
    for (char32_t c = 0; c < 128; ++c) {
        if (c >= 'A' && c <= 'Z') t[c] |= ascii_upper;
        if (c >= 'a' && c <= 'z') t[c] |= ascii_lower;
        if (is_sentence_end(c)) t[c] |= ascii_sentence_end;
        else if (is_comma(c)) t[c] |= ascii_comma;
        if (is_closer(c)) t[c] |= ascii_closer;
        if (c == ':' || c == '=' || c == '-' || c == '|' || c == '/' || c == ',') t[c] |= ascii_sign;
    }
    return t;
}();

using text::swar::ascii_equal;
using text::swar::ascii_in_range;
using text::swar::count_marked;
using text::swar::highs;

bool is_digit_char(char32_t c) { return c < 0x80 ? (c >= '0' && c <= '9') : text::has(c, text::flag_digit); }

// "1." "12)" "(3)" "a)" at the start of a line, followed by a space.
bool starts_numbered(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '(') ++i;
    std::size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    bool letter = false;
    if (i == digits && i < s.size() && s[i] >= 'a' && s[i] <= 'z') {
        ++i;
        letter = true;
    }
    if (i == digits || i - digits > 3) return false;
    if (i >= s.size() || (s[i] != '.' && s[i] != ')')) return false;
    if (letter && s[i] != ')') return false;
    ++i;
    return i < s.size() && s[i] == ' ';
}

// Date tokens: numbers, month and weekday names, and CJK dates ("2025年1月13日").
const PhraseMap<int>& date_words() {
    static const PhraseMap<int> words = [] {
        PhraseMap<int> m;
        std::string key;
        int month = 0;
        data::for_each_line(data::embedded_file("cues/date-words.txt"), [&](std::string_view line) {
            if (date_word_entry(line, key, month) && !m.find(key)) m[key] = month;  // the first entry of a word stands
        });
        return m;
    }();
    return words;
}

bool is_cjk_date_token(std::string_view t) {
    bool digit = false;
    std::size_t i = 0;
    while (i < t.size()) {
        char32_t c = text::next_code_point(t, i);
        if (is_digit_char(c)) digit = true;
        else if (c != U'年' && c != U'月' && c != U'日' && c != U'時' && c != U'分' && c != U'秒' && c != U'号' &&
                 c != U'時' && c != U'점' && c != U'년' && c != U'월' && c != U'일' && c != U'시' && c != U'분')
            return false;
    }
    return digit;
}

template <class F>
void for_each_token(std::string_view key, F&& f) {
    std::size_t i = 0;
    while (i < key.size()) {
        std::size_t start = i;
        bool word = false;
        std::size_t j = i;
        char32_t c = text::next_code_point(key, j);
        word = text::is_word_char(c);
        if (!word) {
            i = j;
            continue;
        }
        while (i < key.size()) {
            std::size_t k = i;
            char32_t d = text::next_code_point(key, k);
            bool w = text::is_word_char(d) || d == 0x200C;
            if (!w) break;
            i = k;
        }
        f(key.substr(start, i - start));
    }
}

// Tokens for dates and share bars: runs of word characters, joined across
// zero-width non-joiners (Persian writes them inside words). Without one
// they are the key's words, hashes and all.
template <class F>
void for_each_token(const KeyWords& key, F&& f) {
    if (!key.zwnj) {
        for (const KeyWords::Word& w : key.words) f(key.text(w), w.hash);
        return;
    }
    for_each_token(key.key, [&](std::string_view t) { f(t, phrase_hash(t)); });
}

bool date_like(const KeyWords& key) {
    // Every date has a number (or a CJK date, which has one).
    if (!key.digit) return false;
    const auto& words = date_words();
    std::size_t tokens = 0, date_tokens = 0, numbers = 0, months = 0, cjk_dates = 0;
    bool year = false;
    bool time = key.key.find(':') != std::string_view::npos;
    for_each_token(key, [&](std::string_view t, std::uint64_t hash) {
        ++tokens;
        std::size_t digits = 0, chars = 0;
        char32_t first = 0;
        for (std::size_t k = 0; k < t.size(); ++chars) {
            char32_t c = text::next_code_point(t, k);
            if (!first) first = c;
            if (is_digit_char(c)) ++digits;
        }
        if (digits == chars) {
            int lead = u_charDigitValue(static_cast<UChar32>(first));
            if (digits == 4 && (lead == 1 || lead == 2)) year = true;
            ++numbers;
            ++date_tokens;
            return;
        }
        if (const int* month = words.find(t, hash)) {
            ++date_tokens;
            if (*month) ++months;
        } else if (is_cjk_date_token(t)) {
            ++cjk_dates;
            ++numbers;
            ++date_tokens;
        }
    });
    if (tokens == 0 || numbers == 0 || date_tokens * 100 < tokens * 65) return false;
    // Numbers alone ("0 21", a vote count) are no date: it takes a month
    // name, a CJK date, or a year or a time among three numbers or more.
    return months > 0 || cjk_dates > 0 || (numbers >= 3 && (year || time));
}

// A CSS class or id left in the text: "post-title", "entry-content main".
bool markup_residue(std::string_view s) {
    if (s.empty() || s.size() > 60) return false;
    bool joined = false;
    std::size_t tokens = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) break;
        std::size_t start = i;
        while (i < s.size() && s[i] != ' ') {
            char c = s[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
            ++i;
        }
        std::string_view t = s.substr(start, i - start);
        if (t.front() == '-' || t.front() == '_' || t.back() == '-' || t.back() == '_') return false;
        if (t.find_first_of("-_") != std::string_view::npos) joined = true;
        ++tokens;
    }
    return joined && tokens <= 4;
}

// "Home | News | Sport", "a · b · c": three or more short items, in one pass
// that counts each separator (a sign between two spaces).
bool separator_list(std::string_view s) {
    static constexpr std::string_view seps[] = {"|", "·", "•", "/", "-", "—", "–", "::", ","};
    // The first bytes of the separators, to pass over the rest at once.
    static constexpr std::array<bool, 256> may_start = [] {
        std::array<bool, 256> t{};
        for (std::string_view sep : seps) t[static_cast<unsigned char>(sep[0])] = true;
        return t;
    }();
    std::size_t counts[std::size(seps)] = {};
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i - 1] != ' ' || !may_start[static_cast<unsigned char>(s[i])]) continue;
        for (std::size_t k = 0; k < std::size(seps); ++k) {
            std::string_view sep = seps[k];
            if (s.compare(i, sep.size(), sep) == 0 && i + sep.size() < s.size() && s[i + sep.size()] == ' ') {
                ++counts[k];
                break;
            }
        }
    }
    for (std::size_t n : counts)
        if (n >= 2 && s.size() / (n + 1) < 30) return true;
    return false;
}

// Lines made of share-network names ("Facebook Twitter Reddit Email").
bool share_bar(const KeyWords& key) {
    static const CueList& share = cue_list("share-widget");
    if (!key.zwnj) {
        // Seven in ten words must be network names: the look-ups stop at
        // the miss that rules that out.
        const std::size_t tokens = key.words.size();
        if (tokens < 3) return false;
        std::size_t misses = 0;
        for (const KeyWords::Word& w : key.words)
            if (!share.whole(key.text(w), w.hash) && ++misses * 10 > tokens * 3) return false;
        return true;
    }
    std::size_t tokens = 0, hits = 0;
    for_each_token(key, [&](std::string_view t, std::uint64_t hash) {
        ++tokens;
        if (share.whole(t, hash)) ++hits;
    });
    return tokens >= 3 && hits * 10 >= tokens * 7;
}

// Starts with a copyright sign and names a year.
bool copyright_sign(std::string_view s) {
    if (s.rfind("©", 0) != 0 && s.rfind("(c) ", 0) != 0 && s.rfind("(C) ", 0) != 0) return false;
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        bool year = (s.compare(i, 2, "19") == 0 || s.compare(i, 2, "20") == 0) && std::isdigit(static_cast<unsigned char>(s[i + 2])) &&
                    std::isdigit(static_cast<unsigned char>(s[i + 3])) &&
                    (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))) &&
                    (i + 4 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 4])));
        if (year) return true;
    }
    return false;
}

// Cheap test before split_credit: a caption-sized line with a label at the
// start, a bracket at the end, or a dash, bar, slash or label near the end.
// `signs`: whether the line has any character the tail is searched for
// below (measure says), so that most lines are not searched. When it is
// true, `label_prefix` is the length of the credit label the key opens with
// (0 if none), for split_credit.
bool may_carry_credit(const Line& line, const KeyWords& key, bool signs, std::size_t& label_prefix) {
    static const CueList& label = cue_list("credit-label");
    static const CueList& credit = cue_list("credit");
    std::string_view s = line.text;
    if (s.empty() || line.weight() > 300) return false;
    label_prefix = label.prefix_length(key);
    if (s.starts_with("©") || label_prefix > 0) return true;
    char last = s.back();
    if (last == ')' || last == ']' || s.ends_with("）") || s.ends_with("】")) return true;
    // One pass over the tail for the characters a credit comes after; the
    // table picks out the bytes that can start one.
    static constexpr std::array<bool, 256> may_start = [] {
        std::array<bool, 256> t{};
        for (unsigned char c : {':', '=', '-', '|', '/', '\xE2', '\xEF', '\xC2'}) t[c] = true;
        return t;
    }();
    std::string_view tail = s.substr(s.size() > 240 ? s.size() - 240 : 0);
    for (std::size_t i = 0; signs && i < tail.size(); ++i) {
        char c = tail[i];
        if (!may_start[static_cast<unsigned char>(c)]) continue;
        if (c == ':' || c == '=') return true;
        if ((c == '-' || c == '|' || c == '/') && i > 0 && tail[i - 1] == ' ' && i + 1 < tail.size() && tail[i + 1] == ' ')
            return true;
        if (c == '\xE2' && i + 2 < tail.size() && tail[i + 1] == '\x80' && (tail[i + 2] == '\x93' || tail[i + 2] == '\x94'))
            return true;  // en and em dash
        if ((c == '\xEF' && i + 2 < tail.size() && tail[i + 1] == '\xBC' && tail[i + 2] == '\x9A') ||
            (c == '\xC2' && i + 1 < tail.size() && tail[i + 1] == '\xA9'))
            return true;  // full-width colon, copyright sign
    }
    return credit.matches(key);
}

// Features from one pass over the characters of a line's text s; and, with
// `with_skeleton`, into `skeleton` (room for text::skeleton_bound(s.size())
// bytes) the text's skeleton (text::skeleton_into), whose size it returns.
// `sign_chars`: whether s has a character a credit may follow (: = - | /,
// an en or em dash, a full-width colon, the copyright sign) or a separator
// list is made of (those, a comma, a middle dot, a bullet), for
// may_carry_credit and separator_list.
template <bool with_skeleton>
std::size_t measure(Line& line, std::string_view s, char* skeleton, bool& sign_chars) {
    char* q = skeleton;
    std::uint64_t signs = 0;  // of sign_chars, nonzero for yes
    std::size_t upper = 0, lower = 0, words = 0, graphemes = 0, half_weight = 0, sentence_marks = 0, commas = 0;
    std::size_t ascii = 0;  // ASCII characters but spaces: a grapheme and 2 half letters each, added at the end
    std::uint64_t letters = 0;  // ASCII letters one at a time: capitals in the low half, small ones in the high
    bool in_word = false;
    std::uint32_t counts = 0;     // of characters beyond ASCII (see below)
    std::size_t counts_end = 100;  // where they are to be handed on
    auto add_counts = [&] {
        graphemes += counts & 0xFF;
        half_weight += (counts >> measure_weight_shift) & 0xFF;
        upper += (counts >> 16) & 0xFF;
        lower += counts >> 24;
        counts = 0;
    };
    std::size_t i = 0;
    std::size_t retry = 0;  // where eight bytes are tried again after eight that were not ASCII (or fewer were left)
    while (i < s.size()) {
        if (i >= retry) {
            // Eight ASCII bytes at a time while they are: what the byte
            // loop below counts, counted at once.
            for (; i + 8 <= s.size(); i += 8) {
                std::uint64_t w;
                std::memcpy(&w, s.data() + i, 8);
                if (w & highs) break;
                const std::uint64_t spaces = ascii_equal(w, ' ');
                const std::uint64_t chars = ~spaces & highs;
                // A word starts at a character after a space (or after no word).
                const std::uint64_t starts = chars & ((spaces << 8) | (in_word ? 0 : 0x80));
                words += count_marked(starts);
                ascii += count_marked(chars);
                const std::uint64_t capitals = ascii_in_range(w, 'A', 'Z'), smalls = ascii_in_range(w, 'a', 'z');
                upper += count_marked(capitals);
                lower += count_marked(smalls);
                // Sentence marks, commas and signs are neither letters nor
                // digits: eight bytes of words and spaces (most) have none.
                if (chars & ~(capitals | smalls | ascii_in_range(w, '0', '9'))) {
                    sentence_marks += count_marked(ascii_equal(w, '.') | ascii_equal(w, '!') | ascii_equal(w, '?'));
                    const std::uint64_t comma = ascii_equal(w, ',');
                    commas += count_marked(comma | ascii_equal(w, ';'));
                    if (!signs)
                        signs = comma | ascii_in_range(w, ':', '=') | ascii_equal(w, '-') | ascii_equal(w, '|') | ascii_equal(w, '/');  // ; < too
                }
                in_word = (chars >> 63) != 0;
                if constexpr (with_skeleton)
                    for (std::size_t k = i; k < i + 8; ++k) {
                        const char c = text::skeleton_ascii[static_cast<unsigned char>(s[k])];
                        *q = c;
                        q += c != 0;
                    }
            }
            retry = i + 8;
            if (i == s.size()) break;
        }
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            if (b == ' ') {
                in_word = false;
                continue;
            }
            words += !in_word;
            in_word = true;
            ++ascii;
            if constexpr (with_skeleton) {
                const char c = text::skeleton_ascii[b];
                *q = c;
                q += c != 0;
            }
            const std::uint64_t cls = ascii_classes[b];
            letters += cls & (ascii_upper | ascii_lower);
            if (cls & (ascii_sentence_end | ascii_comma | ascii_sign)) {
                sentence_marks += (cls & ascii_sentence_end) >> 8;
                commas += (cls & ascii_comma) >> 9;
                signs |= cls & ascii_sign;
            }
            continue;
        }
        // A run of characters beyond ASCII (most of a line in most
        // scripts), each looked up once: a word goes on across them. Their
        // counts are added up in the bytes of one sum, handed on when a run
        // ends 100 bytes or more past where the sum began: none passes 255
        // (the characters summed start in those 100 bytes but for the last,
        // and count at most 2 half letters per byte, an ill-formed byte
        // read as U+FFFD).
        words += !in_word;
        in_word = true;
        const std::size_t run_end = std::min(s.size(), counts_end);
        do {
            char32_t c;
            const std::uint64_t m = next_char_measure(s, i, c);
            if constexpr (with_skeleton) {
                // Four bytes written, the character's skeleton kept (q has
                // room: see text::skeleton_bound).
                const auto bytes = static_cast<std::uint32_t>(m >> 32);
                std::memcpy(q, &bytes, 4);
                q += (m >> measure_skeleton_shift) & 7;
            }
            counts += static_cast<std::uint32_t>(m) & measure_counts;
            if (m & (measure_sentence_end | measure_comma | measure_sign)) {
                sentence_marks += (m & measure_sentence_end) >> 4;
                commas += (m & measure_comma) >> 5;
                signs |= m & measure_sign;
            }
        } while (i < run_end && static_cast<unsigned char>(s[i]) >= 0x80);
        if (i >= counts_end) {
            add_counts();
            counts_end = i + 100;
        }
    }
    add_counts();
    upper += letters & 0xFFFF'FFFF;
    lower += letters >> 32;
    // The last character that is neither a space nor a closing quote or
    // bracket nor a mark, looked for from the end (cheaper than keeping it
    // on the way). A pass from the start begins a character at every byte
    // that does not continue one: from the last of them the characters
    // read are those that pass read.
    char32_t last_significant = 0;
    bool found = false;
    for (std::size_t end = s.size(); end > 0 && !found;) {
        // An ASCII byte is a character of its own (most lines end in one).
        if (const auto b = static_cast<unsigned char>(s[end - 1]); b < 0x80) {
            --end;
            if (b == ' ' || (ascii_classes[b] & ascii_closer)) continue;
            last_significant = b;
            break;
        }
        std::size_t k = end - 1;
        while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
        for (std::size_t j = k; j < end;) {
            const auto b = static_cast<unsigned char>(s[j]);
            if (b < 0x80) {
                ++j;
                if (b == ' ' || (ascii_classes[b] & ascii_closer)) continue;
                last_significant = b;
            } else {
                char32_t c;
                if (!(next_char_measure(s, j, c) & measure_significant)) continue;
                last_significant = c;
            }
            found = true;
        }
        end = k;
    }
    sign_chars = signs != 0;
    line.words = static_cast<std::uint32_t>(words);
    line.graphemes = static_cast<std::uint32_t>(graphemes + ascii);
    line.half_weight = static_cast<std::uint32_t>(std::min<std::size_t>(half_weight + 2 * ascii, UINT32_MAX));
    line.sentence_marks = static_cast<std::uint8_t>(std::min<std::size_t>(sentence_marks, UINT8_MAX));
    line.commas = static_cast<std::uint8_t>(std::min<std::size_t>(commas, UINT8_MAX));
    // "Mr. Smith" and "3.5" inflate the sentence count a little; the classifier
    // only asks whether there is one.
    line.terminal = is_sentence_end(last_significant);
    line.ends_with_colon = last_significant == ':' || last_significant == U'：';
    line.upper = upper >= 4 && lower * 10 <= upper;

    if (!s.empty()) {
        std::size_t j = 0;
        char32_t first = text::next_code_point(s, j);
        line.bullet = j < s.size() && s[j] == ' ' && is_bullet(first);
        if (first == U'•' || first == U'▪' || first == U'●' || first == U'►' || first == U'▶' || first == U'■' ||
            first == U'◆' || first == U'・')
            line.bullet = true;  // these bullets are never sentence text
        // A number or a letter first, or a bracket, for a list number.
        const unsigned lead = static_cast<unsigned char>(s[0]);
        line.numbered = (lead == '(' || lead - '0' < 10u || lead - 'a' < 26u) && starts_numbered(s);
        if (line.numbered) line.bullet = true;
        // One quotation from end to end: an opening quote first, a closing quote
        // last, and no closing quote in between.
        if (is_opening_quote(first) && s.size() > 2) {
            std::size_t k = s.size();
            while (k > 0 && (static_cast<unsigned char>(s[k - 1]) & 0xC0) == 0x80) --k;
            if (k > 0) --k;
            std::size_t kk = k;
            char32_t last = text::next_code_point(s, kk);
            if (is_closing_quote(last) && k > j) {
                bool inner_close = false;
                std::size_t m = j;
                while (m < k) {
                    char32_t d = text::next_code_point(s, m);
                    if (is_closing_quote(d) && m < k) {
                        inner_close = true;
                        break;
                    }
                }
                line.enclosed_quote = !inner_close;
            }
        }
    }
    return static_cast<std::size_t>(q - skeleton);
}

}  // namespace

double text_weight(std::string_view s) {
    Line l;
    bool sign_chars;
    measure<false>(l, s, nullptr, sign_chars);
    return l.weight();
}

namespace {

// Lines with the same key, counted in one open-addressing table of groups.
class KeyCounter {
public:
    // The group of a key (new or seen before). `key` may be a passing
    // buffer: a new group keeps the view `store()` returns of it.
    template <class Store>
    std::uint32_t add(std::string_view key, std::uint64_t hash, Store&& store) {
        index_.reserve(groups_.size() + 1, 1024, [&](std::size_t g) { return groups_[g].hash; });
        const std::size_t slot = index_.find(hash, [&](std::size_t g) { return groups_[g].hash == hash && groups_[g].key == key; });
        if (std::size_t g = index_.element(slot); g != text::SlotIndex::none) {
            ++groups_[g].count;
            return static_cast<std::uint32_t>(g);
        }
        groups_.push_back({store(), hash, 1});
        index_.place(slot, groups_.size() - 1);
        return static_cast<std::uint32_t>(groups_.size() - 1);
    }
    std::uint32_t count(std::uint32_t group) const { return groups_[group].count; }
    std::string_view key(std::uint32_t group) const { return groups_[group].key; }

private:
    struct Group {
        std::string_view key;
        std::uint64_t hash;
        std::uint32_t count;
    };
    std::vector<Group> groups_;
    text::SlotIndex index_;
};

}  // namespace

void describe_lines(std::vector<Line>& lines, TextArena& arena, std::vector<text::SkeletonSum>* skeletons) {
    if (skeletons) skeletons->assign(lines.size(), {});
    std::string skeleton;  // of a line, reused; only grows
    std::string key_buffer;  // reused for every line
    KeyWords words;          // the key split into words, reused too
    static const CueList& byline = cue_list("byline");
    static const CueList& byline_suffix = cue_list("byline-suffix");
    KeyCounter seen;
    std::vector<std::uint32_t> group(lines.size(), UINT32_MAX);  // of lines with a key
    for (std::size_t n = 0; n < lines.size(); ++n) {
        Line& line = lines[n];
        line.blank_before = n == 0 || lines[n - 1].text.empty();
        line.blank_after = n + 1 == lines.size() || lines[n + 1].text.empty();
        const std::string_view text = line.text;
        if (text.empty()) {
            line.kind = Kind::blank;
            continue;
        }
        bool sign_chars = true;
        // The skeleton (for duplicate detection) is made in the same pass
        // for lines long enough to be paragraphs; a short line's, when it
        // turns out to be a text, later (passes::find_duplicates): on pages
        // of menus and links most short lines are dropped.
        if (skeletons && text.size() >= skeleton_line_bytes) {
            if (skeleton.size() < text::skeleton_bound(text.size())) skeleton.resize(text::skeleton_bound(text.size()));
            const std::size_t size = measure<true>(line, text, skeleton.data(), sign_chars);
            (*skeletons)[n] = text::sum_skeleton(std::string_view(skeleton.data(), size));
        } else {
            measure<false>(line, text, nullptr, sign_chars);
        }
        // Cue look-ups only for lines short enough to be boilerplate (a long
        // cookie notice included); longer lines are text whatever words they
        // contain. This keeps the cost of paragraphs to one pass.
        if (line.weight() > 200) continue;
        // The key is split into words as it is built, once for all the cue
        // lists below (`words` views `key_buffer`, which stays as it is
        // until the next line).
        cue_key(text, key_buffer, words);
        // Lines with the same key share one copy of it (on a page of
        // repeated lines most keys are repeats); it is stored when it
        // differs from the text.
        if (const std::string_view key = words.key; !key.empty()) {
            group[n] = seen.add(key, words.hash, [&] { return key == text ? text : arena.store(key); });
            line.key = LineView(seen.key(group[n]), arena);
        }
        line.residue = markup_residue(text);
        line.separator_list = sign_chars && separator_list(text);
        line.date_like = line.weight() < 90 && date_like(words);
        // Long lines only match phrases made to be found inside text
        // (cookie notices, copyright lines), and only while they are short
        // enough to be such a notice.
        line.cue = boilerplate_reason(words, line.weight() > 80);
        if (line.cue.empty() && line.weight() <= 120 && share_bar(words)) line.cue = "share-widget";
        // "© 2024 Site" is a copyright line; "© Agency / Photographer" a photo credit.
        if (line.cue.empty() && copyright_sign(text)) line.cue = "copyright";
        // Copyright lines are footer lines that also mark where articles end.
        if (line.cue == "copyright") {
            line.copyright = true;
            line.cue = "footer";
        }
        if (line.weight() <= 120)
            line.byline_cue = byline.prefix_length(words) > 0 || byline_suffix.suffix_length(words) > 0;
        std::size_t label_prefix = 0;
        line.credit_cue = line.cue.empty() && may_carry_credit(line, words, sign_chars, label_prefix) &&
                          split_credit(text, words, label_prefix).has_value();
    }
    for (std::size_t n = 0; n < lines.size(); ++n)
        if (group[n] != UINT32_MAX)
            lines[n].repeats = static_cast<std::uint16_t>(std::min<std::uint32_t>(seen.count(group[n]) - 1, UINT16_MAX));
}

}  // namespace scrapedoc::readers::text_segmenter
