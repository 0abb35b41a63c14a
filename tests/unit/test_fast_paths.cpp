// The fast paths of the text pipeline give the answers of the plain ones:
// memoized character properties against ICU asked one code point at a time,
// decode taking its bytes against decode of a view, the key split as it is
// built against the key split afterwards, the streamed JSON against the
// JSON returned whole, a line's counts of characters looked up against
// their properties asked one character at a time.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <unicode/uchar.h>

#include "readers/text/char_measure.hpp"
#include "readers/text/cues.hpp"
#include "readers/text/overlap_tokens.hpp"
#include "readers/text/segmenter.hpp"
#include "scrapedoc.hpp"
#include "text/decode.hpp"
#include "text/props.hpp"
#include "text/unicode.hpp"
#include "writers/registry.hpp"

using namespace scrapedoc;

namespace {

// Random strings strung together from pieces, the same in every run (a
// linear congruential generator from a fixed seed), so that a failure can
// be seen again.
class RandomPieces {
public:
    explicit RandomPieces(std::uint32_t seed) : state_(seed) {}
    std::uint32_t step() { return state_ = state_ * 1664525u + 1013904223u; }
    // at_least + (step() >> shift) pieces, each pieces[pick(step())].
    template <class Pick>
    std::string string(const std::vector<std::string>& pieces, unsigned shift, std::size_t at_least, Pick pick) {
        std::string s;
        const std::size_t count = at_least + (step() >> shift);
        for (std::size_t k = 0; k < count; ++k) s += pieces[pick(step())];
        return s;
    }
    // The pieces chosen evenly.
    std::string string(const std::vector<std::string>& pieces, unsigned shift, std::size_t at_least = 0) {
        return string(pieces, shift, at_least, [&](std::uint32_t r) { return (r >> 16) % pieces.size(); });
    }

private:
    std::uint32_t state_;
};

}  // namespace

TEST_CASE("memoized character properties are ICU's, for every code point of every plane") {
    std::size_t wrong = 0;
    char32_t first_wrong = 0;
    for (char32_t c = 0; c <= text::max_code_point; ++c)
        if (text::char_flags(c) != text::detail::ask_icu(c) && wrong++ == 0) first_wrong = c;
    CHECK_MESSAGE(wrong == 0, "first differing code point U+", std::hex, static_cast<unsigned>(first_wrong));
}

TEST_CASE("decode_owned: the same text, charset and warnings as decode") {
    const std::vector<std::string> inputs = {
        "plain ASCII\nsecond line\n",
        "caf\xC3\xA9 na\xC3\xAFve\n",
        "cafe\xCC\x81 decomposed, then composed: caf\xC3\xA9\n",           // NFC changes the first line
        "line one\nA\xCC\x8A\nthird \xEF\xA6\x81 compatibility ideograph\n",  // two lines change
        // NFC shortens these lines: they are put in place in the bytes ...
        "A\xCC\x8A x\nplain\nA\xCC\x8A y\nplain two\ncafe\xCC\x81\n\nend\n",
        // ... and lengthens these (U+0958 is excluded from composition:
        // three bytes become six): first, or after lines that shortened less,
        // the text is built anew; after lines that shortened more, in place.
        "\xE0\xA5\x98 qa\nplain\n",
        "cafe\xCC\x81 shorter\nplain\n\xE0\xA5\x98\xE0\xA5\x98\xE0\xA5\x98 longer\nend",
        "cafe\xCC\x81 e\xCC\x81 e\xCC\x81 e\xCC\x81 four shorter\n\xE0\xA5\x98 three longer: still in place\nend\n",
        "\xD8\xA8\xD9\x90\xD8\xB3\xD9\x92\xD9\x85\xD9\x90 \xD8\xA7\xD9\x84\xD9\x84\xD9\x87\n",  // Arabic with marks, in NFC
        "\xD7\xA9\xD7\x81\xD6\xB8\n",          // Hebrew marks out of canonical order
        "\xD8\xA8\xD9\x91\xD9\x8E and \xD8\xA8\xD9\x8E\xD9\x91\n",  // Arabic shadda, fatha: out of order, then in
        "a\xCC\x81\xCC\x96 acute then grave below\n",  // reordered and composed
        "\xD8\xA7\xD9\x93 alef, maddah above\n",  // a mark whose quick check is Maybe: composes
        "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8 Hangul jamo\n",  // L V T compose to one syllable
        "crlf\r\nline\r\n",                    // CR goes
        "tab\tand\x01control\x7F" "del\n",     // controls go
        "c1 \xC2\x85 control\n",               // C1 control
        "nonchar \xEF\xB7\x90 here\n",         // U+FDD0
        "bad \xFF byte\n",                     // invalid UTF-8
        "\xEF\xBB\xBF" "bom first\n",          // BOM
        "surrogate \xED\xA0\x80\n",
        "overlong \xC0\xAF\n",
        "four bytes \xF0\x9F\x98\x80 emoji and \xF4\x90\x80\x80 too big\n",
        "<meta charset=\"windows-1256\"> \xC7\xE1\xDA\xD1\xC8\xED\xC9\n",
        "no final newline \xE3\x81\x82",
        "",
    };
    for (const auto& in : inputs) {
        CAPTURE(in);
        text::Decoded a = text::decode(std::string_view(in));
        text::Decoded b = text::decode_owned(std::string(in));
        CHECK(a.text == b.text);
        CHECK(text::is_nfc(b.text));
        CHECK(a.charset == b.charset);
        CHECK(a.warnings == b.warnings);
    }
}

