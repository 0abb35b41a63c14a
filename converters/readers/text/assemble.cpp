// Stage 4: build the Document from classified lines: meta from the headline,
// byline and date lines; sections from headings; lists from runs of items;
// figures from captions and credits; duplicates dropped.
#include <unicode/uchar.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "data/embedded.hpp"

#include "passes/passes.hpp"
#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

namespace {

std::string_view trim(std::string_view s, std::string_view chars = " \t:：-–—|,،") {
    while (!s.empty()) {
        std::size_t i = 0;
        char32_t c = text::next_code_point(s, i);
        bool strip = false;
        for (std::size_t j = 0; j < chars.size();) {
            if (text::next_code_point(chars, j) == c) strip = true;
        }
        if (!strip) break;
        s.remove_prefix(i);
    }
    while (!s.empty()) {
        std::size_t start = s.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        std::size_t k = start;
        char32_t c = text::next_code_point(s, k);
        bool strip = false;
        for (std::size_t j = 0; j < chars.size();) {
            if (text::next_code_point(chars, j) == c) strip = true;
        }
        if (!strip) break;
        s.remove_suffix(s.size() - start);
    }
    return s;
}

// Dice coefficient of character pairs of two skeletons: close for the same
// name written with a different hamza or spacing.
double similarity(std::string_view a, std::string_view b) {
    std::string sa = text::skeleton(a), sb = text::skeleton(b);
    auto pairs = [](const std::string& s) {
        std::vector<std::string> out;
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < s.size();) {
            starts.push_back(i);
            text::next_code_point(s, i);
        }
        starts.push_back(s.size());
        for (std::size_t k = 0; k + 2 < starts.size(); ++k) out.push_back(s.substr(starts[k], starts[k + 2] - starts[k]));
        return out;
    };
    auto pa = pairs(sa), pb = pairs(sb);
    if (pa.empty() || pb.empty()) return sa == sb && !sa.empty() ? 1.0 : 0.0;
    std::sort(pa.begin(), pa.end());
    std::sort(pb.begin(), pb.end());
    std::vector<std::string> common;
    std::set_intersection(pa.begin(), pa.end(), pb.begin(), pb.end(), std::back_inserter(common));
    return 2.0 * static_cast<double>(common.size()) / static_cast<double>(pa.size() + pb.size());
}

bool looks_like_name(std::string_view s) {
    if (s.empty() || text::grapheme_length(s) > 60) return false;
    std::size_t words = static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')) + 1;
    if (words > 5) return false;
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t c = text::next_code_point(s, i);
        if (c == '@' || u_isdigit(static_cast<UChar32>(c))) return false;
    }
    return true;
}

std::vector<std::string_view> split_any(std::string_view s, std::initializer_list<std::string_view> seps) {
    std::vector<std::string_view> parts{s};
    for (auto sep : seps) {
        std::vector<std::string_view> next;
        for (auto p : parts) {
            std::size_t pos = 0;
            while (true) {
                std::size_t at = p.find(sep, pos);
                if (at == std::string_view::npos) {
                    next.push_back(p.substr(pos));
                    break;
                }
                next.push_back(p.substr(pos, at - pos));
                pos = at + sep.size();
            }
        }
        parts = std::move(next);
    }
    return parts;
}

struct BylineParts {
    std::vector<std::string> authors;
    std::optional<std::string> publisher;
};

