#include "text/unicode.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "data/embedded.hpp"
#include "text/props.hpp"
#include "text/swar.hpp"

namespace scrapedoc::text {

char32_t detail::next_code_point_slow(std::string_view s, std::size_t& i) {
    UChar32 cp = 0;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), cp);
    i = static_cast<std::size_t>(pos);
    return cp < 0 ? U'\uFFFD' : static_cast<char32_t>(cp);
}

void detail::append_utf8_slow(std::string& out, char32_t c) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), err);
    if (err) {
        out += "\xEF\xBF\xBD";
        return;
    }
    out.append(buf, static_cast<std::size_t>(len));
}

bool is_space(char32_t c) {
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    return has(c, flag_space);
}

namespace {

using swar::bytes_equal;
using swar::highs;
using swar::lows;
using swar::ones;

// 0x80 in every byte of w that is ASCII white space but the space itself
// (tab to CR): (b & 0x7F) + 0x77 carries into the top bit from 0x09 up,
// + 0x72 from 0x0E up.
inline uint64_t tab_to_cr(uint64_t w) {
    const uint64_t low7 = w & lows;
    return ((low7 + ones * 0x77) & ~(low7 + ones * 0x72)) & ~w & highs;
}

}  // namespace

std::string collapse_whitespace(std::string_view s) {
    // Written through a pointer: the text only shrinks. A run of white
    // space becomes one space as it is met, unless it opens the text or a
    // space was just written; one left at the end is taken back.
    std::string out;
    out.resize(s.size());
    char* const base = out.data();
    char* q = base;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes without other white space and without two
        // spaces in a row (nor one after a space written or at the start)
        // are copied as they are.
        if (std::endian::native == std::endian::little && i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            const uint64_t spaces = bytes_equal(w, ' ');
            const uint64_t before = (q == base || q[-1] == ' ') ? 0x80 : 0;  // the byte before is "a space"
            if (((w & highs) | tab_to_cr(w)) == 0 && (spaces & ((spaces << 8) | before)) == 0) {
                std::memcpy(q, &w, 8);
                q += 8;
                i += 8;
                continue;
            }
        }
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            if (b == ' ' || (b >= '\t' && b <= '\r')) {
                if (q != base && q[-1] != ' ') *q++ = ' ';
            } else {
                *q++ = static_cast<char>(b);
            }
            continue;
        }
        const std::size_t start = i;
        if (is_space(next_code_point(s, i))) {
            if (q != base && q[-1] != ' ') *q++ = ' ';
            continue;
        }
        // Copied as it was read, well-formed or not (q is never ahead of
        // start, so four bytes fit when four can be read).
        if (start + 4 <= n) {
            std::memcpy(q, p + start, 4);
            q += i - start;
        } else {
            for (std::size_t k = start; k < i; ++k) *q++ = static_cast<char>(p[k]);
        }
    }
    if (q != base && q[-1] == ' ') --q;
    out.resize(static_cast<std::size_t>(q - base));
    return out;
}

bool is_collapsed(std::string_view s) {
    if (s.empty()) return true;
    if (s.front() == ' ' || s.back() == ' ') return false;
    // Eight bytes at a time, looking for what can make a difference: two
    // spaces in a row, ASCII white space (tab to CR), and the lead bytes of
    // the non-ASCII white space: U+0085 U+00A0 (C2), U+1680 (E1),
    // U+2000-U+205F (E2), U+3000 (E3), U+FEFF (EF). A lead byte is a
    // suspect only: the character it starts is asked about.
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    uint64_t prev_space = 0;  // 0x80 when the byte before the chunk is a space
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        const uint64_t spaces = bytes_equal(w, ' ');
        // Little-endian: the byte before byte k is byte k-1, one byte lower.
        if ((spaces & ((spaces << 8) | prev_space)) | tab_to_cr(w)) return false;
        prev_space = spaces >> 56;
        if (w & highs) {
            uint64_t leads = bytes_equal(w, 0xC2) | bytes_equal(w, 0xE1) | bytes_equal(w, 0xE2) | bytes_equal(w, 0xE3) |
                             bytes_equal(w, 0xEF);
            while (leads) {
                std::size_t j = i + static_cast<std::size_t>(std::countr_zero(leads)) / 8;
                if (is_space(next_code_point(s, j))) return false;
                leads &= leads - 1;
            }
        }
    }
    for (; i < n; ++i) {
        const unsigned char b = p[i];
        if (b == ' ') {
            if (p[i - 1] == ' ') return false;  // i > 0: s does not start with a space
        } else if (b >= '\t' && b <= '\r') {
            return false;
        } else if (b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF) {
            std::size_t j = i;
            if (is_space(next_code_point(s, j))) return false;
        }
    }
    return true;
}