// The numbers (0-based) of the lines of a text that are not collapsed
// (text::is_collapsed): what Decoded::spaced_lines lists.
static std::vector<std::size_t> uncollapsed_lines(std::string_view text) {
    std::vector<std::size_t> lines;
    std::size_t line = 0, start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n') continue;
        if (!text::is_collapsed(text.substr(start, i - start))) lines.push_back(line);
        ++line;
        start = i + 1;
    }
    return lines;
}

TEST_CASE("decode_owned: every two-byte sequence inside eight bytes read at once") {
    // Each lead C0..DF with each continuation byte, among ASCII letters so
    // that the eight-byte case meets it: C1 controls, white space and the
    // characters the NFC check asks about must stop that case (decode then
    // repairs, collapses or normalizes as decode of a view does), the rest
    // pass it.
    std::size_t wrong = 0;
    for (int lead = 0xC0; lead <= 0xDF; ++lead)
        for (int next = 0x80; next <= 0xBF; ++next) {
            const std::string ch{static_cast<char>(lead), static_cast<char>(next)};
            // The sequence starts eight bytes without a line feed.
            const std::string in = "abcdefgh" "ab" + ch + "cdefghij\nabcdef" + ch + "gh ijklmn\n";
            const text::Decoded a = text::decode(std::string_view(in));
            const text::Decoded b = text::decode_owned(std::string(in));
            // (Bytes to repair go to decode of a view, which lists no lines.)
            const bool same = a.text == b.text && a.warnings == b.warnings && (!b.spaced_lines || *b.spaced_lines == uncollapsed_lines(b.text));
            if (!same && wrong++ < 5) FAIL_CHECK("decode_owned differs for lead ", lead, " next ", next);
        }
    CHECK(wrong == 0);
}

TEST_CASE("decode_owned: spaced_lines lists every line that is not collapsed") {
    const std::vector<std::string> inputs = {
        "one space between\ntwo  spaces\n leading\ntrailing \n\n \nok line\n",
        "a\tb\nc\xC2\xA0" "d\ne\xE2\x80\x83" "f\ng\xE3\x80\x80h\n\xEF\xBB\xBFi\nj\xE1\x9A\x80k",
        "eight bytes: 1234567  next word\n12345678 9\n1234567 \n       x\nend ",
        "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85  \xD8\xB9\xD9\x84\xD9\x8A\xD9\x83\xD9\x85\n\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD8\xB9\n",
        "cafe\xCC\x81  decomposed\ncafe\xCC\x81 once\n\xE2\x80\x80" "en quad\n",  // NFC lines
        "",
        " ",
        "\n\n",
    };
    for (const auto& in : inputs) {
        CAPTURE(in);
        text::Decoded d = text::decode_owned(std::string(in));
        REQUIRE(d.spaced_lines.has_value());
        CHECK(*d.spaced_lines == uncollapsed_lines(d.text));
    }
}

TEST_CASE("decode_owned: the check of sixteen bytes at a time (SSE2) answers as the portable one of eight") {
    // ASCII with single and double spaces, tabs and line feeds; two-, three-
    // and four-byte characters, white space among them, marks the NFC check
    // asks about, C0 and C1 controls, noncharacters, ill-formed and cut-short
    // sequences; strung together after 0 to 15 letters, so that each falls at
    // every offset of a block of sixteen and across its end.
    const std::vector<std::string> pieces = {
        "a", "word ", "0123456789abcdef", " ", "  ", "\n", " \n", "\n ", "\n\n", "\t", "x\ny",
        "\xC3\xA9", "\xD0\xB6", "\xD8\xB3", "\xDF\xBF", "\xE4\xB8\xAD", "\xE2\x80\x99", "\xF0\x9F\x98\x80",
        "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x83", "\xEF\xBB\xBF",            // white space, and U+FEFF
        "\xCC\x81", "\xCC\x96", "\xD9\x8E", "\xD9\x91", "\xD9\x93", "\xEF\xA6\x81", "\xE1\x85\xA1",  // NFC check
        "\x01", "\r", "\x7F", "\xC2\x85", "\xEF\xB7\x90", "\xEF\xBF\xBE",    // controls, noncharacters
        "\xFF", "\x80", "\xC0\xAF", "\xC1\xBF", "\xED\xA0\x80", "\xE0\x80\x80", "\xF4\x90\x80\x80", "\xC3", "\xE4\xB8"};
    constexpr std::size_t usual = 29;  // pieces before this one keep the text clean
    std::uint64_t seed = 21;
    auto next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(seed >> 33);
    };
    std::size_t wrong = 0;
    for (int round = 0; round < 100000; ++round) {
        std::string s(static_cast<std::size_t>(round % 16), 'q');
        const std::size_t count = next() % 30;
        const bool odd = next() % 4 == 0;  // one piece may be anything
        for (std::size_t k = 0; k < count; ++k)
            s += pieces[odd && next() % 20 == 0 ? next() % pieces.size() : next() % 20 < 14 ? next() % 11 : next() % usual];
        std::vector<std::size_t> nfc_a, spaced_a, nfc_b, spaced_b;
        const bool a = text::detail::clean_but_for_nfc(s, nfc_a, spaced_a);
        const bool b = text::detail::portable_clean_but_for_nfc(s, nfc_b, spaced_b);
        if ((a != b || (a && (nfc_a != nfc_b || spaced_a != spaced_b))) && wrong++ < 10) FAIL_CHECK("wrong answer for ", s);
    }
    CHECK(wrong == 0);
}