// "By Jane Roe and John Doe, Reuters", "القاهرة الإخبارية - مازن إسلام",
// "순천 구현모 기자 x@y.kr": the names, and the outlet when it names one.
BylineParts parse_byline(std::string_view line, const std::optional<std::string>& site_name) {
    BylineParts out;
    const CueList& agency = cue_list("agency");
    const CueList& prefix = cue_list("byline");
    const CueList& suffix = cue_list("byline-suffix");
    std::string text(line);
    // Drop e-mail addresses and what follows a date.
    std::vector<std::string_view> words = split_any(text, {" "});
    std::string kept;
    for (auto w : words) {
        if (w.find('@') != std::string_view::npos || w.rfind("http", 0) == 0) continue;
        if (!kept.empty()) kept += ' ';
        kept += w;
    }
    text = kept;
    // The cue word before the names ("By", "كتب") goes; its key length maps
    // back onto the text by counting words.
    std::string key = cue_key(text);
    if (std::size_t n = prefix.prefix_length(key)) {
        std::string_view cue_part = std::string_view(key).substr(0, n);
        std::size_t cue_words = static_cast<std::size_t>(std::count(cue_part.begin(), cue_part.end(), ' ')) + 1;
        std::size_t pos = 0;
        std::string_view t = trim(text, " \t•·-–—|");
        for (std::size_t k = 0; k < cue_words && pos != std::string_view::npos; ++k) {
            pos = t.find(' ', pos);
            if (pos != std::string_view::npos) ++pos;
        }
        // Cue attached to a colon ("كتب:") or alone.
        std::string_view rest = pos == std::string_view::npos ? std::string_view{} : t.substr(pos);
        std::string_view first_word = t.substr(0, pos == std::string_view::npos ? t.size() : pos);
        std::size_t colon = first_word.find_first_of(":：");
        if (colon != std::string_view::npos && colon + 1 < first_word.size())
            rest = t.substr(colon + (first_word[colon] == ':' ? 1 : 3));
        text = std::string(trim(rest));
    } else if (std::size_t m = suffix.suffix_length(key)) {
        // The name stands right before the suffix: "순천, 광양 구현모 기자".
        std::string_view t = trim(text);
        std::string_view cue_part = std::string_view(key).substr(key.size() - m);
        std::size_t at = t.rfind(std::string(cue_part));
        std::string_view before = trim(t.substr(0, at == std::string_view::npos ? t.size() : at));
        std::size_t sp = before.rfind(' ');
        text = std::string(sp == std::string_view::npos ? before : before.substr(sp + 1));
    }
    // Outlet and author parts.
    std::vector<std::string_view> parts = split_any(text, {" | ", " - ", " – ", " — ", ", ", "، ", "/"});
    std::vector<std::string_view> names;
    for (auto p : parts) {
        p = trim(p);
        if (p.empty()) continue;
        std::string k = cue_key(p);
        if (agency.whole(k) || (site_name && similarity(p, *site_name) >= 0.75)) {
            if (!out.publisher) out.publisher = std::string(p);
            continue;
        }
        names.push_back(p);
    }
    // "outlet - author": with two parts and no outlet recognised, the first
    // names the outlet.
    if (!out.publisher && names.size() == 2 && parts.size() == 2 &&
        (text.find(" - ") != std::string::npos || text.find(" – ") != std::string::npos ||
         text.find(" — ") != std::string::npos)) {
        out.publisher = std::string(names.front());
        names.erase(names.begin());
    }
    for (auto n : names)
        for (auto name : split_any(n, {" and ", " & ", " و", " und ", " et ", " y ", " и ", " і ", "、", " ו"})) {
            name = trim(name);
            if (looks_like_name(name)) out.authors.emplace_back(name);
        }
    return out;
}

// ISO 8601 date (YYYY-MM-DD) from a date line, or nothing.
std::optional<std::string> parse_date(std::string_view s) {
    static const std::unordered_map<std::string, int> months = [] {
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
            std::size_t sp = key.rfind(' ');
            if (sp == std::string::npos || key.find_first_not_of("0123456789", sp + 1) != std::string::npos) continue;
            m.emplace(key.substr(0, sp), std::stoi(key.substr(sp + 1)));
        }
        return m;
    }();
    struct Item {
        long value;
        int digits;
        char32_t after;  // the character right after a number (年, 月 ...)
        bool month_word;
    };
    std::vector<Item> items;
    std::string key = cue_key(s);
    std::size_t i = 0;
    std::string word;
    auto flush_word = [&] {
        if (word.empty()) return;
        auto it = months.find(word);
        if (it != months.end()) items.push_back({it->second, 0, 0, true});
        word.clear();
    };
    while (i < key.size()) {
        std::size_t start = i;
        char32_t c = text::next_code_point(key, i);
        int d = u_charDigitValue(static_cast<UChar32>(c));
        if (d >= 0 && u_isdigit(static_cast<UChar32>(c))) {
            flush_word();
            long v = d;
            int digits = 1;
            std::size_t j = i;
            while (j < key.size()) {
                std::size_t k = j;
                char32_t e = text::next_code_point(key, k);
                int dv = u_charDigitValue(static_cast<UChar32>(e));
                if (dv < 0 || !u_isdigit(static_cast<UChar32>(e))) break;
                if (digits < 9) v = v * 10 + dv;
                ++digits;
                j = k;
            }
            std::size_t k = j;
            char32_t after = j < key.size() ? text::next_code_point(key, k) : 0;
            items.push_back({v, digits, after, false});
            i = j;
            continue;
        }
        if (u_isalpha(static_cast<UChar32>(c))) {
            word.append(key, start, i - start);
        } else {
            flush_word();
        }
    }
    flush_word();
    long y = 0, m = 0, d = 0;
    for (const auto& it : items) {
        if (it.after == U'年' || it.after == U'년') y = it.value;
        else if (it.after == U'月' || it.after == U'월') m = it.value;
        else if (it.after == U'日' || it.after == U'일') d = it.value;
    }
    if (!(y && m && d)) {
        y = m = d = 0;
        auto month_word = std::find_if(items.begin(), items.end(), [](const Item& it) { return it.month_word; });
        if (month_word != items.end()) {
            m = month_word->value;
            for (const auto& it : items) {
                if (it.month_word) continue;
                if (it.digits == 4 && !y) y = it.value;
                else if (it.digits <= 2 && !d && it.value >= 1 && it.value <= 31) d = it.value;
            }
        } else {
            std::vector<Item> nums;
            for (const auto& it : items)
                if (!it.month_word) nums.push_back(it);
            for (std::size_t k = 0; k + 2 < nums.size() && !y; ++k) {
                if (nums[k].digits == 4) {
                    y = nums[k].value, m = nums[k + 1].value, d = nums[k + 2].value;
                } else if (nums[k + 2].digits == 4 && nums[k].digits <= 2 && nums[k + 1].digits <= 2) {
                    y = nums[k + 2].value, d = nums[k].value, m = nums[k + 1].value;
                    if (m > 12 && d <= 12) std::swap(m, d);
                }
            }
        }
    }
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    return std::string(buf);
}

