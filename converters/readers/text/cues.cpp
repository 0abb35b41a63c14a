#include "readers/text/cues.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include "data/embedded.hpp"
#include "text/props.hpp"
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

std::string_view first_char(std::string_view s) {
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

std::string_view last_char(std::string_view s) { return s.substr(s.empty() ? 0 : last_start(s)); }

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

void cue_key(std::string_view s, std::string& out) {
    out.clear();
    bool space = false;
    std::size_t i = 0;
    std::size_t last_word_end = 0;  // out.size() after the last word character
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            if (b == ' ' || (b >= '\t' && b <= '\r')) {
                space = !out.empty();
                continue;
            }
            bool word = ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || (b >= '0' && b <= '9');
            if (out.empty() && !word) continue;
            if (space) {
                out += ' ';
                space = false;
            }
            out += static_cast<char>((b >= 'A' && b <= 'Z') ? (b | 0x20) : b);
            if (word) last_word_end = out.size();
            continue;
        }
        char32_t c = text::next_code_point(s, i);
        if (text::is_space(c)) {
            space = !out.empty();
            continue;
        }
        // Vowel marks and the tatweel do not change an Arabic or Hebrew word.
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
            (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 && c != 0x05C6))
            continue;
        bool word = is_word_char(c);
        if (out.empty() && !word) continue;  // leading bullets and punctuation
        if (space) {
            out += ' ';
            space = false;
        }
        if (text::has(c, text::flag_folds))
            text::append_utf8(out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
        else
            text::append_utf8(out, c);
        if (word) last_word_end = out.size();
    }
    out.resize(last_word_end);
}

std::string cue_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    cue_key(s, out);
    return out;
}

void PhraseIndex::add(char mode, std::string phrase, std::string_view tag) {
    if (phrase.empty()) return;
    bool unspaced = unspaced_script(first_code_point(phrase));
    switch (mode) {
        case '=': whole_.emplace(std::move(phrase), tag); return;
        case '^': {
            std::string head(unspaced ? first_char(phrase) : first_word(phrase));
            auto& v = prefix_[head];
            v.push_back({std::move(phrase), tag});
            // Longest first: the longest matching phrase wins.
            std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.phrase.size() > b.phrase.size(); });
            return;
        }
        case '$': {
            std::string tail(unspaced_script(last_code_point(phrase)) ? last_char(phrase) : last_word(phrase));
            auto& v = suffix_[tail];
            v.push_back({std::move(phrase), tag});
            std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.phrase.size() > b.phrase.size(); });
            return;
        }
        case '~':
            if (unspaced) inside_unspaced_.push_back({std::move(phrase), tag});
            else inside_[std::string(first_word(phrase))].push_back({std::move(phrase), tag});
            return;
        default: throw std::logic_error("unknown match mode");
    }
}

std::string_view PhraseIndex::whole(std::string_view key) const {
    auto it = whole_.find(key);
    return it == whole_.end() ? std::string_view{} : it->second;
}

std::string_view PhraseIndex::prefix_tag(std::string_view key, std::size_t& len) const {
    std::string_view best;
    len = 0;
    for (std::string_view head : {first_word(key), first_char(key)}) {
        if (head.empty()) continue;
        auto it = prefix_.find(head);
        if (it == prefix_.end()) continue;
        for (const Entry& e : it->second)
            if (e.phrase.size() > len && key.starts_with(e.phrase) && prefix_boundary(key, e.phrase.size())) {
                len = e.phrase.size();
                best = e.tag;
                break;
            }
    }
    return best;
}

std::string_view PhraseIndex::suffix_tag(std::string_view key, std::size_t& len) const {
    std::string_view best;
    len = 0;
    for (std::string_view tail : {last_word(key), last_char(key)}) {
        if (tail.empty()) continue;
        auto it = suffix_.find(tail);
        if (it == suffix_.end()) continue;
        for (const Entry& e : it->second)
            if (e.phrase.size() > len && key.ends_with(e.phrase) && suffix_boundary(key, e.phrase.size())) {
                len = e.phrase.size();
                best = e.tag;
                break;
            }
    }
    return best;
}

std::size_t PhraseIndex::prefix_length(std::string_view key) const {
    std::size_t len = 0;
    prefix_tag(key, len);
    return len;
}

std::size_t PhraseIndex::suffix_length(std::string_view key) const {
    std::size_t len = 0;
    suffix_tag(key, len);
    return len;
}

std::string_view PhraseIndex::inside(std::string_view key) const {
    if (!inside_.empty()) {
        // Each word of the key is looked up once; the earliest match wins.
        std::size_t pos = 0;
        while (pos < key.size()) {
            std::string_view rest = key.substr(pos);
            std::string_view word = first_word(rest);
            if (!word.empty()) {
                if (auto it = inside_.find(word); it != inside_.end())
                    for (const Entry& e : it->second)
                        if (contains_phrase(rest, e.phrase)) return e.tag;
                pos += word.size();
            } else {
                std::size_t next = pos;
                text::next_code_point(key, next);
                pos = next;
            }
        }
    }
    for (const Entry& e : inside_unspaced_)
        if (contains_phrase(key, e.phrase)) return e.tag;
    return {};
}

std::string_view PhraseIndex::match(std::string_view key, bool inside_only) const {
    if (key.empty()) return {};
    if (!inside_only) {
        if (auto t = whole(key); !t.empty()) return t;
        std::size_t len = 0;
        if (auto t = prefix_tag(key, len); !t.empty()) return t;
        if (auto t = suffix_tag(key, len); !t.empty()) return t;
    }
    return inside(key);
}

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
                // The first list (in file order) to claim a whole-line phrase keeps it.
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

}  // namespace scrapedoc::readers::text_segmenter