TEST_CASE("describe_lines: each line's skeleton, built as it is measured, is text::skeleton's") {
    using namespace readers::text_segmenter;
    // Each line four times over, past skeleton_line_bytes; one short line,
    // whose skeleton is left for later.
    std::string page = "By Anna Berg and John Doe, Reuters\n\n";
    for (const char* line :
         {"\xD8\xB3\xD9\x80\xD9\x80\xD9\x84\xD8\xA7\xD9\x85 \xD9\x85\xD9\x8E\xD8\xB1\xD9\x92 (tatweel, vowel marks)",
          "\xD7\xA9\xD7\x81\xD6\xB8\xD7\x9C\xD7\x95\xD7\x9D CAF\xC3\x89 e\xCC\x81 \xEF\xAC\x81ne \xEF\xBF\xBD \xCD\x85 \xE2\x85\xA0",
          "\xC4\xB0stanbul \xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91 Stra\xC3\x9F" "e \xC7\x85 \xE6\x9D\xB1\xE4\xBA\xAC 2025\xE5\xB9\xB4 \xF0\x9D\x90\x80",
          "An ASCII line long enough for eight bytes at a time: ABCDEFGH 12345678 abcdefgh, and so on."})
        for (int k = 0; k < 4; ++k) (page += line) += k < 3 ? ' ' : '\n';
    TextArena arena;
    std::vector<Line> lines = split_lines(page, arena);
    std::vector<text::SkeletonSum> sums;
    describe_lines(lines, arena, &sums);
    REQUIRE(sums.size() == lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(std::string(lines[i].text));
        if (lines[i].text.size() < readers::text_segmenter::skeleton_line_bytes) {
            CHECK(!sums[i].known);
            continue;
        }
        const text::SkeletonSum expected = text::sum_skeleton(text::skeleton(lines[i].text));
        // Bit-fields: compared as values (doctest takes operands by reference).
        CHECK(bool(sums[i].known));
        CHECK(std::uint64_t{sums[i].size} == std::uint64_t{expected.size});
        CHECK(std::uint64_t{sums[i].hash} == std::uint64_t{expected.hash});
    }
}

// A key split as cue_key builds it (`built`) is the key split afterwards
// (KeyWords::assign): its words, hashes, flags and edge characters.
static void check_split_as_after(const readers::text_segmenter::KeyWords& built, std::string_view key) {
    const readers::text_segmenter::KeyWords after(key);
    REQUIRE(built.words.size() == after.words.size());
    for (std::size_t i = 0; i < after.words.size(); ++i) {
        CHECK(built.words[i].start == after.words[i].start);
        CHECK(built.words[i].size == after.words[i].size);
        CHECK(built.words[i].hash == after.words[i].hash);
    }
    CHECK(built.hash == after.hash);
    CHECK(built.digit == after.digit);
    CHECK(built.zwnj == after.zwnj);
    CHECK(built.unspaced == after.unspaced);
    CHECK(built.first_char == after.first_char);
    CHECK(built.last_char == after.last_char);
    CHECK(built.first_char_hash == after.first_char_hash);
    CHECK(built.last_char_hash == after.last_char_hash);
}

TEST_CASE("cue keys split as they are built match keys split afterwards") {
    using readers::text_segmenter::KeyWords;
    const std::vector<std::string> lines = {
        "  • Share This:  ",
        "By Anna Berg and John Doe, Reuters",
        "اقرأ أيضًا: الخبر",
        "می\xE2\x80\x8Cشود ۱۴۰۲ خرداد",   // Persian with a zero-width non-joiner
        "東京 2025年1月13日 記者",
        "İstanbul ΣΟΦΙΑ Straße ǅ",
        "trailing punctuation !!! ...",
        "— 12:30 —",
        "mixed\xE2\x80\x8C",
        "\xD8\xB3\xD9\x80\xD9\x80\xD9\x84\xD8\xA7\xD9\x85 \xD9\x85\xD9\x8E\xD8\xB1\xD9\x92",  // tatweel, vowel marks
        "\xD7\xA9\xD7\x81\xD6\xB8\xD7\x9C\xD7\x95\xD7\x9D CAF\xC3\x89 e\xCC\x81 \xEF\xAC\x81ne \xEF\xBF\xBD",
        "",
    };
    for (const auto& line : lines) {
        CAPTURE(line);
        std::string buffer;
        KeyWords built;
        readers::text_segmenter::cue_key(line, buffer, built);
        const std::string key = readers::text_segmenter::cue_key(line);
        CHECK(built.key == key);
        check_split_as_after(built, key);
    }
}