namespace {

bool extends_grapheme(char32_t c) { return c >= 0x300 && has(c, flag_extends); }

}  // namespace

std::size_t grapheme_length(std::string_view s) {
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            ++n;
            continue;
        }
        if (!extends_grapheme(next_code_point(s, i))) ++n;
    }
    return n;
}

std::string truncate_graphemes(std::string_view s, std::size_t n) {
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
        utext_close(ut);
        return std::string(s);
    }
    it->setText(ut, status);
    std::size_t count = 0;
    int32_t pos = it->first();
    std::string out(s);
    while (pos != icu::BreakIterator::DONE) {
        if (count == n) {
            if (static_cast<std::size_t>(pos) < s.size()) out = std::string(s.substr(0, static_cast<std::size_t>(pos))) + "…";
            break;
        }
        pos = it->next();
        ++count;
    }
    utext_close(ut);
    return out;
}

namespace {

// ASCII letters among eight ASCII bytes (every high bit clear): case
// folded by setting 0x20, a byte is a letter when it lies in 'a'..'z'.
// No byte carries into the next (0x7F + 0x1F < 0x100).
inline unsigned ascii_letters_in(uint64_t w) {
    const uint64_t x = w | (ones * 0x20);
    const uint64_t from_a = (x + ones * (0x80 - 'a')) & highs;
    const uint64_t past_z = (x + ones * (0x80 - 'z' - 1)) & highs;
    // One bit (0x80) per letter; the multiplication sums the bytes into the top one.
    return static_cast<unsigned>((((from_a & ~past_z) >> 7) * ones) >> 56);
}

bool is_ascii_letter(unsigned char b) { return static_cast<unsigned>((b | 0x20) - 'a') < 26; }

// Walks s: counts its ASCII letters, eight bytes at a time where a word is
// all ASCII, and hands every character outside ASCII to `other` with its
// flags. Returns the ASCII letters.
template <class Other>
std::size_t scan_letters(std::string_view s, Other&& other) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t ascii = 0;
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & highs) == 0) {
                ascii += ascii_letters_in(w);
                i += 8;
                continue;
            }
        }
        if (p[i] < 0x80) {
            ascii += is_ascii_letter(p[i]);
            ++i;
            continue;
        }
        const char32_t c = next_code_point(s, i);
        other(c, char_flags(c));
    }
    return ascii;
}

// Strong characters of s for direction_of: ASCII letters are left-to-right.
void count_direction(std::string_view s, std::size_t& ltr, std::size_t& rtl) {
    ltr += scan_letters(s, [&](char32_t, auto f) {
        if (f & flag_rtl) ++rtl;
        else if (f & flag_ltr) ++ltr;
    });
}

}  // namespace

Direction direction_of(std::string_view s) {
    std::size_t ltr = 0, rtl = 0;
    count_direction(s, ltr, rtl);
    return rtl > ltr ? Direction::rtl : Direction::ltr;
}

