// Photo credits in caption lines: "Caption (Photo: AP)", "Caption - أرشيفية",
// "Фото: A" on a line of its own.
#include <string.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>

#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "text/swar.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

namespace {

bool starts_with_copyright(std::string_view s) { return s.rfind("©", 0) == 0 || s.rfind("(c) ", 0) == 0; }

// Removes leading characters that are neither letters nor digits.
std::string_view skip_marks(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        char32_t c = text::next_code_point(s, j);
        if (!text::is_space(c) && cue_key(s.substr(i, j - i)).size() > 0) break;
        i = j;
    }
    return s.substr(i);
}

}  // namespace

namespace {

// Whether a key opens with a credit label ("Photo:", "Фото:") of
// `label_prefix` bytes (0: with none) and goes on: a label alone ("Photo")
// is a widget, not a credit.
bool opens_with_label(const KeyWords& key, std::size_t label_prefix) {
    return label_prefix > 0 && label_prefix < key.key.size();
}

// The length of the credit label a key opens with, 0 if none.
std::size_t label_prefix_of(const KeyWords& key) {
    static const CueList& label = cue_list("credit-label");
    return label.prefix_length(key);
}

// A key that names a credit: a label with a name after or before it, a
// credit phrase, or an agency. `label_prefix` as for opens_with_label.
bool is_credit_key(const KeyWords& key, std::size_t label_prefix) {
    if (key.key.empty()) return false;
    static const CueList& label = cue_list("credit-label");
    static const CueList& credit = cue_list("credit");
    static const CueList& agency = cue_list("agency");
    if (opens_with_label(key, label_prefix)) return true;
    std::size_t s = label.suffix_length(key);
    if (s > 0 && s < key.key.size()) return true;
    return credit.matches(key) || agency.whole(key.key, key.hash);
}

}  // namespace

bool is_credit_text(std::string_view part) {
    if (part.empty()) return false;
    if (starts_with_copyright(part)) return true;
    const KeyWords& key = key_words_of(part);
    return is_credit_key(key, label_prefix_of(key));
}

std::string strip_credit_label(std::string_view credit) {
    std::string_view s = credit;
    if (starts_with_copyright(s)) s.remove_prefix(s[0] == '(' ? 3 : std::string_view("©").size());
    s = skip_marks(s);
    std::string key = cue_key(s);
    static const CueList& label = cue_list("credit-label");
    if (std::size_t p = label.prefix_length(key); p > 0 && p < key.size()) {
        // The key is the text case-folded; count its words (or, for scripts
        // without spaces, its characters) back onto the text.
        std::string_view cue = std::string_view(key).substr(0, p);
        std::size_t words = static_cast<std::size_t>(std::count(cue.begin(), cue.end(), ' ')) + 1;
        std::size_t at = 0;
        for (std::size_t w = 0; w < words && at != std::string_view::npos; ++w) {
            std::size_t sp = s.find(' ', at);
            std::size_t colon = s.find_first_of(":=", at);
            std::size_t fw = s.find("：", at);
            std::size_t end = std::min({sp, colon, fw});
            if (end == std::string_view::npos) {
                at = std::string_view::npos;
                break;
            }
            at = end + (end == fw ? std::string_view("：").size() : 1);
        }
        if (at != std::string_view::npos) s = skip_marks(s.substr(at));
    }
    std::string out = text::collapse_whitespace(s);
    key = cue_key(out);
    if (std::size_t n = label.suffix_length(key); n > 0 && n < key.size()) {
        // A trailing label in a script without case ("王晓 摄", "A 제공").
        std::string_view tail = std::string_view(key).substr(key.size() - n);
        std::size_t at = out.rfind(std::string(tail));
        if (at != std::string::npos) out = text::collapse_whitespace(std::string_view(out).substr(0, at));
    }
    // Brackets and separators left at the ends.
    while (!out.empty() && (out.back() == ')' || out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out.empty() ? std::string(credit) : out;
}

namespace {

// The credit label ("Photo:", "Фото:", "©") that opens a line, if any.
bool starts_with_label(std::string_view s) {
    if (starts_with_copyright(s)) return true;
    const KeyWords& key = key_words_of(s);
    return opens_with_label(key, label_prefix_of(key));
}

// The separators a credit may follow: " - ", " | " ...
constexpr std::array<std::string_view, 5> credit_separators = {" - ", " – ", " — ", " | ", " / "};

// The bytes that may follow the space a separator starts with.
constexpr std::array<bool, 256> separator_second = [] {
    std::array<bool, 256> t{};
    for (std::string_view sep : credit_separators) t[static_cast<unsigned char>(sep[1])] = true;
    return t;
}();

// Where each separator last occurs in a line at `from` or after, or npos:
// one backward pass from space to space, as all start with one.
std::array<std::size_t, credit_separators.size()> last_separators(std::string_view s, std::size_t from) {
    const auto& seps = credit_separators;
    std::array<std::size_t, credit_separators.size()> at;
    at.fill(std::string_view::npos);
    std::size_t missing = seps.size();
    for (std::size_t end = s.size(); missing > 0 && end > from;) {
        const void* hit = ::memrchr(s.data() + from, ' ', end - from);
        if (!hit) break;
        const auto i = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
        end = i;
        if (i + 1 >= s.size() || !separator_second[static_cast<unsigned char>(s[i + 1])]) continue;
        for (std::size_t k = 0; k < seps.size(); ++k)
            if (at[k] == std::string_view::npos && s[i + 1] == seps[k][1] && s.compare(i, seps[k].size(), seps[k]) == 0) {
                at[k] = i;
                --missing;
            }
    }
    return at;
}

// Whether s is white space only (collapse_whitespace(s) would be empty).
bool all_space(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (!text::is_space(text::next_code_point(s, i))) return false;
    return true;
}

}  // namespace

namespace detail {

std::size_t sentence_end_at(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == ' ' && i > 0) {
        char p = s[i - 1];
        if (p == '.' || p == '!' || p == '?') return i + 1;
        // "؟" is D8 9F.
        if (i >= 2 && static_cast<unsigned char>(s[i - 2]) == 0xD8 && static_cast<unsigned char>(p) == 0x9F) return i + 1;
    } else if (b == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               static_cast<unsigned char>(s[i + 2]) == 0x82) {  // "。"
        return i + 3;
    } else if (b == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               (static_cast<unsigned char>(s[i + 2]) == 0x81 || static_cast<unsigned char>(s[i + 2]) == 0x9F)) {
        return i + 3;  // "！" "？"
    }
    return std::string_view::npos;
}

std::size_t after_last_sentence(std::string_view s) {
    // Only a space or the first byte of a CJK mark can be where one ends:
    // eight bytes at a time from the end, those marked tried last first.
    std::size_t i = s.size();
    if constexpr (std::endian::native == std::endian::little) {
        using namespace text::swar;
        for (; i >= 8; i -= 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i - 8, 8);
            for (std::uint64_t marks = bytes_equal(w, ' ') | bytes_equal(w, 0xE3) | bytes_equal(w, 0xEF); marks;) {
                const int top = 63 - std::countl_zero(marks);
                if (const std::size_t end = sentence_end_at(s, i - 8 + static_cast<std::size_t>(top) / 8);
                    end != std::string_view::npos)
                    return end;
                marks &= ~(std::uint64_t{1} << top);
            }
        }
    }
    while (i-- > 0)
        if (const std::size_t end = sentence_end_at(s, i); end != std::string_view::npos) return end;
    return std::string_view::npos;
}

}  // namespace detail