// cue_key one character at a time, as the rules say (cues.hpp): white
// space collapsed, case folded, Arabic and Hebrew vowel marks and the
// tatweel dropped, characters that are neither letters nor digits removed
// from the ends. For valid UTF-8.
std::string cue_key_one_by_one(std::string_view s) {
    std::string key;
    std::size_t word_end = 0;
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = text::next_code_point(s, i);
        const auto f = text::char_flags(c);
        const bool white = c < 0x80 ? (c == ' ' || (c >= '\t' && c <= '\r')) : (f & text::flag_space) != 0;
        if (white) {
            space = !key.empty();
            continue;
        }
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
            (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 && c != 0x05C6))
            continue;
        const bool word = c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0 : (f & (text::flag_alnum | text::flag_mark)) != 0;
        if (key.empty() && !word) continue;
        if (space) key += ' ';
        space = false;
        text::append_utf8(key, (f & text::flag_folds) ? static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)) : c);
        if (word) word_end = key.size();
    }
    key.resize(word_end);
    return key;
}

TEST_CASE("cue keys built eight ASCII bytes at a time are the keys built one character at a time") {
    using readers::text_segmenter::KeyWords;
    const std::vector<std::string> pieces = {"a", "Z", "q", "M", "0", "9", "Hello", "WORLD", "abcdefgh", "ABCDEFGHIJ", "x1Y2z3",
                                             " ", "  ", "\t", "-", ".", ":", "_", "@", "[", "`", "{", "/",
                                             "\xC3\xA9", "\xC3\x89", "Stra\xC3\x9F" "e", "\xCE\xA3\xCE\x9F", "\xE6\x9D\xB1",
                                             "\xD8\xA7", "\xD9\x8E", "\xC4\xB0", "\xE2\x80\x8C", "\xE2\x80\x94", "\xC2\xA0"};
    RandomPieces random(11);
    std::string buffer;
    KeyWords built;
    for (int n = 0; n < 20000; ++n) {
        const std::string line = random.string(pieces, 27);
        CAPTURE(line);
        const std::string expected = cue_key_one_by_one(line);
        REQUIRE(readers::text_segmenter::cue_key(line) == expected);
        readers::text_segmenter::cue_key(line, buffer, built);
        REQUIRE(built.key == expected);
        check_split_as_after(built, expected);
    }
}

TEST_CASE("phrase_hash_padded, which reads past the bytes it hashes, is phrase_hash") {
    using readers::text_segmenter::phrase_hash;
    using readers::text_segmenter::phrase_hash_padded;
    // Every size over the eight-byte boundaries, at every alignment, with
    // other bytes after the hashed ones that the load must not count.
    std::string buffer(64, '\0');
    RandomPieces random(7);
    for (char& c : buffer) c = static_cast<char>(random.step() >> 24);
    for (std::size_t at = 0; at < 8; ++at)
        for (std::size_t size = 0; at + size + 8 <= buffer.size(); ++size) {
            CAPTURE(at);
            CAPTURE(size);
            CHECK(phrase_hash_padded(buffer.data() + at, size) == phrase_hash(std::string_view(buffer).substr(at, size)));
        }
}

