// TEI writer: the model as a TEI P5 (4.12.0) document, built as a pugixml tree
// so that pugixml does all the escaping. Every document it writes validates
// against tei_all.rng and against our stricter subset, schema/scrapedoc-tei.rng;
// docs/mapping.md shows the mapping element by element.
#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "text/clean.hpp"
#include "writers/registry.hpp"

namespace scrapedoc::writers {

namespace {

constexpr const char* tei_namespace = "http://www.tei-c.org/ns/1.0";

// XML 1.0 allows tab, newline, carriage return and U+0020 upwards except the
// surrogates, U+FFFE and U+FFFF. decode() never lets such characters through,
// but a Document built through the library API may carry them (or broken
// UTF-8); they become U+FFFD so the output is always well-formed.
std::string xml_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        const bool allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
                             (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
        if (allowed) out.append(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        else out += "\xEF\xBF\xBD";  // U+FFFD
    }
    return out;
}

pugi::xml_node append_element(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

pugi::xml_node append_text_element(pugi::xml_node parent, const char* name, std::string_view text) {
    pugi::xml_node node = parent.append_child(name);
    if (!text.empty()) node.append_child(pugi::node_pcdata).set_value(xml_text(text).c_str());
    return node;
}

void set_attribute(pugi::xml_node node, const char* name, std::string_view value) {
    node.append_attribute(name).set_value(xml_text(value).c_str());
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `width` digits at s[i].
bool read_digits(std::string_view s, std::size_t& i, std::size_t width, int& value) {
    if (i + width > s.size()) return false;
    value = 0;
    for (std::size_t k = 0; k < width; ++k) {
        if (!is_ascii_digit(s[i + k])) return false;
        value = value * 10 + (s[i + k] - '0');
    }
    i += width;
    return true;
}

bool expect(std::string_view s, std::size_t& i, char c) {
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// True when the date can go into @when (TEI's teidata.temporal.w3c): an XML
// Schema gYear, gYearMonth, date or dateTime with an optional zone, with real
// month, day and time values. Other dates are still written, as text only.
bool is_w3c_date(std::string_view s) {
    std::size_t i = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(s, i, 4, year) || year == 0) return false;
    if (i < s.size() && s[i] == '-') {
        ++i;
        if (!read_digits(s, i, 2, month) || month < 1 || month > 12) return false;
        if (i < s.size() && s[i] == '-') {
            ++i;
            if (!read_digits(s, i, 2, day) || day < 1 || day > days_in_month(year, month)) return false;
            if (i < s.size() && s[i] == 'T') {
                ++i;
                if (!read_digits(s, i, 2, hour) || hour > 23 || !expect(s, i, ':') || !read_digits(s, i, 2, minute) ||
                    minute > 59 || !expect(s, i, ':') || !read_digits(s, i, 2, second) || second > 59)
                    return false;
                if (i < s.size() && s[i] == '.') {
                    ++i;
                    const std::size_t digits = i;
                    while (i < s.size() && is_ascii_digit(s[i])) ++i;
                    if (i == digits) return false;
                }
            }
        }
    }
    if (i == s.size()) return true;
    if (s[i] == 'Z') return i + 1 == s.size();
    if (s[i] != '+' && s[i] != '-') return false;
    ++i;
    int zone_hours = 0, zone_minutes = 0;
    if (!read_digits(s, i, 2, zone_hours) || !expect(s, i, ':') || !read_digits(s, i, 2, zone_minutes)) return false;
    return i == s.size() && zone_minutes <= 59 && (zone_hours < 14 || (zone_hours == 14 && zone_minutes == 0));
}

// A date as TEI `date`/`docDate`: the text as given, @when when it is one.
pugi::xml_node append_date(pugi::xml_node parent, const char* name, const std::string& date) {
    pugi::xml_node node = append_text_element(parent, name, date);
    if (is_w3c_date(date)) set_attribute(node, "when", date);
    return node;
}

// Characters an IRI (RFC 3987) may hold outside the ASCII range: ucschar,
// less the bidi formatting characters the RFC excludes.
bool is_iri_char(UChar32 c) {
    if ((c >= 0x200E && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return false;
    if ((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF)) return true;
    return c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFE) != 0xFFFE;
}

bool is_hex(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

void percent_encode(std::string& out, std::string_view bytes) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
}

// graphic/@url is an anyURI: the image source as a valid IRI reference.
// Whatever RFC 3986/3987 does not allow where it stands is percent-encoded
// (spaces, a stray %, a second #, brackets outside an IP literal, a colon in
// a host name or in the first segment of a relative path, a port that is
// not digits, a second @); everything else, non-ASCII letters included, is
// kept as the page gave it.
std::string graphic_url(std::string_view src) {
    const std::string s = xml_text(src);
    const std::size_t n = s.size();
    std::size_t scheme_end = 0;  // just past "scheme:", 0 when relative
    if (n > 0 && is_ascii_alpha(s[0])) {
        std::size_t i = 1;
        while (i < n && (is_ascii_alpha(s[i]) || is_ascii_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
        if (i < n && s[i] == ':') scheme_end = i + 1;
    }
    // The authority, "//userinfo@host:port", in zones: userinfo up to the
    // last @, then the host (an IP literal in brackets, or a name), then a
    // port when a colon is followed by digits alone.
    std::size_t auth_begin = scheme_end, auth_end = scheme_end;
    std::size_t at_sign = std::string::npos, host_begin = scheme_end, host_end = scheme_end;
    bool literal = false;
    if (s.compare(scheme_end, 2, "//") == 0) {
        auth_begin = scheme_end + 2;
        auth_end = std::min(s.find_first_of("/?#", auth_begin), n);
        const std::string_view auth(s.data() + auth_begin, auth_end - auth_begin);
        if (const std::size_t a = auth.rfind('@'); a != std::string_view::npos) at_sign = auth_begin + a;
        host_begin = at_sign == std::string::npos ? auth_begin : at_sign + 1;
        const auto port_follows = [&](std::size_t at) {
            return at == auth_end || (at + 1 < auth_end && s[at] == ':' &&
                                      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at + 1),
                                                  s.begin() + static_cast<std::ptrdiff_t>(auth_end), is_ascii_digit));
        };
        const std::size_t close = s.find(']', host_begin);
        if (host_begin < auth_end && s[host_begin] == '[' && close < auth_end && port_follows(close + 1)) {
            literal = true;
            host_end = close + 1;
        } else {
            host_end = auth_end;
            const std::size_t colon = s.rfind(':', auth_end - 1);
            if (colon != std::string::npos && colon >= host_begin && port_follows(colon)) host_end = colon;
        }
    }

    std::string out;
    bool in_fragment = false;
    bool in_first_segment = scheme_end == 0 && auth_end == 0;
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = static_cast<int32_t>(scheme_end);
    out.append(s, 0, scheme_end);
    while (i < static_cast<int32_t>(n)) {
        const auto at = static_cast<std::size_t>(i);
        UChar32 c = 0;
        U8_NEXT(bytes, i, static_cast<int32_t>(n), c);
        const std::string_view piece(s.data() + at, static_cast<std::size_t>(i) - at);
        if (c >= 0x80) {
            if (is_iri_char(c)) out.append(piece);
            else percent_encode(out, piece);
            continue;
        }
        const char ch = static_cast<char>(c);
        bool keep = is_ascii_alpha(ch) || is_ascii_digit(ch) || std::string_view("-._~!$&'()*+,;=").find(ch) != std::string_view::npos;
        if (ch == '%') {
            keep = at + 2 < n && is_hex(s[at + 1]) && is_hex(s[at + 2]);
        } else if (at < auth_begin) {
            keep = true;  // the "//" before the authority
        } else if (at < auth_end) {
            if (at == at_sign) keep = true;
            else if (at >= host_end) keep = true;  // ":" and the port's digits
            else if (ch == ':') keep = at < host_begin || literal;  // in userinfo or an IP literal
            else if (ch == '[') keep = literal && at == host_begin;
            else if (ch == ']') keep = literal && at + 1 == host_end;
        } else {
            if (ch == '/' || ch == '?' || ch == '#') in_first_segment = false;
            if (ch == '/' || ch == '?' || ch == '@') keep = true;
            else if (ch == ':') keep = !in_first_segment;
            else if (ch == '#') {
                keep = !in_fragment;  // only the first # starts the fragment
                in_fragment = true;
            }
        }
        if (keep) out += ch;
        else percent_encode(out, piece);
    }
    return out;
}

// English name of a language for langUsage/language ("ar" -> "Arabic"), from
// ICU's locale data; the tag itself when ICU has no name for it.
std::string language_name(const std::string& tag) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status)) return tag;
    icu::UnicodeString name;
    locale.getDisplayName(icu::Locale::getEnglish(), name);
    std::string out;
    name.toUTF8String(out);
    return out.empty() ? tag : out;
}

void write_header(pugi::xml_node tei, const Document& doc) {
    const Meta& meta = doc.meta;
    pugi::xml_node header = append_element(tei, "teiHeader");
    pugi::xml_node file_desc = append_element(header, "fileDesc");

    // titleStmt needs a title: an untitled page gets an empty one without
    // @type, so that "no title" and an empty title stay distinguishable.
    pugi::xml_node title_stmt = append_element(file_desc, "titleStmt");
    if (meta.title) set_attribute(append_text_element(title_stmt, "title", *meta.title), "type", "main");
    else append_element(title_stmt, "title");
    if (meta.subtitle) set_attribute(append_text_element(title_stmt, "title", *meta.subtitle), "type", "sub");
    for (const auto& author : meta.authors) append_text_element(title_stmt, "author", author);

    // publicationStmt is either agencies (publisher...) or prose paragraphs.
    pugi::xml_node publication_stmt = append_element(file_desc, "publicationStmt");
    if (meta.publisher) append_text_element(publication_stmt, "publisher", *meta.publisher);
    else append_text_element(publication_stmt, "p", "Publisher not known.");

    // The scraped page this document was made from.
    pugi::xml_node bibl = append_element(append_element(file_desc, "sourceDesc"), "bibl");
    if (meta.date) append_date(bibl, "date", *meta.date);
    set_attribute(append_text_element(bibl, "idno", meta.source.name), "type", "filename");
    set_attribute(append_text_element(bibl, "idno", meta.source.sha256), "type", "sha256");
    set_attribute(append_text_element(bibl, "note", meta.source.format), "type", "format");
    // A page from a web archive: where and when it was fetched, and the
    // archive record it came from (each only when known).
    if (meta.source.url && !meta.source.url->empty())
        set_attribute(append_text_element(bibl, "idno", *meta.source.url), "type", "URI");
    if (meta.source.retrieved && text::is_iso_date(*meta.source.retrieved))
        set_attribute(append_date(bibl, "date", *meta.source.retrieved), "type", "retrieved");
    if (meta.source.record_id && !meta.source.record_id->empty())
        set_attribute(append_text_element(bibl, "idno", *meta.source.record_id), "type", "warc-record-id");

    // A language tag of another shape than XML Schema's `language` is left
    // out rather than written invalid.
    const bool has_language = meta.language && text::is_language_tag(*meta.language);
    if (!has_language && !meta.page_type) return;
    pugi::xml_node profile = append_element(header, "profileDesc");
    if (has_language) {
        pugi::xml_node language =
            append_text_element(append_element(profile, "langUsage"), "language", language_name(*meta.language));
        set_attribute(language, "ident", *meta.language);
    }
    // The page type is a classification of the text: textClass/classCode,
    // whose required @scheme names our vocabulary (docs/mapping.md).
    if (meta.page_type)
        set_attribute(append_text_element(append_element(profile, "textClass"), "classCode", to_string(*meta.page_type)),
                      "scheme", page_type_scheme);
}

// Wraps each author name found in the byline in docAuthor and keeps the rest
// of the byline text around it as it is. Names are matched left to right,
// the longest name first where two start at the same place.
void write_byline(pugi::xml_node parent, const std::string& byline, const std::vector<std::string>& authors) {
    pugi::xml_node node = append_element(parent, "byline");
    std::size_t pos = 0;
    while (pos < byline.size()) {
        std::size_t best = std::string::npos, best_length = 0;
        for (const auto& name : authors) {
            if (name.empty()) continue;
            const std::size_t at = byline.find(name, pos);
            if (at == std::string::npos) continue;
            if (at < best || (at == best && name.size() > best_length)) {
                best = at;
                best_length = name.size();
            }
        }
        const std::size_t text_end = best == std::string::npos ? byline.size() : best;
        if (text_end > pos)
            node.append_child(pugi::node_pcdata).set_value(xml_text(std::string_view(byline).substr(pos, text_end - pos)).c_str());
        if (best == std::string::npos) break;
        append_text_element(node, "docAuthor", std::string_view(byline).substr(best, best_length));
        pos = best + best_length;
    }
}

// Blocks TEI has no form for: a list needs an item and a table a row. They
// carry no text, so leaving them out loses nothing of the page.
bool has_tei_form(const Block& block) {
    if (const auto* list = std::get_if<List>(&block)) return !list->items.empty();
    if (const auto* table = std::get_if<Table>(&block)) return !table->rows.empty();
    return true;
}

void write_figure(pugi::xml_node parent, const Figure& figure) {
    pugi::xml_node node = append_element(parent, "figure");
    if (figure.src && !figure.src->empty()) set_attribute(append_element(node, "graphic"), "url", graphic_url(*figure.src));
    if (figure.caption) append_text_element(node, "head", *figure.caption);
    if (figure.credit) set_attribute(append_text_element(node, "p", *figure.credit), "rend", "credit");
    if (figure.alt) append_text_element(node, "figDesc", *figure.alt);
}

void write_table(pugi::xml_node parent, const Table& table) {
    pugi::xml_node node = append_element(parent, "table");
    bool first = true;
    for (const auto& row : table.rows) {
        pugi::xml_node row_node = append_element(node, "row");
        if (first && table.header) set_attribute(row_node, "role", "label");
        first = false;
        // A row needs a cell; an empty row keeps its place as one empty cell.
        if (row.empty()) append_element(row_node, "cell");
        for (const auto& cell : row) append_text_element(row_node, "cell", cell);
    }
}

// Any block but a section.
void write_leaf_block(pugi::xml_node parent, const Block& block) {
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Paragraph>) {
                append_text_element(parent, "p", b.text);
            } else if constexpr (std::is_same_v<T, Quote>) {
                append_text_element(parent, "quote", b.text);
            } else if constexpr (std::is_same_v<T, Figure>) {
                write_figure(parent, b);
            } else if constexpr (std::is_same_v<T, List>) {
                pugi::xml_node list = append_element(parent, "list");
                set_attribute(list, "rend", b.ordered ? "numbered" : "bulleted");
                for (const auto& item : b.items) append_text_element(list, "item", item);
            } else if constexpr (std::is_same_v<T, Table>) {
                write_table(parent, b);
            }
        },
        block);
}