std::optional<CaptionParts> split_credit(std::string_view s) {
    std::string buffer;
    KeyWords words;
    cue_key(s, buffer, words);
    return split_credit(s, words, label_prefix_of(words));
}

std::optional<CaptionParts> split_credit(std::string_view s, const KeyWords& key, std::size_t label_prefix) {
    // Credits are short: only a line's last bytes can hold one, which keeps
    // the cost per line bounded.
    constexpr std::size_t credit_bytes = 240;
    // A line that opens with a label is a credit alone: "Foto: A / Reuters".
    if (s.size() <= credit_bytes && (starts_with_copyright(s) || opens_with_label(key, label_prefix)))
        return CaptionParts{std::string(), strip_credit_label(s)};
    std::size_t window = s.size() > credit_bytes ? s.size() - credit_bytes : 0;
    static constexpr std::pair<std::string_view, std::string_view> brackets[] = {
        {"(", ")"}, {"[", "]"}, {"（", "）"}, {"【", "】"}};
    // A trailing bracketed credit.
    for (auto [open, close] : brackets) {
        if (s.size() <= close.size() || s.substr(s.size() - close.size()) != close) continue;
        std::size_t at = s.rfind(open);
        if (at == std::string_view::npos || at < window) continue;
        std::string_view inner = s.substr(at + open.size(), s.size() - close.size() - at - open.size());
        if (!is_credit_text(inner)) continue;
        return CaptionParts{text::collapse_whitespace(s.substr(0, at)), strip_credit_label(inner)};
    }
    // A labelled credit after the caption's last sentence: "… Monday. Фото: A".
    // (Labels come with a colon, an equals sign or the copyright sign.)
    std::string_view tail_window = s.substr(window);
    // (memchr for each ASCII sign: find_first_of calls memchr per byte.)
    const auto has_byte = [&](char c) { return ::memchr(tail_window.data(), c, tail_window.size()) != nullptr; };
    bool labelled = has_byte(':') || has_byte('=') || tail_window.find("：") != std::string_view::npos ||
                    tail_window.find("©") != std::string_view::npos;
    if (std::size_t at = labelled ? detail::after_last_sentence(tail_window) : std::string_view::npos;
        at != std::string_view::npos) {
        at += window;
        std::string_view tail = all_space(s.substr(at)) ? std::string_view{} : s.substr(at);
        while (!tail.empty() && tail.front() == ' ') tail.remove_prefix(1);
        if (!tail.empty() && text::grapheme_length(tail) <= 80 && starts_with_label(tail))
            return CaptionParts{text::collapse_whitespace(s.substr(0, at)), strip_credit_label(tail)};
    }
    // A credit after the last dash or bar.
    const auto& seps = credit_separators;
    // Only separators inside the window count: the search stops there.
    const auto last = last_separators(s, window);
    for (std::size_t k = 0; k < seps.size(); ++k) {
        std::size_t at = last[k];
        if (at == std::string_view::npos || at == 0 || at < window) continue;
        std::string_view tail = s.substr(at + seps[k].size());
        if (text::grapheme_length(tail) <= 60 && is_credit_text(tail))
            return CaptionParts{text::collapse_whitespace(s.substr(0, at)), strip_credit_label(tail)};
    }
    // The whole line is a credit (its length counted last: the look-ups
    // cost less than counting).
    if (s.size() <= credit_bytes && (starts_with_copyright(s) || is_credit_key(key, label_prefix)) && text::grapheme_length(s) <= 80)
        return CaptionParts{std::string(), strip_credit_label(s)};
    return std::nullopt;
}

}  // namespace scrapedoc::readers::text_segmenter