// The overlap tokeniser as first written: every character decoded and its
// properties asked (the tokeniser looks characters of one or two bytes up
// in a table).
std::vector<std::string> overlap_tokens_one_by_one(std::string_view key) {
    std::vector<std::string> out;
    std::size_t word_start = SIZE_MAX, word_end = 0, graphemes = 0, prev_cjk = SIZE_MAX;
    auto flush = [&] {
        if (word_start != SIZE_MAX && graphemes >= 2) out.emplace_back(key.substr(word_start, word_end - word_start));
        word_start = SIZE_MAX;
    };
    for (std::size_t i = 0; i < key.size();) {
        const std::size_t at = i;
        const char32_t c = text::next_code_point(key, i);
        const bool cjk = (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
                         (c >= 0x0E00 && c <= 0x0EFF);
        if (cjk) {
            flush();
            if (prev_cjk != SIZE_MAX) out.emplace_back(key.substr(prev_cjk, i - prev_cjk));
            prev_cjk = at;
            continue;
        }
        prev_cjk = SIZE_MAX;
        const bool w = c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0
                                : u_isalnum(static_cast<UChar32>(c)) || u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK;
        if (!w) {
            flush();
            continue;
        }
        if (word_start == SIZE_MAX) {
            word_start = at;
            graphemes = 0;
        }
        graphemes += c < 0x300 || !text::has(c, text::flag_extends);
        word_end = i;
    }
    flush();
    return out;
}

TEST_CASE("overlap tokens: the table-driven tokeniser finds what one asking every character's properties does") {
    using namespace readers::text_segmenter;
    auto tokens = [](std::string_view key) {
        std::vector<std::string> out;
        for_each_overlap_token(key, [&](std::string_view t) { out.emplace_back(t); });
        return out;
    };
    std::vector<std::string> texts = {
        "Harbor towns weigh the cost of a longer ferry season",
        "  • Share This:  ",
        "\xE2\x84\xAA" "elvin \xE2\x84\xAB ngstr\xC3\xB6m STRASSE \xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91\xCF\x82",
        "\xE3\x83\xBB\xE6\x97\xA5\xE6\x9C\xAC\xE3\x83\xBB",  // katakana middle dot (not a word character) around 日本
        "\xE6\x97\xA5\xE3\x83\xBB\xE6\x9C\xAC \xE6\x9D\xB1 \xE4\xBA\xAC\xE9\x83\xBD\xE3\x83\xBB\xE3\x83\xBB",
        "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 \xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A",  // Thai
        "\xD8\xB3\xD9\x80\xD9\x80\xD9\x84\xD8\xA7\xD9\x85 \xD9\x85\xD9\x8E\xD8\xB1\xD9\x92 \xD9\x8E\xD9\x8E",  // tatweel, vowel marks
        "\xD7\xA9\xD7\x81\xD6\xB8\xD7\x9C\xD7\x95\xD7\x9D CAF\xC3\x89 e\xCC\x81 \xEF\xAC\x81ne \xEF\xBF\xBD",
        "\xE0\xA4\x95\xE0\xA4\xBF\xE0\xA4\xA4\xE0\xA4\xBE\xE0\xA4\xAC \xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80",  // Devanagari, spacing marks
        "\xCC\x81\xCC\x81" "a \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 \xE1\x8E\xA0\xE1\x8F\xB8 \xF0\x90\x90\x80\xF0\x90\x90\x81",  // marks first, fullwidth, Cherokee, Deseret
        "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB4\xD9\x88\xD8\xAF  -- \xE2\x80\x94 ... (x)",
        "\xE6\x97\xA5\xD9\x8E\xE6\x9C\xAC",  // a mark between two CJK characters
        "ill-formed \xC3 \xE6\x97 \xF0\x90 \xC0\xAF \xED\xA0\x80 end\xC3",
        "",
        "---",
    };
    // Every line of the samples, and strings drawn from characters whose
    // key or tokens are special cases.
    for (const auto& entry : std::filesystem::directory_iterator(SCRAPEDOC_SOURCE_DIR "/samples")) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path());
        for (std::string line; std::getline(in, line);) texts.push_back(line);
    }
    const std::vector<std::string> pieces = {
        "a", "Z", "9", " ", "\t", "-", ".", "\xE2\x84\xAA", "\xC3\x89", "\xCE\xA3", "\xCF\x82", "\xE3\x83\xBB",
        "\xE6\x97\xA5", "\xE3\x81\x82", "\xE0\xB8\xAA", "\xE0\xB8\xB1", "\xD8\xB3", "\xD9\x80", "\xD9\x8E",
        "\xD7\xA9", "\xD6\xB8", "\xCC\x81", "\xE0\xA4\xBF", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xEF\xBF\xBD",
        "\xEF\xBC\xA1", "\xF0\x90\x90\x80", "\xE3\x80\x80", "\xC2\xA0", "\xE1\x8E\xA0", "\xEF\xA4\x80", "!"};
    RandomPieces random(12345);
    for (int n = 0; n < 20000; ++n) texts.push_back(random.string(pieces, 28));
    // Each as it is (a key can hold any character) and as its cue key.
    std::size_t differ = 0;
    for (const auto& text : texts)
        for (const std::string& key : {text, cue_key(text)})
            if (tokens(key) != overlap_tokens_one_by_one(key) && differ++ < 5) {
                CAPTURE(key);
                CHECK(tokens(key) == overlap_tokens_one_by_one(key));
            }
    CHECK(differ == 0);
}

TEST_CASE("the JSON writer streams the bytes it returns") {
    Document d;
    d.meta.title = "A title";
    d.meta.source = {"page.txt", "text", std::string(64, 'a')};
    for (int i = 0; i < 5000; ++i) {
        d.blocks.push_back(Paragraph{"Paragraph " + std::to_string(i) + " with \"quotes\" and \\ slashes."});
        d.dropped.push_back({"Dropped line " + std::to_string(i), "navigation", static_cast<std::size_t>(i + 1)});
    }
    std::string streamed;
    std::size_t pieces = 0;
    writers::stream_json(d, {}, [&](std::string_view piece) {
        streamed += piece;
        ++pieces;
    });
    CHECK(streamed == writers::write_json(d, {}));
    CHECK(pieces > 1);  // in pieces, not whole
}

TEST_CASE("is_collapsed tells, eight bytes at a time, whether collapse_whitespace changes a text") {
    // Pieces that matter to it, strung together in every order the seed gives.
    const std::vector<std::string> pieces = {"a", "word", " ", "  ", "\t", "\n", "\r", "\v", "\xC2\xA0", "\xC2\xA9",
                                             "\xE3\x80\x80", "\xE3\x81\x82", "\xE2\x80\x99", "\xE2\x80\x83",
                                             "\xEF\xBB\xBF", "\xEF\xBC\x9A", "\xE1\x9A\x80", "\xD8\xB9", "1234567"};
    std::uint64_t seed = 12345;
    auto next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(seed >> 33);
    };
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const std::size_t count = next() % 24;
        for (std::size_t k = 0; k < count; ++k) s += pieces[next() % pieces.size()];
        CAPTURE(s);
        CHECK(text::is_collapsed(s) == (text::collapse_whitespace(s) == s));
    }
}

namespace {

// Well-formed UTF-8 a byte at a time, by the table of well-formed byte
// sequences in the Unicode Standard (3.9, table 3-7).
bool plain_valid_utf8(std::string_view s) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = byte(i);
        std::size_t length = 1;
        unsigned char low = 0x80, high = 0xBF;  // the second byte's range
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        } else {
            return false;
        }
        if (i + length > s.size() || byte(i + 1) < low || byte(i + 1) > high) return false;
        for (std::size_t k = 2; k < length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
        i += length;
    }
    return true;
}

