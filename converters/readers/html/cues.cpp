#include "readers/html/cues.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

#include "data/embedded.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

bool is_alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// Lines of a data file without comments and blank lines, trimmed.
std::vector<std::string_view> data_lines(std::string_view path) {
    std::vector<std::string_view> out;
    data::for_each_line(data::embedded_file(path), [&](std::string_view line) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.empty() && line.front() != '#') out.push_back(line);
    });
    return out;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

CueSet cue_file(std::string_view path) {
    CueSet set;
    for (auto line : data_lines(path))
        for (auto w : words(line)) set.add(w);
    return set;
}

ReasonCues reason_file(std::string_view path) {
    ReasonCues r;
    for (auto line : data_lines(path)) {
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        CueSet cues, exceptions;
        std::vector<std::string> written;
        for (auto w : words(line.substr(colon + 1))) {
            if (w.size() > 1 && w.front() == '!') {
                exceptions.add(w.substr(1));
            } else {
                cues.add(w);
                written.emplace_back(w);
            }
        }
        r.add(std::string(line.substr(0, colon)), std::move(cues), std::move(exceptions), std::move(written));
    }
    return r;
}

// Entries written with `_` for their surrounding spaces.
std::vector<std::string> spaced_entries(std::string_view path) {
    std::vector<std::string> out;
    for (auto line : data_lines(path)) {
        std::string e(line);
        if (e.size() > 1 && e.front() == '_') e.front() = ' ';
        if (e.size() > 1 && e.back() == '_') e.back() = ' ';
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

std::string class_tokens(std::string_view value) {
    std::string out = "-";
    out.reserve(value.size() + 2);
    unsigned char prev = 0;
    for (char ch : value) {
        auto c = static_cast<unsigned char>(ch);
        if (is_alnum(c) || c >= 0x80) {
            if (is_upper(c) && is_lower(prev) && out.back() != '-') out += '-';
            out += static_cast<char>(is_upper(c) ? c | 0x20 : c);
        } else if (out.back() != '-') {
            out += '-';
        }
        prev = c;
    }
    if (out.back() != '-') out += '-';
    return out;
}

void CueSet::add(std::string_view cue) {
    std::string c(cue);
    for (char& ch : c)
        if (is_upper(static_cast<unsigned char>(ch))) ch = static_cast<char>(ch | 0x20);
    if (c.find('-') != std::string::npos) {
        sequences_.push_back("-" + c + "-");
    } else if (!c.empty() && c.back() == '*') {
        c.pop_back();
        if (c.empty()) return;
        auto first = static_cast<unsigned char>(c[0]);
        prefixes_[first < 128 ? first : 0].push_back(c);
        has_prefixes_ = true;
    } else {
        exact_.insert(std::upper_bound(exact_.begin(), exact_.end(), c), c);
    }
}

bool CueSet::matches(std::string_view tokens) const {
    if (tokens.size() <= 1) return false;
    // one pass over the tokens: whole-token, prefix and sequence cues
    std::size_t i = 1;
    while (i < tokens.size()) {
        std::size_t j = tokens.find('-', i);
        if (j == std::string_view::npos) break;
        std::string_view tok = tokens.substr(i, j - i);
        if (!tok.empty()) {
            if (std::binary_search(exact_.begin(), exact_.end(), tok, std::less<>{})) return true;
            auto first = static_cast<unsigned char>(tok[0]);
            for (const auto& p : prefixes_[first < 128 ? first : 0])
                if (tok.size() >= p.size() && tok.compare(0, p.size(), p) == 0) return true;
            for (const auto& sq : sequences_)
                if (tokens.compare(i - 1, sq.size(), sq) == 0) return true;
        }
        i = j + 1;
    }
    return false;
}

void CueIndex::add(std::string_view cue, std::uint64_t bits) {
    std::string c(cue);
    for (char& ch : c)
        if (is_upper(static_cast<unsigned char>(ch))) ch = static_cast<char>(ch | 0x20);
    if (c.find('-') != std::string::npos) {
        sequences_.emplace_back("-" + c + "-", bits);
    } else if (!c.empty() && c.back() == '*') {
        c.pop_back();
        if (c.empty()) return;
        auto first = static_cast<unsigned char>(c[0]);
        prefixes_[first < 128 ? first : 0].emplace_back(c, bits);
    } else if (!c.empty()) {
        exact_.emplace_back(c, bits);
    }
}

void CueIndex::finish() {
    std::sort(exact_.begin(), exact_.end());
    std::vector<Entry> merged;
    for (auto& e : exact_) {
        if (!merged.empty() && merged.back().first == e.first) merged.back().second |= e.second;
        else merged.push_back(std::move(e));
    }
    exact_ = std::move(merged);
}

std::uint64_t CueIndex::match(std::string_view tokens) const {
    std::uint64_t bits = 0;
    std::size_t i = 1;
    while (i < tokens.size()) {
        std::size_t j = tokens.find('-', i);
        if (j == std::string_view::npos) break;
        std::string_view tok = tokens.substr(i, j - i);
        if (!tok.empty()) {
            auto it = std::lower_bound(exact_.begin(), exact_.end(), tok,
                                       [](const Entry& e, std::string_view t) { return e.first < t; });
            if (it != exact_.end() && it->first == tok) bits |= it->second;
            auto first = static_cast<unsigned char>(tok[0]);
            for (const auto& [p, b] : prefixes_[first < 128 ? first : 0])
                if (tok.size() >= p.size() && tok.compare(0, p.size(), p) == 0) bits |= b;
            for (const auto& [sq, b] : sequences_)
                if (tokens.compare(i - 1, sq.size(), sq) == 0) bits |= b;
        }
        i = j + 1;
    }
    return bits;
}

int ReasonCues::first_allowed(std::uint64_t candidates, std::string_view tokens) const {
    for (std::size_t r = 0; r < entries_.size() && r < 64; ++r) {
        if (!(candidates >> r & 1)) continue;
        if (entries_[r].exceptions.empty() || !entries_[r].exceptions.matches(tokens)) return static_cast<int>(r);
    }
    return -1;
}

void ReasonCues::index_into(CueIndex& index) const {
    for (std::size_t r = 0; r < entries_.size() && r < 32; ++r)
        for (const auto& cue : entries_[r].written) index.add(cue, std::uint64_t{1} << r);
}

namespace {
constexpr std::uint64_t bit_content = std::uint64_t{1} << 40, bit_byline = std::uint64_t{1} << 41,
                        bit_caption = std::uint64_t{1} << 42, bit_credit = std::uint64_t{1} << 43,
                        bit_subtitle = std::uint64_t{1} << 44, bit_lead = std::uint64_t{1} << 45;
}

CueReading Cues::read(std::string_view value) const {
    std::string tokens = class_tokens(value);
    std::uint64_t bits = index.match(tokens);
    CueReading r;
    if (bits & 0xFFFFFFFFu) r.reason = boilerplate.first_allowed(bits & 0xFFFFFFFFu, tokens);
    r.content = bits & bit_content;
    r.byline = bits & bit_byline;
    r.caption = bits & bit_caption;
    r.credit = bits & bit_credit;
    r.subtitle = bits & bit_subtitle;
    r.lead = bits & bit_lead;
    return r;
}

int ReasonCues::match(std::string_view tokens) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].cues.matches(tokens) && !entries_[i].exceptions.matches(tokens)) return static_cast<int>(i);
    return -1;
}