// One level of blocks being written into a div. TEI lets no paragraph, quote,
// list or table follow a nested div inside the same div, so the blocks that
// follow a section go into a heading-less <div type="continuation">, which a
// reader folds back into the enclosing level.
struct Level {
    const std::vector<Block>* blocks;
    std::size_t next = 0;
    pugi::xml_node div;
    pugi::xml_node continuation;  // open while blocks follow a nested section
    bool after_section = false;
};

// Walks the block tree with an explicit stack, so page depth never becomes
// call depth.
void write_blocks(pugi::xml_node story, const std::vector<Block>& blocks) {
    std::vector<Level> stack;
    stack.push_back(Level{&blocks, 0, story, {}, false});
    while (!stack.empty()) {
        Level& level = stack.back();
        if (level.next == level.blocks->size()) {
            stack.pop_back();
            continue;
        }
        const Block& block = (*level.blocks)[level.next++];
        if (const auto* section = std::get_if<Section>(&block)) {
            level.after_section = true;
            level.continuation = pugi::xml_node();
            pugi::xml_node div = append_element(level.div, "div");
            set_attribute(div, "type", section->is_post() ? "post" : "section");
            pugi::xml_node head = append_text_element(div, "head", section->heading);
            std::string rend = "h";  // appended: gcc 12 warns (-Wrestrict, falsely) on "h" + std::string
            rend += std::to_string(section->level);
            set_attribute(head, "rend", rend);
            // a post's writer and date open it, as the story's do
            if (section->author) append_text_element(div, "docAuthor", *section->author);
            if (section->date) append_date(div, "docDate", *section->date);
            stack.push_back(Level{&section->blocks, 0, div, {}, false});  // invalidates `level`
            continue;
        }
        if (!has_tei_form(block)) continue;
        pugi::xml_node target = level.div;
        if (level.after_section) {
            if (!level.continuation) {
                level.continuation = append_element(level.div, "div");
                set_attribute(level.continuation, "type", "continuation");
            }
            target = level.continuation;
        }
        write_leaf_block(target, block);
    }
}