// Text of a list item without its bullet or number.
std::string strip_bullet(const Line& l) {
    std::string_view s = l.text;
    if (l.numbered) {
        std::size_t sp = s.find(' ');
        return std::string(s.substr(sp + 1));
    }
    std::size_t i = 0;
    text::next_code_point(s, i);
    return std::string(trim(s.substr(i), " "));
}

}  // namespace

Document assemble_document(std::vector<Line>& lines) {
    Document doc;

    // Duplicated paragraphs, quotes and items: keep the best-formed copy.
    std::vector<std::size_t> text_lines;
    std::vector<std::string_view> texts;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Kind k = lines[i].kind;
        if (k == Kind::paragraph || k == Kind::quote || k == Kind::list_item || k == Kind::title) {
            text_lines.push_back(i);
            texts.push_back(lines[i].text);
        }
    }
    auto dup = passes::find_duplicates(texts);
    for (std::size_t n = 0; n < dup.size(); ++n) {
        if (dup[n] == passes::keep) continue;
        Line& l = lines[text_lines[n]];
        if (l.kind == Kind::title) {
            // The headline stays; the copy of it is the one to drop.
            Line& other = lines[text_lines[dup[n]]];
            other.kind = Kind::dropped;
            other.reason = "duplicate";
            continue;
        }
        l.kind = Kind::dropped;
        l.reason = "duplicate";
    }

    std::optional<std::string> site_name;
    for (const auto& l : lines)
        if (l.kind == Kind::dropped && l.reason == "site-name") {
            // "Headline - Site" or "Tagline | Site": the site is the last part.
            auto parts = split_any(l.text, {" | ", " - ", " – ", " — "});
            site_name = std::string(trim(parts.back()));
            break;
        }

    Section* section = nullptr;
    auto blocks = [&]() -> std::vector<Block>& { return section ? section->blocks : doc.blocks; };
    Kind previous = Kind::blank;
    for (auto& l : lines) {
        switch (l.kind) {
            case Kind::blank: continue;
            case Kind::title:
                doc.meta.title = l.text;
                break;
            case Kind::subtitle:
                doc.meta.subtitle = l.text;
                break;
            case Kind::byline: {
                doc.byline = l.text;
                BylineParts parts = parse_byline(l.text, site_name);
                doc.meta.authors = std::move(parts.authors);
                if (parts.publisher) doc.meta.publisher = std::move(parts.publisher);
                break;
            }
            case Kind::date:
                if (auto iso = parse_date(l.text); iso && !doc.meta.date) {
                    doc.meta.date = *iso;
                } else {
                    doc.dropped.push_back({l.text, "date", l.number});
                    l.reason = "date line (" + std::string(iso ? "a second date" : "not a full date") + ")";
                }
                break;
            case Kind::figure: {
                Figure f;
                if (!l.caption.empty()) f.caption = l.caption;
                if (!l.credit.empty()) f.credit = l.credit;
                blocks().push_back(std::move(f));
                break;
            }
            case Kind::credit:
                if (l.reason.rfind("credit of the caption", 0) == 0) break;  // joined its caption
                blocks().push_back(Figure{std::nullopt, l.credit, std::nullopt, std::nullopt});
                break;
            case Kind::heading: {
                section = nullptr;
                doc.blocks.push_back(Section{l.text, 2, {}});
                section = &std::get<Section>(doc.blocks.back());
                break;
            }
            case Kind::paragraph:
                blocks().push_back(Paragraph{l.text});
                break;
            case Kind::quote:
                blocks().push_back(Quote{l.text});
                break;
            case Kind::list_item: {
                auto& bs = blocks();
                List* list = previous == Kind::list_item && !bs.empty() ? std::get_if<List>(&bs.back()) : nullptr;
                if (!list || list->ordered != l.numbered) {
                    bs.push_back(List{l.numbered, {}});
                    list = &std::get<List>(bs.back());
                }
                list->items.push_back(strip_bullet(l));
                break;
            }
            case Kind::dropped:
                doc.dropped.push_back({l.text, l.reason, l.number});
                break;
        }
        previous = l.kind;
    }
    if (!doc.meta.publisher && site_name && (!doc.meta.title || site_name != doc.meta.title))
        doc.meta.publisher = site_name;
    return doc;
}

}  // namespace scrapedoc::readers::text_segmenter