int ReasonCues::find(std::string_view reason) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].reason == reason) return static_cast<int>(i);
    return -1;
}

std::string phrase_key(std::string_view text) {
    std::string out;
    bool space = false;
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t c = text::next_code_point(text, i);
        auto cp = static_cast<UChar32>(c);
        if (u_isalpha(cp)) {
            if (space && !out.empty()) out += ' ';
            space = false;
            text::append_utf8(out, static_cast<char32_t>(u_foldCase(cp, U_FOLD_CASE_DEFAULT)));
        } else if (u_isUWhiteSpace(cp)) {
            space = true;
        }
    }
    return out;
}

std::string_view Cues::phrase_reason(std::string_view text) const {
    if (text.size() > 80) return {};
    std::string key = phrase_key(text);
    if (key.empty()) return {};
    auto it = std::lower_bound(phrases.begin(), phrases.end(), key,
                               [](const auto& e, const std::string& k) { return e.first < k; });
    if (it != phrases.end() && it->first == key) return it->second;
    return {};
}

bool Cues::is_credit_line(std::string_view text) const {
    if (text.size() > 400) return false;
    std::size_t colon = text.find(':');
    std::size_t wide = text.find("\xEF\xBC\x9A");  // full-width colon
    if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) colon = wide;
    if (colon == std::string_view::npos || colon == 0 || colon > 40) return false;
    if (text::grapheme_length(text) > 150) return false;
    std::string key = phrase_key(text.substr(0, colon));
    return std::find(credit_prefixes.begin(), credit_prefixes.end(), key) != credit_prefixes.end();
}