bool plain_without_controls(std::string_view s) {
    return plain_valid_utf8(s) && std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

}  // namespace

TEST_CASE("valid_utf8 and valid_utf8_without_controls, sixteen bytes at a time and eight (portable), answer as a byte-at-a-time check") {
    // Well-formed pieces at the edges of each form, ill-formed ones
    // (overlong, surrogate, beyond U+10FFFF, stray, cut short) and every
    // control, strung together in every order the seed gives, so that each
    // falls at every offset of a block of sixteen and across its end.
    std::vector<std::string> pieces = {
        "a", "word ", "0123456789abcdef", "\x7F", "\xC2\x80", "\xDF\xBF", "\xD0\xB6", "\xE0\xA0\x80", "\xE4\xB8\xAD",
        "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF3\xBF\xBF\xBF", "\xF4\x8F\xBF\xBF",
        "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF",
        "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8", "\xFF", "\xC3",
        "\xE4\xB8", "\xF0\x9F\x98", "\xD0\xB6\xB6"};
    for (int c = 0; c < 0x20; ++c) pieces.emplace_back(1, static_cast<char>(c));
    std::uint64_t seed = 2024;
    auto next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(seed >> 33);
    };
    std::size_t wrong = 0;
    // The checks in use (SSE2 where there is SSE2) and the portable ones.
    auto agrees = [](std::string_view s) {
        const bool valid = plain_valid_utf8(s), clean = plain_without_controls(s);
        return text::valid_utf8(s) == valid && text::valid_utf8_without_controls(s) == clean &&
               text::detail::portable_valid_utf8(s) == valid && text::detail::portable_valid_utf8_without_controls(s) == clean;
    };
    for (int round = 0; round < 200000; ++round) {
        // Mostly well-formed text without controls, so that the fast path
        // is taken and the rare piece lands anywhere in it.
        std::string s;
        const std::size_t count = next() % 40;
        const std::size_t odd = next() % 4;  // how many pieces may be ill-formed or controls
        for (std::size_t k = 0; k < count; ++k)
            s += pieces[next() % 20 < odd ? next() % pieces.size() : next() % 15];
        if (!agrees(s) && wrong++ < 10) FAIL_CHECK("wrong answer for ", s);
    }
    // Every byte value at every offset of well-formed texts of every length
    // up to 48.
    const std::string base = "ab\xD0\xB6\xE4\xB8\xAD" "cd\xF0\x9F\x98\x80" "efgh\xC3\xA9ijklmn\xE2\x80\x99opqrstuvwxyz0123456789ABCDEF";
    for (std::size_t length = 0; length <= 48; ++length)
        for (std::size_t at = 0; at < length; ++at)
            for (int b = 0; b < 256; ++b) {
                std::string s = base.substr(0, length);
                s[at] = static_cast<char>(b);
                if (!agrees(s) && wrong++ < 10) FAIL_CHECK("wrong answer for ", s);
            }
    CHECK(wrong == 0);
}

TEST_CASE("measure's characters beyond ASCII: those looked up decode as next_code_point and answer as char_measure") {
    using namespace readers::text_segmenter;
    // Every sequence of a lead byte and one or two more (every well-formed
    // character of two and three bytes, and the overlong, surrogate,
    // truncated and broken ones around them), then every four-byte
    // character; twice, as remembered answers are read the second time.
    std::vector<std::string> inputs;
    for (unsigned b0 = 0x80; b0 < 0x100; ++b0)
        for (unsigned b1 = 0; b1 < 0x100; ++b1) {
            const std::string two{static_cast<char>(b0), static_cast<char>(b1)};
            inputs.push_back(two);
            if (b0 < 0xE0 || b0 >= 0xF0) continue;
            for (unsigned b2 : {0x00u, 0x41u, 0x80u, 0x81u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u}) inputs.push_back(two + char(b2));
            if ((b1 & 0xC0) == 0x80)
                for (unsigned b2 = 0x80; b2 < 0xC0; ++b2) inputs.push_back(two + char(b2) + 'x');
        }
    for (char32_t c = 0x10000; c <= text::max_code_point; ++c) {
        std::string s;
        text::append_utf8(s, c);
        inputs.push_back(s);
    }
    std::size_t wrong = 0;
    for (int pass = 0; pass < 2; ++pass)
        for (const std::string& s : inputs) {
            std::size_t i = 0, j = 0;
            char32_t c = 0;
            const std::uint64_t m = next_char_measure(s, i, c);
            const char32_t expected = text::next_code_point(s, j);
            if ((c != expected || i != j || m != char_measure(expected)) && wrong++ < 5) {
                CAPTURE(s);
                CHECK(c == expected);
                CHECK(i == j);
                CHECK(m == char_measure(expected));
            }
        }
    CHECK(wrong == 0);
}