namespace {

// data/lang/words.txt: "lang: word word ..." lines of frequent short words for
// languages that share a script; data/lang/letters.txt: "lang: letters" that
// tell a language apart within its script.
// Frequent words in one open-addressing table, each with the indexes of
// the languages it is frequent in: a look-up per word of a page, no
// strings built or hashed twice.
class WordTable {
public:
    static std::uint64_t hash(std::string_view w) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (unsigned char c : w) h = (h ^ c) * 0x100000001b3ULL;
        return h ^ (h >> 29);
    }
    std::vector<std::uint16_t>& operator[](std::string_view w) {
        if (auto* found = find(w)) return *found;
        if ((entries_.size() + 1) * 2 > slots_.size()) grow();
        entries_.push_back({std::string(w), hash(w), {}});
        place(entries_.size() - 1);
        return entries_.back().langs;
    }
    std::vector<std::uint16_t>* find(std::string_view w) {
        return const_cast<std::vector<std::uint16_t>*>(static_cast<const WordTable*>(this)->find(w));
    }
    const std::vector<std::uint16_t>* find(std::string_view w) const {
        if (entries_.empty()) return nullptr;
        const std::uint64_t h = hash(w);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t pos = h & mask; slots_[pos]; pos = (pos + 1) & mask) {
            const Entry& e = entries_[slots_[pos] - 1];
            if (e.hash == h && e.word == w) return &e.langs;
        }
        return nullptr;
    }

private:
    struct Entry {
        std::string word;
        std::uint64_t hash;
        std::vector<std::uint16_t> langs;
    };
    void place(std::size_t k) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t pos = entries_[k].hash & mask;
        while (slots_[pos]) pos = (pos + 1) & mask;
        slots_[pos] = static_cast<std::uint32_t>(k + 1);
    }
    void grow() {
        slots_.assign(std::max<std::size_t>(256, slots_.size() * 2), 0);
        for (std::size_t k = 0; k < entries_.size(); ++k) place(k);
    }
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> slots_;  // entry index + 1; 0 is free
};

struct LanguageData {
    WordTable word_langs;                                         // word -> indexes into word_lang_names
    std::size_t longest_word = 0;                                 // in bytes
    // The characters outside ASCII the frequent words are written with (all
    // below U+2000): a word with any other one is none of them.
    std::bitset<0x2000> word_chars;
    std::vector<std::string> word_lang_names;
    std::vector<std::pair<std::string, std::u32string>> letters;  // lang -> letters
    // The letters outside ASCII that some list names, each with a counter
    // index: only those are counted in a page.
    std::vector<char32_t> counted;       // sorted
    std::vector<std::uint16_t> bmp_slot;  // code point below U+10000 -> index in `counted` + 1, 0 if none

    // The counter of a letter, or -1 when no list names it.
    int slot(char32_t c) const {
        if (c < 0x10000) return static_cast<int>(bmp_slot[c]) - 1;
        auto it = std::lower_bound(counted.begin(), counted.end(), c);
        return it != counted.end() && *it == c ? static_cast<int>(it - counted.begin()) : -1;
    }
};

void parse_lang_lines(std::string_view content,
                      const std::function<void(std::string_view, std::string_view)>& each) {
    data::for_each_line(content, [&](std::string_view line) {
        if (line.empty() || line[0] == '#') return;
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        each(line.substr(0, colon), line.substr(colon + 1));
    });
}

const LanguageData& language_data() {
    static const LanguageData data = [] {
        LanguageData d;
        parse_lang_lines(data::embedded_file("lang/words.txt"), [&](std::string_view lang, std::string_view rest) {
            auto known = std::find(d.word_lang_names.begin(), d.word_lang_names.end(), lang);
            const auto index = static_cast<std::uint16_t>(known - d.word_lang_names.begin());
            if (known == d.word_lang_names.end()) d.word_lang_names.emplace_back(lang);
            std::size_t i = 0;
            while (i < rest.size()) {
                while (i < rest.size() && rest[i] == ' ') ++i;
                std::size_t j = rest.find(' ', i);
                if (j == std::string_view::npos) j = rest.size();
                if (j > i) {
                    std::string_view word = rest.substr(i, j - i);
                    d.word_langs[word].push_back(index);
                    d.longest_word = std::max(d.longest_word, word.size());
                    for (std::size_t k = 0; k < word.size();)
                        if (const char32_t c = next_code_point(word, k); c >= 0x80 && c < d.word_chars.size())
                            d.word_chars.set(c);
                        else if (c >= 0x80)
                            throw std::logic_error("lang/words.txt: a character past U+1FFF");
                }
                i = j;
            }
        });
        parse_lang_lines(data::embedded_file("lang/letters.txt"), [&](std::string_view lang, std::string_view rest) {
            std::u32string letters;
            std::size_t i = 0;
            while (i < rest.size()) {
                char32_t c = next_code_point(rest, i);
                if (!is_space(c)) letters += c;
            }
            d.letters.emplace_back(std::string(lang), letters);
        });
        for (const auto& entry : d.letters)
            for (char32_t c : entry.second)
                if (c >= 0x80) d.counted.push_back(c);
        std::sort(d.counted.begin(), d.counted.end());
        d.counted.erase(std::unique(d.counted.begin(), d.counted.end()), d.counted.end());
        d.bmp_slot.assign(0x10000, 0);
        for (std::size_t k = 0; k < d.counted.size(); ++k)
            if (d.counted[k] < 0x10000) d.bmp_slot[d.counted[k]] = static_cast<std::uint16_t>(k + 1);
        return d;
    }();
    return data;
}

