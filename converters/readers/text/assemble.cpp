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
#include "readers/text/release.hpp"
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

// The text before the first word of a date (a month name or a number
// that starts a date), when there is text before it.
std::string strip_trailing_date(const std::string& text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view rest = std::string_view(text).substr(pos);
        if (pos > 0 && parse_date(rest)) return std::string(trim(std::string_view(text).substr(0, pos)));
        pos = end + 1;
    }
    return text;
}

struct BylineParts {
    std::vector<std::string> authors;
    std::optional<std::string> publisher;
};

// "By Jane Roe and John Doe, Reuters", "القاهرة الإخبارية - مازن إسلام",
// "순천 구현모 기자 x@y.kr": the names, and the outlet when it names one.
// "来源：东江日报 作者：陈立、王晓", "Source: X | Author: Y": labelled fields.
// Returns false when the line has no such labels.
bool parse_labelled_byline(std::string_view line, BylineParts& out) {
    static const CueList& source = cue_list("byline-source");
    static const CueList& name = cue_list("byline");
    struct Field {
        std::size_t label_start, value_start;
        bool is_source;
    };
    std::vector<Field> fields;
    for (std::size_t at = 0; at < line.size();) {
        std::size_t colon = line.find_first_of(":", at);
        std::size_t wide = line.find("：", at);
        std::size_t pos = std::min(colon, wide);
        if (pos == std::string_view::npos) break;
        std::size_t value = pos + (pos == wide ? std::string_view("：").size() : 1);
        // The label: back to the previous space or field start.
        std::size_t start = line.rfind(' ', pos == 0 ? 0 : pos - 1);
        start = (start == std::string_view::npos || start > pos) ? 0 : start + 1;
        if (!fields.empty() && start < fields.back().value_start) start = fields.back().value_start;
        std::string key = cue_key(line.substr(start, pos - start));
        if (source.whole(key)) fields.push_back({start, value, true});
        else if (!key.empty() && name.prefix_length(key) == key.size()) fields.push_back({start, value, false});
        at = value;
    }
    if (fields.empty() || (fields.size() == 1 && !fields[0].is_source && fields[0].label_start == 0)) return false;
    for (std::size_t k = 0; k < fields.size(); ++k) {
        std::size_t end = k + 1 < fields.size() ? fields[k + 1].label_start : line.size();
        std::string_view value = trim(line.substr(fields[k].value_start, end - fields[k].value_start));
        if (value.empty()) continue;
        if (fields[k].is_source) {
            if (!out.publisher) out.publisher = std::string(value);
            continue;
        }
        for (auto n : split_any(value, {"、", ", ", "，", " and ", " & ", " و"})) {
            n = trim(n);
            if (looks_like_name(n)) out.authors.emplace_back(n);
        }
    }
    return true;
}

BylineParts parse_byline(std::string_view line, const std::optional<std::string>& site_name) {
    BylineParts out;
    if (parse_labelled_byline(line, out)) return out;
    static const CueList& agency = cue_list("agency");
    static const CueList& prefix = cue_list("byline");
    static const CueList& suffix = cue_list("byline-suffix");
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
    // A date after the names ("By A. Tan November 19, 2023 7:18 pm") and a
    // role in brackets ("(ārzemju ziņu redaktore)") are not names.
    text = strip_trailing_date(text);
    if (std::size_t open = text.find(" ("); open != std::string::npos && text.back() == ')') text.resize(open);
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
    static const CueList& conjunctions = cue_list("byline-conjunction");
    for (auto n : names)
        for (auto name : split_any(n, {" and ", " & ", " و", " und ", " et ", " y ", " и ", " і ", "、", " ו"})) {
            name = trim(name, " \t:：-–—|,،()（）");
            // "and Tom Watkins" after a comma: the word joining the last name goes.
            if (std::size_t c = conjunctions.prefix_length(cue_key(name)); c > 0) {
                std::size_t sp = name.find(' ');
                if (sp != std::string_view::npos) name = trim(name.substr(sp + 1));
            }
            if (looks_like_name(name)) out.authors.emplace_back(name);
        }
    // A byline that names only an outlet ("By: CNN Wire", "Reuters") credits
    // the outlet as the author.
    if (out.authors.empty() && out.publisher) out.authors.push_back(*out.publisher);
    return out;
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

// Duplicated paragraphs, quotes and items: the best-formed copy is kept,
// the others become dropped lines.
// `skeletons`: the lines' skeleton sums, when known.
void mark_duplicates(std::vector<Line>& lines, const std::vector<text::SkeletonSum>* skeletons) {
    std::vector<std::size_t> text_lines;
    std::vector<std::string_view> texts;
    std::vector<text::SkeletonSum> sums;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Kind k = lines[i].kind;
        if (k == Kind::paragraph || k == Kind::quote || k == Kind::list_item || k == Kind::title) {
            text_lines.push_back(i);
            texts.push_back(lines[i].text);
            if (skeletons) sums.push_back((*skeletons)[i]);
        }
    }
    auto dup = passes::find_duplicates(texts, skeletons ? &sums : nullptr);
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
}

}  // namespace