TEST_CASE("describe_lines counts what char_measure says of each character, one at a time, and makes the skeleton") {
    using namespace readers::text_segmenter;
    const std::vector<std::string> pieces = {
        "a", "Z", "9", " ", ".", ",", ";", ":", "\"", ")", "!", "abcdefgh", "ABCDEFGH", "\xC3\xA9", "\xC3\x89",
        "\xCE\xA3", "\xCF\x82", "\xD0\x96", "\xD8\xB3", "\xD9\x8E", "\xD8\x9F", "\xD8\x8C", "\xD7\xA9", "\xD6\xB8",
        "\xCC\x81", "\xC2\xA9", "\xC2\xB7", "\xC2\xBB", "\xC5\xBF", "\xC8\xBA", "\xE0\xA4\x95", "\xE0\xA4\xBF",
        "\xE0\xA5\xA4", "\xE0\xB8\xAA", "\xE0\xB8\xB1", "\xE2\x80\x94", "\xE2\x80\x9D", "\xE2\x80\xA6", "\xE2\x80\x8C",
        "\xE3\x80\x82", "\xE3\x80\x81", "\xE3\x81\x82", "\xE6\x97\xA5", "\xEA\xB0\x80", "\xEF\xBC\x9A", "\xEF\xBC\x8C",
        "\xEF\xBC\xA1", "\xEF\xBF\xBD", "\xF0\x9F\x98\x80", "\xF0\xA0\x80\x80", "\xF0\x90\x90\x80"};
    RandomPieces random(4242);
    std::string page;
    std::vector<std::string> texts;
    for (int n = 0; n < 20000; ++n) {
        const std::string t = text::collapse_whitespace(random.string(pieces, 26, 1));
        if (t.empty()) continue;
        texts.push_back(t);
        (page += t) += '\n';
    }
    // Runs longer than measure() adds up at once, and ill-formed bytes
    // inside and at the end (where the last significant character is
    // looked for).
    for (const std::string& piece : pieces)
        for (std::size_t times : {1, 59, 60, 61, 130, 400}) {
            std::string t;
            for (std::size_t k = 0; k < times; ++k) t += piece;
            for (std::string_view ill : {"\xFF", "\xE6\x97", "\x97", ".\x97\x97", "\xE6\x97\xA5\x97\"", "\xE6"}) {
                for (const std::string& line : {t + std::string(ill) + t, t + std::string(ill)}) {
                    texts.push_back(text::collapse_whitespace(line));
                    (page += texts.back()) += '\n';
                }
            }
        }
    TextArena arena;
    std::vector<Line> lines = split_lines(page, arena);
    std::vector<text::SkeletonSum> sums;
    describe_lines(lines, arena, &sums);
    REQUIRE(lines.size() == texts.size());
    std::size_t differ = 0;
    // Each line counted one character at a time, ASCII too (char_measure
    // answers for it as for the rest, but for signs, which no field shows).
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& t = texts[n];
        std::size_t words = 0, graphemes = 0, half_weight = 0, upper = 0, lower = 0, marks = 0, commas = 0;
        char32_t last = 0;
        std::uint64_t last_measure = 0;
        bool in_word = false;
        for (std::size_t i = 0; i < t.size();) {
            const char32_t c = text::next_code_point(t, i);
            if (c == ' ') {
                in_word = false;
                continue;
            }
            words += !in_word;
            in_word = true;
            const std::uint64_t m = char_measure(c);
            graphemes += (m & measure_grapheme) != 0;
            half_weight += (m >> measure_weight_shift) & 7;
            upper += (m & measure_upper) != 0;
            lower += (m & measure_lower) != 0;
            marks += (m & measure_sentence_end) != 0;
            commas += (m & measure_comma) != 0;
            if (m & measure_significant) {
                last = c;
                last_measure = m;
            }
        }
        const Line& l = lines[n];
        const text::SkeletonSum skeleton = text::sum_skeleton(text::skeleton(t));
        const bool same_skeleton = t.size() < skeleton_line_bytes ||
                                   (sums[n].size == skeleton.size && sums[n].hash == skeleton.hash);
        const bool same = same_skeleton && l.words == words && l.graphemes == graphemes && l.half_weight == half_weight &&
                          l.sentence_marks == std::min<std::size_t>(marks, 255) &&
                          l.commas == std::min<std::size_t>(commas, 255) &&
                          l.terminal == ((last_measure & measure_sentence_end) != 0) &&
                          l.ends_with_colon == (last == ':' || last == U'：') &&
                          l.upper == (upper >= 4 && lower * 10 <= upper);
        if (!same && differ++ < 5) {
            CAPTURE(t);
            CHECK(l.words == words);
            CHECK(l.graphemes == graphemes);
            CHECK(l.half_weight == half_weight);
            CHECK(std::size_t{l.sentence_marks} == std::min<std::size_t>(marks, 255));
            CHECK(std::size_t{l.commas} == std::min<std::size_t>(commas, 255));
            CHECK(bool(l.terminal) == ((last_measure & measure_sentence_end) != 0));
            CHECK(bool(l.ends_with_colon) == (last == ':' || last == U'：'));
            CHECK(bool(l.upper) == (upper >= 4 && lower * 10 <= upper));
            CHECK(same_skeleton);
        }
    }
    CHECK(differ == 0);
}