// Language among those sharing `script_lang`'s script, from distinctive letters;
// empty when no letter list of that script matches.
std::string by_letters(const std::vector<std::size_t>& counts, std::string_view script) {
    const auto& d = language_data();
    std::string best;
    std::size_t best_n = 0;
    for (const auto& [lang, letters] : d.letters) {
        // Entries are "script/lang", e.g. "Arab/fa".
        if (lang.compare(0, script.size(), script) != 0 || lang.size() <= script.size() || lang[script.size()] != '/')
            continue;
        std::size_t n = 0;
        for (char32_t c : letters) {
            const int k = c >= 0x80 ? d.slot(c) : -1;  // ASCII letters are never counted
            if (k >= 0) n += counts[static_cast<std::size_t>(k)];
        }
        if (n > best_n) {
            best_n = n;
            best = lang.substr(script.size() + 1);
        }
    }
    return best;
}

}  // namespace

namespace {

// Script codes of letters, remembered per call: the letters of a page come
// from a few hundred code points at most.
class ScriptCache {
public:
    UScriptCode operator()(char32_t c) {
        Slot& slot = slots_[c % slots_.size()];
        if (slot.c != c || !slot.known) {
            UErrorCode status = U_ZERO_ERROR;
            UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &status);
            slot = {c, U_SUCCESS(status) ? sc : USCRIPT_INVALID_CODE, true};
        }
        return slot.script;
    }

private:
    struct Slot {
        char32_t c = 0;
        UScriptCode script = USCRIPT_INVALID_CODE;
        bool known = false;
    };
    std::array<Slot, 1024> slots_{};
};

// Lower-case forms of letters outside ASCII (u_tolower), remembered per
// call like their scripts.
class LowerCache {
public:
    char32_t operator()(char32_t c) {
        Slot& slot = slots_[c % slots_.size()];
        if (slot.c != c) slot = {c, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)))};
        return slot.lower;
    }

private:
    struct Slot {
        char32_t c = 0;  // never asked: ASCII is lowered apart
        char32_t lower = 0;
    };
    std::array<Slot, 512> slots_{};
};