bool Cues::is_post_control(std::string_view text) const {
    if (text.size() > 60) return false;
    std::string key = phrase_key(text);
    return !key.empty() && std::binary_search(post_controls.begin(), post_controls.end(), key);
}

bool Cues::is_related_line(std::string_view text) const {
    std::string_view head = text.substr(0, 60);
    std::size_t colon = head.find(':');
    std::string key = phrase_key(colon == std::string_view::npos ? head : head.substr(0, colon));
    if (colon != std::string_view::npos)
        return std::find(related_prefixes.begin(), related_prefixes.end(), key) != related_prefixes.end();
    // no colon: the line's first words ("SEE MORE Hong Kong ...")
    for (const auto& p : related_prefixes)
        if (key.size() > p.size() && key.compare(0, p.size(), p) == 0 && key[p.size()] == ' ' &&
            p.find(' ') != std::string::npos)
            return true;
    return false;
}

namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// An e-mail address or a social @handle somewhere in the text.
bool has_address(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '@') continue;
        bool before = i > 0 && is_word_char(s[i - 1]);
        bool after = i + 1 < s.size() && is_word_char(s[i + 1]);
        if (after && (before || i == 0 || s[i - 1] == ' ' || s[i - 1] == '(')) return true;
    }
    return false;
}

}  // namespace

bool Cues::is_call_to_action(std::string_view text) const {
    if (text.size() > 1200 || text::grapheme_length(text) > 300) return false;
    if (has_address(text)) return true;
    // Built by appends: gcc 12 warns (-Wrestrict, a false positive) on " " + std::string.
    const std::string phrase = phrase_key(text);
    std::string key;
    key.reserve(phrase.size() + 2);
    key += ' ';
    key += phrase;
    key += ' ';
    for (const auto& p : contact_phrases)
        if (key.find(p) != std::string::npos) return true;
    return false;
}

bool looks_like_dateline(std::string_view text) {
    if (text.size() > 160 || text::grapheme_length(text) > 80) return false;
    std::size_t words = 1, digits_run = 0;
    bool year = false, clock = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ') ++words;
        if (c >= '0' && c <= '9') {
            ++digits_run;
            continue;
        }
        if (digits_run == 4) {
            std::string_view y = text.substr(i - 4, 4);
            if (y.substr(0, 2) == "19" || y.substr(0, 2) == "20") year = true;
        }
        if (c == ':' && digits_run >= 1 && digits_run <= 2 && i + 2 < text.size() && text[i + 1] >= '0' &&
            text[i + 1] <= '5' && text[i + 2] >= '0' && text[i + 2] <= '9')
            clock = true;
        digits_run = 0;
    }
    if (digits_run == 4) {
        std::string_view y = text.substr(text.size() - 4, 2);
        if (y == "19" || y == "20") year = true;
    }
    if (!(year || clock) || words > 10) return false;
    // a sentence ends in a full stop; a time may end in "a.m."/"p.m."
    char last = text.back();
    bool meridiem = text.size() >= 4 && (text.substr(text.size() - 4) == "a.m." || text.substr(text.size() - 4) == "p.m.");
    return meridiem || (last != '.' && last != '!' && last != '?');
}