// Whether a cue list's "~" phrase is in a key, one phrase and one place at a
// time: where the phrase starts, the character before is no word character
// (or the phrase starts in a script without spaces); where it ends, the
// character after is none (or the phrase ends in such a script).
bool contains_one_by_one(const readers::text_segmenter::CueList& list, std::string_view key) {
    const auto unspaced = [](char32_t c) { return c >= 0x0E00 && text::has(c, text::flag_unspaced); };
    for (const auto& [mode, phrase] : list.phrases()) {
        if (mode != '~') continue;
        std::size_t i = 0;
        const char32_t first = text::next_code_point(phrase, i);
        std::size_t j = phrase.size();
        while ((static_cast<unsigned char>(phrase[j - 1]) & 0xC0) == 0x80) --j;
        std::size_t k = j - 1;
        const char32_t last = text::next_code_point(phrase, k);
        for (std::size_t at = key.find(phrase); at != std::string_view::npos; at = key.find(phrase, at + 1)) {
            bool left = at == 0 || unspaced(first);
            if (!left) {
                std::size_t b = at - 1;
                while ((static_cast<unsigned char>(key[b]) & 0xC0) == 0x80) --b;
                left = !text::is_word_char(text::next_code_point(key, b));
            }
            std::size_t end = at + phrase.size();
            const bool right = end == key.size() || unspaced(last) || !text::is_word_char(text::next_code_point(key, end));
            if (left && right) return true;
        }
    }
    return false;
}

TEST_CASE("phrases in scripts without spaces, looked for eight bytes at a time, are found where they are") {
    using readers::text_segmenter::cue_list;
    std::vector<std::string> pieces = {"a", "x1", " ", "  ", "-", "\xC3\xA9", "\xE6\x9D\xB1", "\xE3\x81\xAE", "\xE3\x80\x82",
                                       "\xE0\xB8\x81", "\xF0\x9F\x98\x80", "\xF0\xA0\x80\x80", "\xED\x95\x9C"};
    const char* const names[] = {"cookie-banner", "copyright", "footer", "subscription"};
    for (const char* name : names)
        for (const auto& [mode, phrase] : cue_list(name).phrases()) {
            if (mode != '~' || static_cast<unsigned char>(phrase[0]) < 0xE0) continue;
            pieces.push_back(phrase);
            std::size_t cut = phrase.size() - 1;  // the phrase without its last character
            while ((static_cast<unsigned char>(phrase[cut]) & 0xC0) == 0x80) --cut;
            pieces.push_back(phrase.substr(0, cut));
        }
    REQUIRE(pieces.size() > 20);
    RandomPieces random(5);
    std::size_t found = 0;
    for (int n = 0; n < 20000; ++n) {
        const std::string key = readers::text_segmenter::cue_key(random.string(pieces, 28));
        CAPTURE(key);
        for (const char* name : names) {
            const bool expected = contains_one_by_one(cue_list(name), key);
            REQUIRE(cue_list(name).contains(key) == expected);
            found += expected;
        }
    }
    CHECK(found > 1000);
}

TEST_CASE("a cue list matches a key as its whole, prefix, suffix and inside look-ups do, kinds it has none of skipped") {
    using readers::text_segmenter::CueList;
    using readers::text_segmenter::KeyWords;
    using readers::text_segmenter::cue_key;
    using readers::text_segmenter::cue_list;
    // Lists with phrases of every kind, and of one or two kinds only.
    const char* const names[] = {"credit",  "credit-label", "agency", "byline", "byline-suffix", "comments",
                                 "footer",  "cookie-banner", "copyright", "share-widget", "subscription", "navigation"};
    std::vector<std::string> keys = {"", "x", "photo", "the ferry returns", "\xE6\x9D\xB1\xE4\xBA\xAC"};
    for (const char* name : names)
        for (const auto& [mode, phrase] : cue_list(name).phrases()) {
            keys.push_back(phrase);
            keys.push_back(cue_key("Word " + phrase));
            keys.push_back(cue_key(phrase + " word"));
            keys.push_back(cue_key("a " + phrase + " b"));
        }
    std::size_t found = 0;
    for (const std::string& key : keys) {
        const KeyWords split(key);
        for (const char* name : names) {
            CAPTURE(key);
            CAPTURE(name);
            const CueList& list = cue_list(name);
            const bool expected = !key.empty() && (list.whole(key) || list.prefix_length(split) > 0 ||
                                                   list.suffix_length(split) > 0 || list.contains(key));
            REQUIRE(list.matches(split) == expected);
            found += expected;
        }
    }
    CHECK(found > 1000);
}

TEST_CASE("the last sentence end of a caption, looked for eight bytes at a time from the end, is the last one") {
    using namespace readers::text_segmenter::detail;
    const std::vector<std::string> pieces = {"a",  "Word", " ",  ". ", ".",  "! ", "? ", "\xD8\x9F ", "\xD8\x9F", "\xD8",
                                             "\xE3\x80\x82", "\xE3\x80", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xEF\xBC\x9A",
                                             "\xE6\x9D\xB1", ":", "  "};
    RandomPieces random(13);
    std::size_t found = 0;
    for (int n = 0; n < 20000; ++n) {
        const std::string s = random.string(pieces, 27, 0, [&](std::uint32_t r) {
            const std::size_t pick = (r >> 16) % (3 * pieces.size());
            return pick < pieces.size() ? pick : pick % 2;  // mostly words and spaces
        });
        CAPTURE(s);
        std::size_t expected = std::string_view::npos;
        for (std::size_t i = s.size(); i-- > 0 && expected == std::string_view::npos;) expected = sentence_end_at(s, i);
        REQUIRE(after_last_sentence(s) == expected);
        found += expected != std::string_view::npos;
    }
    CHECK(found > 1000);
    CHECK(found < 19000);
}