// Hands `f` every run of letters of s (u_isalpha) in lower case, except
// runs that cannot be a frequent word: longer than `longest` bytes, or with
// a character no frequent word has. Those are neither stored nor looked up.
template <class F>
void for_each_lower_word(std::string_view s, const LanguageData& d, F&& f) {
    const std::size_t longest = d.longest_word;
    const std::size_t cannot_match = longest + 1;
    std::string word(longest, '\0');
    std::size_t len = 0;  // of the run, stored or not
    LowerCache lower;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    auto end_word = [&] {
        if (len && len <= longest) f(std::string_view(word.data(), len));
        len = 0;
    };
    for (std::size_t i = 0; i < n;) {
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            if (!is_ascii_letter(b)) {
                end_word();
                continue;
            }
            if (len < longest) word[len] = static_cast<char>(b | 0x20);
            ++len;
            continue;
        }
        const char32_t c = next_code_point(s, i);
        if (!has(c, flag_alpha)) {
            end_word();
            continue;
        }
        const char32_t lc = lower(c);
        if (lc < 0x80) {
            if (len < longest) word[len] = static_cast<char>(lc);
            ++len;
        } else if (lc < d.word_chars.size() && d.word_chars.test(lc)) {
            // Two or three bytes: the frequent words' characters are below U+2000.
            const std::size_t k = lc < 0x800 ? 2 : 3;
            if (len + k <= longest) {
                char* out = word.data() + len;
                if (k == 2) {
                    out[0] = static_cast<char>(0xC0 | (lc >> 6));
                } else {
                    out[0] = static_cast<char>(0xE0 | (lc >> 12));
                    out[1] = static_cast<char>(0x80 | ((lc >> 6) & 0x3F));
                }
                out[k - 1] = static_cast<char>(0x80 | (lc & 0x3F));
            }
            len += k;
        } else {
            len = std::max(len, cannot_match);
        }
    }
    end_word();
}

}  // namespace

std::string detect_language(std::string_view s) { return detect_language(s, nullptr); }

std::string detect_language(std::string_view s, Direction* direction) {
    // A sample is enough; the cost stays flat for huge inputs. The direction
    // is of the whole of s: the pass over the sample counts for it too, the
    // rest is counted after.
    constexpr std::size_t sample_bytes = 64 * 1024;
    std::string_view rest;
    if (s.size() > sample_bytes) {
        std::size_t cut = sample_bytes;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        rest = s.substr(cut);
        s = s.substr(0, cut);
    }
    const auto& d = language_data();
    // First the scripts of the letters, and in the same pass the letters
    // that tell languages of one script apart; words are counted after, and
    // only when the script is Latin.
    std::array<std::size_t, USCRIPT_CODE_LIMIT> scripts{};
    ScriptCache script_of;
    // ASCII letters are Latin: counted apart, eight bytes at a time when
    // they are all ASCII; the rest asks the script cache.
    std::size_t ltr = 0, rtl = 0;  // strong characters outside ASCII, for the direction
    std::vector<std::size_t> letters(d.counted.size());  // by LanguageData::slot
    const std::size_t ascii_letters = scan_letters(s, [&](char32_t c, auto f) {
        if (f & flag_rtl) ++rtl;
        else if (f & flag_ltr) ++ltr;
        if (!(f & flag_alpha)) return;
        UScriptCode sc = script_of(c);
        if (sc >= 0 && sc < USCRIPT_CODE_LIMIT) ++scripts[static_cast<std::size_t>(sc)];
        // The letters some language's list names, counted in the same pass.
        if (const int k = d.slot(c); k >= 0) ++letters[static_cast<std::size_t>(k)];
    });
    if (direction) {
        ltr += ascii_letters;
        count_direction(rest, ltr, rtl);
        *direction = rtl > ltr ? Direction::rtl : Direction::ltr;
    }
    scripts[USCRIPT_LATIN] += ascii_letters;
    // Letters outside ASCII, for languages told apart by their letters.
    auto letter_counts = [&]() -> const std::vector<std::size_t>& { return letters; };
    // Frequent words, for languages that share the Latin script.
    // (language, hits) for the languages with a hit.
    auto word_counts = [&] {
        std::vector<std::size_t> hits(d.word_lang_names.size());
        for_each_lower_word(s, d, [&](std::string_view word) {
            if (const auto* langs = d.word_langs.find(word))
                for (std::uint16_t lang : *langs) ++hits[lang];
        });
        std::vector<std::pair<std::string_view, std::size_t>> word_hits;
        for (std::size_t k = 0; k < hits.size(); ++k)
            if (hits[k]) word_hits.emplace_back(d.word_lang_names[k], hits[k]);
        return word_hits;
    };

    auto count = [&](UScriptCode sc) { return scripts[static_cast<std::size_t>(sc)]; };
    std::size_t total = 0;
    for (auto n : scripts) total += n;
    if (total == 0) return {};
    // Japanese mixes Han with kana; any real share of kana means Japanese.
    std::size_t kana = count(USCRIPT_HIRAGANA) + count(USCRIPT_KATAKANA);
    std::size_t han = count(USCRIPT_HAN);
    if (kana * 20 >= total && kana + han >= total / 3) return "ja";

    auto dominant = static_cast<UScriptCode>(std::max_element(scripts.begin(), scripts.end()) - scripts.begin());
    switch (dominant) {
        case USCRIPT_ARABIC: {
            std::string lang = by_letters(letter_counts(), "Arab");
            return lang.empty() ? "ar" : lang;
        }
        case USCRIPT_CYRILLIC: {
            std::string lang = by_letters(letter_counts(), "Cyrl");
            return lang.empty() ? "ru" : lang;
        }
        case USCRIPT_HEBREW: return "he";
        case USCRIPT_HANGUL: return "ko";
        case USCRIPT_HAN: return "zh";
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA: return "ja";
        case USCRIPT_THAI: return "th";
        case USCRIPT_GREEK: return "el";
        case USCRIPT_DEVANAGARI: return "hi";
        case USCRIPT_BENGALI: return "bn";
        case USCRIPT_TAMIL: return "ta";
        case USCRIPT_ARMENIAN: return "hy";
        case USCRIPT_GEORGIAN: return "ka";
        case USCRIPT_ETHIOPIC: return "am";
        case USCRIPT_KHMER: return "km";
        case USCRIPT_LAO: return "lo";
        case USCRIPT_MYANMAR: return "my";
        case USCRIPT_SINHALA: return "si";
        case USCRIPT_GUJARATI: return "gu";
        case USCRIPT_GURMUKHI: return "pa";
        case USCRIPT_TELUGU: return "te";
        case USCRIPT_KANNADA: return "kn";
        case USCRIPT_MALAYALAM: return "ml";
        case USCRIPT_LATIN: {
            std::string_view best;
            std::size_t best_n = 0;
            for (const auto& [lang, n] : word_counts())
                if (n > best_n || (n == best_n && lang < best)) {
                    best_n = n;
                    best = lang;
                }
            // Too few hits is guessing; say nothing rather than something wrong.
            return best_n >= 3 ? std::string(best) : std::string{};
        }
        default: return {};
    }
}