const Cues& Cues::get() {
    static const Cues cues = [] {
        Cues c;
        c.boilerplate = reason_file("html/boilerplate.txt");
        c.roles = reason_file("html/roles.txt");
        c.content = cue_file("html/content.txt");
        c.byline = cue_file("html/byline.txt");
        c.caption = cue_file("html/caption.txt");
        c.credit = cue_file("html/credit.txt");
        c.boilerplate.index_into(c.index);
        for (auto [path, bit] : {std::pair{"html/content.txt", bit_content}, {"html/byline.txt", bit_byline},
                                 {"html/caption.txt", bit_caption}, {"html/credit.txt", bit_credit},
                                 {"html/subtitle.txt", bit_subtitle}, {"html/lead.txt", bit_lead}})
            for (auto line : data_lines(path))
                for (auto w : words(line)) c.index.add(w, bit);
        c.index.finish();
        for (auto line : data_lines("html/byline-prefixes.txt")) c.byline_prefixes.emplace_back(line);
        c.name_separators = spaced_entries("html/name-separators.txt");
        c.site_separators = spaced_entries("html/site-separators.txt");
        c.title_separators = spaced_entries("html/title-separators.txt");
        for (auto line : data_lines("html/byline-ends.txt")) {
            if (line.size() > 2 && line.substr(0, 2) == "| ") {
                std::string mark(1, ' ');
                mark.append(line.substr(2));
                mark.push_back(' ');
                c.byline_end_marks.push_back(std::move(mark));
            } else {
                c.byline_end_words.push_back(phrase_key(line));
            }
        }
        // month and weekday names, "updated", "published": "= word [month]"
        for (auto line : data_lines("cues/date-words.txt")) {
            if (line.size() < 3 || line[0] != '=') continue;
            std::string_view w = line.substr(2);
            std::size_t sp = w.rfind(' ');
            if (sp != std::string_view::npos && w.find_first_not_of("0123456789", sp + 1) == std::string_view::npos)
                w = w.substr(0, sp);
            if (std::string k = phrase_key(w); !k.empty()) c.byline_end_words.push_back(std::move(k));
        }
        std::sort(c.byline_end_words.begin(), c.byline_end_words.end());
        for (auto line : data_lines("html/postnominals.txt")) {
            std::string k;
            for (char ch : line)
                if (is_alnum(static_cast<unsigned char>(ch))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (!k.empty()) c.postnominals.push_back(std::move(k));
        }
        std::sort(c.postnominals.begin(), c.postnominals.end());
        for (auto line : data_lines("html/profile-links.txt")) {
            auto w = words(line);
            if (w.size() != 2) continue;
            if (w[0] == "author") c.author_links.push_back(text::lower_ascii(w[1]));
            else if (w[0] == "member") c.member_links.push_back(text::lower_ascii(w[1]));
            else if (w[0] == "action") c.profile_actions.push_back(text::lower_ascii(w[1]));
        }
        for (auto line : data_lines("html/phrases.txt")) {
            std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            std::string key = phrase_key(line.substr(colon + 1));
            if (!key.empty()) c.phrases.emplace_back(std::move(key), std::string(line.substr(0, colon)));
        }
        std::sort(c.phrases.begin(), c.phrases.end());
        for (auto line : data_lines("html/credit-prefixes.txt")) c.credit_prefixes.push_back(phrase_key(line));
        for (auto line : data_lines("html/post-controls.txt")) c.post_controls.push_back(phrase_key(line));
        std::sort(c.post_controls.begin(), c.post_controls.end());
        for (auto line : data_lines("html/related-prefixes.txt")) c.related_prefixes.push_back(phrase_key(line));
        for (auto line : data_lines("html/contact-phrases.txt")) {
            std::string key = phrase_key(line);
            if (!key.empty()) c.contact_phrases.push_back(" " + key + " ");
        }
        return c;
    }();
    return cues;
}

}  // namespace scrapedoc::html
