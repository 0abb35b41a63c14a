// Stages 1 and 2: split the text into lines and describe each line by
// features that work in any language (length, punctuation, position, blank
// lines around, repetition), plus the cue lists.
#include <unicode/uchar.h>

#include <algorithm>
#include <unordered_map>

#include "data/embedded.hpp"

#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "text/props.hpp"
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

std::vector<Line> split_lines(std::string_view text, TextArena& arena) {
    std::vector<Line> lines;
    lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    std::size_t pos = 0, number = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        Line line;
        line.number = static_cast<std::uint32_t>(++number);
        std::string_view raw = text.substr(pos, end - pos);
        line.text = text::is_collapsed(raw) ? raw : arena.store(text::collapse_whitespace(raw));
        lines.push_back(std::move(line));
        if (end == text.size()) break;
        pos = end + 1;
    }
    // A final newline does not make one more (empty) line.
    if (lines.size() > 1 && lines.back().text.empty() && !text.empty() && text.back() == '\n') lines.pop_back();
    return lines;
}

namespace {

bool is_sentence_end(char32_t c) {
    switch (c) {
        case '.': case '!': case '?': case U'…': case U'。': case U'！': case U'？': case U'؟':
        case U'۔': case U'।': case U'॥': case U'။': case U'።': case U'｡':
            return true;
        default:
            return false;
    }
}

bool is_comma(char32_t c) {
    switch (c) {
        case ',': case ';': case U'،': case U'、': case U'，': case U'；': case U'؛':
            return true;
        default:
            return false;
    }
}

// Closing quotes and brackets that may follow the sentence end.
bool is_closer(char32_t c) {
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

double char_weight(char32_t c) {
    if (c < 0x1100) return 1.0;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) || (c >= 0xAC00 && c <= 0xD7AF)) return 2.0;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        return 2.5;
    return 1.0;
}

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
const std::unordered_map<std::string, int>& date_words() {
    static const std::unordered_map<std::string, int> words = [] {
        std::unordered_map<std::string, int> m;
        std::string_view content = data::embedded_file("cues/date-words.txt");
        std::size_t pos = 0;
        while (pos < content.size()) {
            std::size_t end = content.find('\n', pos);
            if (end == std::string_view::npos) end = content.size();
            std::string_view line = content.substr(pos, end - pos);
            pos = end + 1;
            if (line.size() < 3 || line[0] != '=') continue;
            std::string key = cue_key(line.substr(2));
            int month = 0;
            std::size_t sp = key.rfind(' ');
            if (sp != std::string::npos && key.find_first_not_of("0123456789", sp + 1) == std::string::npos) {
                month = std::stoi(key.substr(sp + 1));
                key.resize(sp);
            }
            m.emplace(std::move(key), month);
        }
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

bool date_like(std::string_view key) {
    const auto& words = date_words();
    std::size_t tokens = 0, date_tokens = 0, numbers = 0, months = 0, cjk_dates = 0;
    bool year = false;
    bool time = key.find(':') != std::string_view::npos;
    for_each_token(key, [&](std::string_view t) {
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
        auto it = words.find(std::string(t));
        if (it != words.end()) {
            ++date_tokens;
            if (it->second) ++months;
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
    std::size_t counts[std::size(seps)] = {};
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i - 1] != ' ') continue;
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
bool share_bar(std::string_view key) {
    static const CueList& share = cue_list("share-widget");
    std::size_t tokens = 0, hits = 0;
    for_each_token(key, [&](std::string_view t) {
        ++tokens;
        if (share.whole(t)) ++hits;
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
bool may_carry_credit(const Line& line) {
    static const CueList& label = cue_list("credit-label");
    static const CueList& credit = cue_list("credit");
    std::string_view s = line.text;
    if (s.empty() || line.weight > 300) return false;
    if (s.starts_with("©") || label.prefix_length(line.key) > 0) return true;
    char last = s.back();
    if (last == ')' || last == ']' || s.ends_with("）") || s.ends_with("】")) return true;
    // One pass over the tail for the characters a credit comes after.
    std::string_view tail = s.substr(s.size() > 240 ? s.size() - 240 : 0);
    for (std::size_t i = 0; i < tail.size(); ++i) {
        char c = tail[i];
        if (c == ':' || c == '=') return true;
        if ((c == '-' || c == '|' || c == '/') && i > 0 && tail[i - 1] == ' ' && i + 1 < tail.size() && tail[i + 1] == ' ')
            return true;
        if (c == '\xE2' && i + 2 < tail.size() && tail[i + 1] == '\x80' && (tail[i + 2] == '\x93' || tail[i + 2] == '\x94'))
            return true;  // en and em dash
        if ((c == '\xEF' && i + 2 < tail.size() && tail[i + 1] == '\xBC' && tail[i + 2] == '\x9A') ||
            (c == '\xC2' && i + 1 < tail.size() && tail[i + 1] == '\xA9'))
            return true;  // full-width colon, copyright sign
    }
    return credit.matches(line.key);
}

// Features from one pass over the characters of a line.
void measure(Line& line) {
    std::string_view s = line.text;
    std::size_t upper = 0, lower = 0, letters = 0;
    char32_t last_significant = 0;
    bool in_word = false;
    std::size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        char32_t c;
        if (b < 0x80) {
            c = b;
            ++i;
        } else {
            c = text::next_code_point(s, i);
        }
        if (c == ' ') {
            in_word = false;
            continue;
        }
        if (!in_word) {
            ++line.words;
            in_word = true;
        }
        if (c < 0x80) {
            ++line.graphemes;
            line.weight += 1.0;
            if (c >= 'a' && c <= 'z') {
                ++lower;
                ++letters;
            } else if (c >= 'A' && c <= 'Z') {
                ++upper;
                ++letters;
            }
        } else {
            auto f = text::char_flags(c);
            if (f & text::flag_extends) continue;
            ++line.graphemes;
            line.weight += char_weight(c);
            if (f & text::flag_upper) ++upper;
            else if (f & text::flag_lower) ++lower;
            if (f & text::flag_alpha) ++letters;
        }
        if (is_sentence_end(c)) ++line.sentence_marks;
        else if (is_comma(c)) ++line.commas;
        if (!is_closer(c)) last_significant = c;
    }
    // "Mr. Smith" and "3.5" inflate the sentence count a little; the classifier
    // only asks whether there is one.
    line.terminal = is_sentence_end(last_significant);
    line.ends_with_colon = last_significant == ':' || last_significant == U'：';
    line.upper = upper >= 4 && lower * 10 <= upper;
    (void)letters;

    if (!s.empty()) {
        std::size_t j = 0;
        char32_t first = text::next_code_point(s, j);
        line.bullet = is_bullet(first) && j < s.size() && s[j] == ' ';
        if (first == U'•' || first == U'▪' || first == U'●' || first == U'►' || first == U'▶' || first == U'■' ||
            first == U'◆' || first == U'・')
            line.bullet = true;  // these bullets are never sentence text
        line.numbered = starts_numbered(s);
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
}

}  // namespace

double text_weight(std::string_view s) {
    Line l;
    l.text = s;
    measure(l);
    return l.weight;
}

void describe_lines(std::vector<Line>& lines, TextArena& arena) {
    std::string key;  // reused for every line
    static const CueList& byline = cue_list("byline");
    static const CueList& byline_suffix = cue_list("byline-suffix");
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        Line& line = lines[n];
        line.blank_before = n == 0 || lines[n - 1].text.empty();
        line.blank_after = n + 1 == lines.size() || lines[n + 1].text.empty();
        if (line.text.empty()) {
            line.kind = Kind::blank;
            continue;
        }
        measure(line);
        // Cue look-ups only for lines short enough to be boilerplate (a long
        // cookie notice included); longer lines are text whatever words they
        // contain. This keeps the cost of paragraphs to one pass.
        if (line.weight > 200) continue;
        cue_key(line.text, key);
        line.key = key == line.text ? line.text : arena.store(key);
        line.residue = markup_residue(line.text);
        line.separator_list = separator_list(line.text);
        line.date_like = line.weight < 90 && date_like(line.key);
        // Long lines only match phrases made to be found inside text
        // (cookie notices, copyright lines), and only while they are short
        // enough to be such a notice.
        line.cue = boilerplate_reason(line.key, line.weight > 80);
        if (line.cue.empty() && line.weight <= 120 && share_bar(line.key)) line.cue = "share-widget";
        // "© 2024 Site" is a copyright line; "© Agency / Photographer" a photo credit.
        if (line.cue.empty() && copyright_sign(line.text)) line.cue = "copyright";
        // Copyright lines are footer lines that also mark where articles end.
        if (line.cue == "copyright") {
            line.copyright = true;
            line.cue = "footer";
        }
        if (line.weight <= 120)
            line.byline_cue = byline.prefix_length(line.key) > 0 || byline_suffix.suffix_length(line.key) > 0;
        line.credit_cue = line.cue.empty() && may_carry_credit(line) && split_credit(line.text).has_value();
        ++seen[line.key];
    }
    for (auto& line : lines)
        if (!line.key.empty()) line.repeats = static_cast<std::uint32_t>(seen[line.key] - 1);
}

}  // namespace scrapedoc::readers::text_segmenter