std::size_t skeleton_into(std::string_view s, char* out) {
    char* p = out;
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    std::size_t retry = 0;  // where eight bytes are tried again after eight that were not ASCII
    while (i < n) {
        // ASCII eight bytes at a time, each written and kept or not without a branch.
        if (i >= retry && i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, b + i, 8);
            if ((w & 0x8080808080808080ULL) == 0) {
                for (int k = 0; k < 8; ++k) {
                    const char c = skeleton_ascii[b[i + k]];
                    *p = c;
                    p += c != 0;
                }
                i += 8;
                continue;
            }
            retry = i + 8;
        }
        if (b[i] < 0x80) {
            const char c = skeleton_ascii[b[i++]];
            *p = c;
            p += c != 0;
            continue;
        }
        const std::size_t start = i;
        const char32_t c = next_code_point(s, i);
        const auto f = char_flags(c);
        if (!(f & flag_alnum)) continue;
        if (f & flag_folds) {
            int32_t len = 0;
            const UChar32 folded = u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT);
            UBool err = false;
            U8_APPEND(reinterpret_cast<uint8_t*>(p), len, 4, folded, err);
            if (err) {
                std::memcpy(p, "\xEF\xBF\xBD", 3);
                len = 3;
            }
            p += len;
        } else {
            // Two to four bytes, moved as one four-byte word when s has
            // them (out has room: see skeleton_bound).
            if (start + 4 <= n) std::memcpy(p, s.data() + start, 4);
            else
                for (std::size_t k = start; k < i; ++k) p[k - start] = s[k];
            p += i - start;
        }
    }
    return static_cast<std::size_t>(p - out);
}

SkeletonSum sum_skeleton(std::string_view skeleton) {
    SkeletonSum sum;
    sum.hash = std::hash<std::string_view>{}(skeleton) & 0xFFFF'FFFF'FFFF;
    sum.size = std::min<std::size_t>(skeleton.size(), 0x7FFF);
    sum.known = 1;
    return sum;
}

