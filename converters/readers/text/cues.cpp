#include "readers/text/cues.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include "data/embedded.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

namespace {

bool is_word_char(char32_t c) {
    return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')
                    : u_isalnum(static_cast<UChar32>(c)) || u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK ||
                          u_charType(static_cast<UChar32>(c)) == U_COMBINING_SPACING_MARK;
}

// Scripts written without spaces between words: a phrase in them needs no
// word boundary after (or before) it.
bool unspaced_script(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &status);
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_THAI ||
           sc == USCRIPT_HANGUL;
}

char32_t last_code_point(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    if (i > 0) --i;
    std::size_t j = i;
    return s.empty() ? 0 : text::next_code_point(s, j);
}

char32_t first_code_point(std::string_view s) {
    std::size_t i = 0;
    return s.empty() ? 0 : text::next_code_point(s, i);
}

}  // namespace

std::string cue_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    std::size_t i = 0;
    std::size_t last_word_end = 0;  // out.size() after the last word character
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        char32_t c;
        if (b < 0x80) {
            c = b;
            ++i;
        } else {
            c = text::next_code_point(s, i);
        }
        if (text::is_space(c)) {
            space = !out.empty();
            continue;
        }
        // Vowel marks and the tatweel do not change an Arabic or Hebrew word.
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE &&
                                                                            c != 0x05C0 && c != 0x05C3 && c != 0x05C6))
            continue;
        bool word = is_word_char(c);
        if (out.empty() && !word) continue;  // leading bullets and punctuation
        if (space) {
            out += ' ';
            space = false;
        }
        if (c < 0x80) {
            out += static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
        } else {
            text::append_utf8(out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
        }
        if (word) last_word_end = out.size();
    }
    out.resize(last_word_end);
    return out;
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
        if (line.size() < 3 || line[1] != ' ')
            throw std::logic_error("cues/" + name_ + ".txt:" + std::to_string(line_no) + ": expected '= ', '^ ', '$ ' or '~ '");
        std::string key = cue_key(line.substr(2));
        if (key.empty()) continue;
        switch (line[0]) {
            case '=': whole_.insert(key); break;
            case '^':
                prefix_lengths_.push_back(key.size());
                prefix_.insert(std::move(key));
                break;
            case '$':
                suffix_lengths_.push_back(key.size());
                suffix_.insert(std::move(key));
                break;
            case '~': contains_.push_back(std::move(key)); break;
            default:
                throw std::logic_error("cues/" + name_ + ".txt:" + std::to_string(line_no) + ": unknown match mode");
        }
    }
    for (auto* v : {&prefix_lengths_, &suffix_lengths_}) {
        std::sort(v->begin(), v->end(), std::greater<>());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
}

std::size_t CueList::prefix_length(std::string_view key) const {
    for (std::size_t len : prefix_lengths_) {
        if (len > key.size()) continue;
        std::string_view head = key.substr(0, len);
        if (!prefix_.count(std::string(head))) continue;
        if (len == key.size()) return len;
        char32_t next = first_code_point(key.substr(len));
        char32_t last = last_code_point(head);
        if (!is_word_char(next) || !is_word_char(last) || unspaced_script(last) || unspaced_script(next)) return len;
    }
    return 0;
}

std::size_t CueList::suffix_length(std::string_view key) const {
    for (std::size_t len : suffix_lengths_) {
        if (len > key.size()) continue;
        std::string_view tail = key.substr(key.size() - len);
        if (!suffix_.count(std::string(tail))) continue;
        if (len == key.size()) return len;
        char32_t before = last_code_point(key.substr(0, key.size() - len));
        char32_t first = first_code_point(tail);
        if (!is_word_char(before) || !is_word_char(first) || unspaced_script(first) || unspaced_script(before)) return len;
    }
    return 0;
}

bool CueList::contains(std::string_view key) const {
    for (const auto& c : contains_) {
        std::size_t at = key.find(c);
        while (at != std::string_view::npos) {
            bool left_ok = at == 0 || !is_word_char(last_code_point(key.substr(0, at))) ||
                           unspaced_script(first_code_point(c));
            std::size_t end = at + c.size();
            bool right_ok = end == key.size() || !is_word_char(first_code_point(key.substr(end))) ||
                            unspaced_script(last_code_point(c));
            if (left_ok && right_ok) return true;
            at = key.find(c, at + 1);
        }
    }
    return false;
}

bool CueList::matches(std::string_view key) const {
    if (key.empty()) return false;
    return whole(key) || prefix_length(key) > 0 || suffix_length(key) > 0 || contains(key);
}

namespace {

struct Registry {
    std::map<std::string, std::unique_ptr<CueList>, std::less<>> lists;
    std::vector<const CueList*> boilerplate;
};

// Lists that describe what a line is rather than why it is dropped.
constexpr std::string_view descriptive[] = {"byline", "byline-suffix", "credit", "credit-label", "date-words",
                                            "persian-months", "agency", "section-end", "caption-prefix",
                                            "byline-source"};

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        constexpr std::string_view dir = "cues/";
        for (std::size_t i = 0; i < data::file_count; ++i) {
            std::string_view path = data::files[i].path;
            if (path.substr(0, dir.size()) != dir) continue;
            std::string name(path.substr(dir.size(), path.size() - dir.size() - 4));  // minus ".txt"
            auto list = std::make_unique<CueList>(name, data::files[i].content);
            if (std::find(std::begin(descriptive), std::end(descriptive), name) == std::end(descriptive))
                reg.boilerplate.push_back(list.get());
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

const std::vector<const CueList*>& boilerplate_lists() { return registry().boilerplate; }

}  // namespace scrapedoc::readers::text_segmenter