// The text: one <div type="story"> in <body> (the Guidelines' newspaper
// pattern), opening with the headline, byline and date as they show on the
// page. A div, unlike body, may hold only a figure, or nothing at all.
void write_text(pugi::xml_node tei, const Document& doc) {
    const Meta& meta = doc.meta;
    pugi::xml_node text = append_element(tei, "text");
    if (meta.language && text::is_language_tag(*meta.language)) set_attribute(text, "xml:lang", *meta.language);
    // TEI has no dir attribute; CSS in @style is its way to give direction.
    if (meta.direction == Direction::rtl) set_attribute(text, "style", "direction: rtl");
    pugi::xml_node story = append_element(append_element(text, "body"), "div");
    set_attribute(story, "type", "story");
    if (meta.title) set_attribute(append_text_element(story, "head", *meta.title), "type", "main");
    if (meta.subtitle) set_attribute(append_text_element(story, "head", *meta.subtitle), "type", "sub");
    if (doc.byline) write_byline(story, *doc.byline, meta.authors);
    if (meta.date) append_date(story, "docDate", *meta.date);
    write_blocks(story, doc.blocks);
}

// A line break and `width` spaces. Built by appends: gcc 12 warns
// (-Wrestrict, a false positive) on "\n" + std::string(width, ' ').
std::string line_break_and_indent(std::size_t width) {
    std::string s;
    s.reserve(width + 1);
    s += '\n';
    s.append(width, ' ');
    return s;
}

// Line breaks and indentation between the children of elements that hold
// only elements, so the file reads well. pugixml's own indenting would also
// put white space into mixed content (a byline ending in docAuthor), and that
// white space would be text; here text-bearing elements are left untouched.
void indent_element_only_content(pugi::xml_node root) {
    std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (!node.first_child()) continue;
        bool element_only = true;
        for (pugi::xml_node child : node.children())
            if (child.type() != pugi::node_element) element_only = false;
        if (!element_only) continue;
        const std::string inner = line_break_and_indent(2 * (depth + 1));
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
            node.insert_child_before(pugi::node_pcdata, child).set_value(inner.c_str());
            stack.emplace_back(child, depth + 1);
        }
        node.append_child(pugi::node_pcdata).set_value(line_break_and_indent(2 * depth).c_str());
    }
}

}  // namespace

std::string write_tei(const Document& doc, const write_options&) {
    pugi::xml_document xml;
    pugi::xml_node tei = xml.append_child("TEI");
    tei.append_attribute("xmlns").set_value(tei_namespace);
    write_header(tei, doc);
    write_text(tei, doc);
    indent_element_only_content(tei);
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    out << '\n';
    return out.str();
}

}  // namespace scrapedoc::writers