void skeleton(std::string_view s, std::string& out) {
    out.resize(skeleton_bound(s.size()));
    out.resize(skeleton_into(s, out.data()));
}

std::string skeleton(std::string_view s) {
    std::string out;
    skeleton(s, out);
    return out;
}

#ifdef __SSE2__

namespace {

// Sixteen bytes at a time with SSE2 (every x86-64 has it): each test is one
// compare of the sixteen bytes whose answers, a bit a byte, are combined as
// 16-bit masks. Signed compares: bytes 80..FF are the negative ones.
std::uint32_t mask_of(__m128i m) { return static_cast<std::uint32_t>(_mm_movemask_epi8(m)); }
__m128i all_bytes(unsigned char b) { return _mm_set1_epi8(static_cast<char>(b)); }

// The bytes of a string shorter than sixteen, zeros after them: never read
// past its end.
__m128i load_short(const uint8_t* p, std::size_t n) {
    alignas(16) uint8_t block[16] = {};
    std::memcpy(block, p, n);
    return _mm_load_si128(reinterpret_cast<const __m128i*>(block));
}

// Bytes that stop the fast path: 80..FF, and when controls count, 00..1F
// too (below 0x20 as signed bytes).
template <bool controls_fail>
std::uint32_t unusual(__m128i v) {
    return controls_fail ? mask_of(_mm_cmplt_epi8(v, all_bytes(0x20))) : mask_of(v);
}

// A block of sixteen bytes starting at a character boundary, of which those
// in `live` are checked (the others were before, or are past the string's
// end); `odd` is unusual() of the block. 0 if they are ill-formed (or hold a
// control when controls fail), else how many bytes are whole characters:
// 16, or 13..15 when the last character crosses the block's end and is left
// for the next block. Well-formed means each continuation byte (80..BF)
// stands exactly where a lead byte before it needs one; lead bytes C0, C1
// (overlong) and F5..FF (beyond U+10FFFF) never; after E0, F0 the next byte
// is not so low that the form is overlong, after ED not a surrogate, after
// F4 not beyond U+10FFFF. Most blocks that get here hold two-byte
// characters only (Latin with accents, Greek, Cyrillic, Arabic...): the
// tests about longer ones are made only when one starts in the block.
template <bool controls_fail>
[[gnu::always_inline]] inline int check_block(__m128i v, std::uint32_t odd, std::uint32_t live) {
    const std::uint32_t high = mask_of(v) & live;
    if (controls_fail && (odd & live & ~high)) return 0;
    const std::uint32_t cont = mask_of(_mm_cmplt_epi8(v, all_bytes(0xC0))) & live;  // 80..BF
    const std::uint32_t lead = high & ~cont;                                         // C0..FF
    std::uint32_t never = lead & ~mask_of(_mm_cmpgt_epi8(v, all_bytes(0xC1)));      // C0, C1
    std::uint32_t need = lead << 1;
    const std::uint32_t lead3 = mask_of(_mm_cmpgt_epi8(v, all_bytes(0xDF))) & high;  // E0..FF
    if (lead3) {
        const std::uint32_t lead4 = mask_of(_mm_cmpgt_epi8(v, all_bytes(0xEF))) & high;  // F0..FF
        never |= mask_of(_mm_cmpgt_epi8(v, all_bytes(0xF4))) & high;                     // F5..FF
        need |= (lead3 << 2) | (lead4 << 3);
        const std::uint32_t below_a0 = mask_of(_mm_cmplt_epi8(v, all_bytes(0xA0)));  // 80..9F
        const std::uint32_t below_90 = mask_of(_mm_cmplt_epi8(v, all_bytes(0x90)));  // 80..8F
        const std::uint32_t e0 = mask_of(_mm_cmpeq_epi8(v, all_bytes(0xE0))) & live;
        const std::uint32_t ed = mask_of(_mm_cmpeq_epi8(v, all_bytes(0xED))) & live;
        const std::uint32_t f0 = mask_of(_mm_cmpeq_epi8(v, all_bytes(0xF0))) & live;
        const std::uint32_t f4 = mask_of(_mm_cmpeq_epi8(v, all_bytes(0xF4))) & live;
        never |= (((e0 << 1) & below_a0) | ((ed << 1) & ~below_a0) | ((f0 << 1) & below_90) | ((f4 << 1) & ~below_90)) &
                 0xFFFF;
    }
    if (never | ((need ^ cont) & 0xFFFF)) return 0;
    return need >> 16 ? std::bit_width(lead) - 1 : 16;
}

template <bool controls_fail>
bool well_formed(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const std::size_t n = s.size();
    if (n < 16) {
        const __m128i v = load_short(p, n);
        const std::uint32_t live = (1u << n) - 1;
        const std::uint32_t odd = unusual<controls_fail>(v);
        return (odd & live) == 0 || check_block<controls_fail>(v, odd, live) == 16;
    }
    std::size_t i = 0;
    while (i + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const std::uint32_t odd = unusual<controls_fail>(v);
        if (odd == 0) {
            i += 16;
            continue;
        }
        const int whole = check_block<controls_fail>(v, odd, 0xFFFF);
        if (whole == 0) return false;
        i += static_cast<std::size_t>(whole);
    }
    if (i == n) return true;
    // The rest: the last sixteen bytes, of which those before i were checked.
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    const std::uint32_t live = (0xFFFFu << (16 - (n - i))) & 0xFFFF;
    const std::uint32_t odd = unusual<controls_fail>(v);
    return (odd & live) == 0 || check_block<controls_fail>(v, odd, live) == 16;
}

}  // namespace