Document assemble_document(std::vector<Line>& lines, TextArena& arena, const AssembleOptions& options) {
    Document doc;

    // In a function of its own, so that its lists are freed before the
    // document is built.
    mark_duplicates(lines, options.skeletons);
    if (options.quote_joined)
        *options.quote_joined =
            std::any_of(lines.begin(), lines.end(), [](const Line& l) { return l.kind == Kind::quote && l.joined; });

    std::optional<std::string> site_name;
    for (const auto& l : lines)
        if (l.kind == Kind::dropped && l.reason == "site-name") {
            // "Headline - Site": the part that is not the headline; "Site |
            // Section": the first part.
            auto parts = split_any(l.text, {" | ", " - ", " – ", " — ", " :: "});
            std::string_view site = parts.front();
            for (const auto& t : lines)
                if (t.kind == Kind::title && cue_key(parts.front()) == t.key) site = parts.back();
            site_name = std::string(trim(site));
            break;
        }

    // A logo line that is the site's name alone.
    if (site_name) {
        std::string site_key = cue_key(*site_name);
        for (auto& l : lines) {
            if (l.kind == Kind::title) break;
            if (l.kind == Kind::dropped && l.key == site_key) l.reason = "site-name";
        }
    }

    // The document's lists are sized before they are filled: on a big page
    // they are the largest allocations, and a vector that doubles holds its
    // old and new storage at once. `sizes`: the blocks of the top level,
    // then of each section in order (an upper bound: joined lines count).
    std::vector<std::size_t> sizes{0};
    std::size_t dropped = 0;
    {
        Kind prev = Kind::blank;
        bool prev_numbered = false;
        for (const auto& l : lines) {
            switch (l.kind) {
                case Kind::blank: continue;
                case Kind::date:
                case Kind::dropped: ++dropped; break;
                case Kind::heading:
                    ++sizes.front();
                    sizes.push_back(0);
                    break;
                case Kind::figure:
                case Kind::credit:
                case Kind::paragraph:
                case Kind::quote: ++sizes.back(); break;
                case Kind::list_item:
                    if (prev != Kind::list_item || prev_numbered != l.numbered) ++sizes.back();
                    break;
                default: break;
            }
            prev = l.kind;
            prev_numbered = l.numbered;
        }
    }
    doc.dropped.reserve(dropped);
    doc.blocks.reserve(sizes.front());
    std::size_t next_section = 1;

    // The lines and the input they view are read once more, in order: what
    // lies behind is given back as the document's copies grow.
    PageReleaser lines_memory, input_memory;
    if (options.release_lines) lines_memory = PageReleaser(lines.data(), lines.data() + lines.size());
    if (options.release_lines && !options.input.empty())
        input_memory = PageReleaser(options.input.data(), options.input.data() + options.input.size());
    auto consumed = [&](Line& l) {
        if (!options.release_lines) return;
        lines_memory.release_before(&l + 1);  // a Line owns nothing: its released page is not read again
        // A text in the arena lies outside the input: the releaser ignores it.
        const std::string_view text = l.text;
        input_memory.release_before(text.data() + text.size());
    };

    Section* section = nullptr;
    auto blocks = [&]() -> std::vector<Block>& { return section ? section->blocks : doc.blocks; };
    Kind previous = Kind::blank;
    for (auto& l : lines) {
        switch (l.kind) {
            case Kind::blank:
                consumed(l);
                continue;
            case Kind::title:
                doc.meta.title = std::string(l.text);
                break;
            case Kind::subtitle:
                doc.meta.subtitle = std::string(l.text);
                break;
            case Kind::byline: {
                doc.byline = std::string(l.text);
                BylineParts parts = parse_byline(l.text, site_name);
                doc.meta.authors = std::move(parts.authors);
                if (parts.publisher) doc.meta.publisher = std::move(parts.publisher);
                break;
            }
            case Kind::date:
                // The date line is listed as dropped: the document keeps only
                // its normalised form in meta.date.
                if (auto iso = parse_date(l.text); iso && !doc.meta.date) {
                    doc.meta.date = *iso;
                    l.set_note("read as " + *iso, arena);
                } else {
                    l.set_note(iso ? "a second date" : "not a full date", arena);
                }
                doc.dropped.push_back({std::string(l.text), "date", l.number});
                break;
            case Kind::figure: {
                Figure f;
                if (!l.caption().empty()) f.caption = l.caption();
                if (!l.credit().empty()) f.credit = l.credit();
                blocks().push_back(std::move(f));
                break;
            }
            case Kind::credit:
                if (l.joined) break;  // joined its caption
                blocks().push_back(Figure{std::nullopt, l.credit(), std::nullopt, std::nullopt});
                break;
            case Kind::heading: {
                section = nullptr;
                doc.blocks.push_back(Section{std::string(l.text), 2, {}, std::nullopt, std::nullopt});
                section = &std::get<Section>(doc.blocks.back());
                section->blocks.reserve(sizes[next_section++]);
                break;
            }
            case Kind::paragraph:
                blocks().push_back(Paragraph{std::string(l.text)});
                break;
            case Kind::quote:
                if (l.joined && !blocks().empty() && std::holds_alternative<Quote>(blocks().back()))
                    (std::get<Quote>(blocks().back()).text += ' ') += l.text;
                else
                    blocks().push_back(Quote{std::string(l.text)});
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
                doc.dropped.push_back({std::string(l.text), std::string(l.reason), l.number});
                break;
        }
        previous = l.kind;
        consumed(l);
    }
    if (!doc.meta.publisher && site_name && (!doc.meta.title || site_name != doc.meta.title))
        doc.meta.publisher = site_name;
    return doc;
}

}  // namespace scrapedoc::readers::text_segmenter