bool valid_utf8(std::string_view s) { return well_formed<false>(s); }

bool valid_utf8_without_controls(std::string_view s) { return well_formed<true>(s); }

#else

bool valid_utf8(std::string_view s) { return detail::portable_valid_utf8(s); }

bool valid_utf8_without_controls(std::string_view s) { return detail::portable_valid_utf8_without_controls(s); }

#endif

// Eight bytes at a time where SSE2 is missing; compiled everywhere, so
// that the tests check it on every machine.
namespace detail {

bool portable_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < n) {
        // Eight bytes at a time while they are ASCII and two-byte sequences
        // (Latin with accents, Greek, Cyrillic, Hebrew, Arabic): well-formed
        // when every continuation byte follows a lead byte C2..DF and every
        // such lead is followed by one. A lead in the last byte is left for
        // the next eight.
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & highs) == 0) {
                i += 8;
                continue;
            }
            const uint64_t leads = w & (w << 1) & highs;                 // C0..FF
            const uint64_t conts = w & ~(w << 1) & highs;                // 80..BF
            const uint64_t wide = leads & (w << 2);                      // E0..FF
            const uint64_t overlong = bytes_equal(w & ~ones, 0xC0);      // C0, C1
            if ((wide | overlong) == 0) {
                const uint64_t closed = leads & ~(highs << 56);           // leads in the first seven bytes
                if (conts == closed << 8) {
                    i += (leads >> 63) ? 7 : 8;
                    continue;
                }
            }
        }
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) return false;
    }
    return true;
}

bool portable_valid_utf8_without_controls(std::string_view s) {
    if (!portable_valid_utf8(s)) return false;
    for (const char c : s)
        if (static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

}  // namespace detail

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    return out;
}

std::string percent_encode(std::string_view s, bool (*encode)(unsigned char)) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (encode(b)) {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::string repair_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) out += "\xEF\xBF\xBD";
        else out.append(s.data() + start, static_cast<std::size_t>(i - start));
    }
    return out;
}

bool is_nfc(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return false;
    bool yes = nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
    return U_SUCCESS(status) && yes;
}

std::string to_nfc(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return std::string(s);
    icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
    if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
    status = U_ZERO_ERROR;
    std::string out;
    out.reserve(s.size());
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
    nfc->normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status)) return std::string(s);
    return out;
}

void to_nfc_in_place(std::string& s) {
    if (!is_nfc(s)) s = to_nfc(std::string_view(s));
}

}  // namespace scrapedoc::text
