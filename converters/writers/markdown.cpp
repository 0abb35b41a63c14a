// Markdown writer: the model as a cmark node tree rendered by
// cmark_render_commonmark, so the escaping that keeps page text literal is
// cmark's. docs/mapping.md shows the mapping element by element.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cmark.h>
#include <nlohmann/json.hpp>

#include "text/clean.hpp"
#include "text/unicode.hpp"
#include "writers/registry.hpp"

namespace scrapedoc::writers {

namespace {

// Owns a node tree until it is attached to a parent or rendered.
struct node_deleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using node_ptr = std::unique_ptr<cmark_node, node_deleter>;

cmark_node* append(cmark_node* parent, cmark_node_type type) {
    cmark_node* node = cmark_node_new(type);
    cmark_node_append_child(parent, node);
    return node;
}

// Text as cmark can take it. cmark writes U+FFFE and U+FFFF as the lone
// bytes FE and FF (utf8proc's old internal encoding), which is not UTF-8,
// stops rendering a text at ill-formed UTF-8, and a NUL would end the C
// string. Documents from our readers hold none of these (text/clean.hpp);
// one built through the library API may, and each becomes U+FFFD.
std::string cmark_safe(std::string_view s) {
    const bool suspect = s.find('\0') != std::string_view::npos || s.find("\xEF\xBF\xBE") != std::string_view::npos ||
                         s.find("\xEF\xBF\xBF") != std::string_view::npos || !text::valid_utf8(s);
    if (!suspect) return std::string(s);
    std::string fixed = text::repair_utf8(s);
    std::string out;
    out.reserve(fixed.size());
    for (std::size_t i = 0; i < fixed.size(); ++i) {
        if (fixed[i] == '\0') {
            out += "\xEF\xBF\xBD";
        } else if (fixed.compare(i, 3, "\xEF\xBF\xBE") == 0 || fixed.compare(i, 3, "\xEF\xBF\xBF") == 0) {
            out += "\xEF\xBF\xBD";
            i += 2;
        } else {
            out += fixed[i];
        }
    }
    return out;
}

// An image's address for cmark: white space percent-encoded here, as cmark
// would do it itself but for tabs and line breaks, which it writes as "% 9"
// ("%2X"), breaking the link. The HTML reader's addresses have none
// (readers/html/content.cpp); a document built through the API may.
std::string link_destination(std::string_view url) {
    return text::percent_encode(cmark_safe(url), [](unsigned char b) { return b == ' ' || (b >= '\t' && b <= '\r'); });
}

void append_raw(cmark_node* parent, const char* markdown) {
    cmark_node_set_literal(append(parent, CMARK_NODE_HTML_INLINE), markdown);
}

void append_literal(cmark_node* parent, std::string_view text) {
    if (text.empty()) return;
    cmark_node_set_literal(append(parent, CMARK_NODE_TEXT), cmark_safe(text).c_str());
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Appends text as inline nodes that render back to exactly this text.
// cmark escapes almost everything in a TEXT node (*, _, #, <, [, `, "1." at a
// line start, control characters as entities). What it leaves alone is
// written here as fixed character references and backslash escapes, which
// Markdown reads as the characters themselves, never as markup:
// - leading and trailing blanks, which a paragraph would trim away (and four
//   leading spaces would make a code block);
// - "~", which opens a fenced code block at a line start and strikes text
//   through in GFM.
void append_text(cmark_node* parent, std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && is_blank(text[begin])) {
        append_raw(parent, text[begin] == ' ' ? "&#32;" : "&#9;");
        ++begin;
    }
    std::size_t trailing = end;
    while (trailing > begin && is_blank(text[trailing - 1])) --trailing;
    std::size_t run = begin;
    for (std::size_t i = begin; i < trailing; ++i) {
        if (text[i] != '~') continue;
        append_literal(parent, text.substr(run, i - run));
        append_raw(parent, "\\~");
        run = i + 1;
    }
    append_literal(parent, text.substr(run, trailing - run));
    for (std::size_t i = trailing; i < end; ++i) append_raw(parent, text[i] == ' ' ? "&#32;" : "&#9;");
}

cmark_node* append_paragraph(cmark_node* parent, std::string_view text) {
    cmark_node* paragraph = append(parent, CMARK_NODE_PARAGRAPH);
    append_text(paragraph, text);
    return paragraph;
}

void append_heading(cmark_node* parent, int level, std::string_view text) {
    cmark_node* heading = append(parent, CMARK_NODE_HEADING);
    cmark_node_set_heading_level(heading, level < 1 ? 1 : level > 6 ? 6 : level);
    append_text(heading, text);
}

std::string render(cmark_node* root) {
    char* rendered = cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0);  // width 0: no hard wrapping
    std::string out(rendered);
    std::free(rendered);
    return out;
}

// A figure is one paragraph, laid out as Markdown viewers show a figure:
// the image when there is one (an empty URL when only the alt text is
// known), then, after a hard line break, the caption emphasised and the
// credit emphasised after a dash: "*caption* — *credit*", "— *credit*".
// Page text is escaped and never makes an image or emphasis, so every
// shape, a lone credit too, reads back as this figure and not as a
// paragraph (a paragraph may well start with a dash: dialogue does). An
// empty field has no Markdown form (empty emphasis is two asterisks) and
// is written as an absent one.
void write_figure(cmark_node* parent, const Figure& figure) {
    auto known = [](const std::optional<std::string>& field) { return field && !field->empty(); };
    const bool has_image = known(figure.src) || known(figure.alt);
    if (!has_image && !known(figure.caption) && !known(figure.credit)) return;
    cmark_node* paragraph = append(parent, CMARK_NODE_PARAGRAPH);
    if (has_image) {
        cmark_node* image = append(paragraph, CMARK_NODE_IMAGE);
        cmark_node_set_url(image, known(figure.src) ? link_destination(*figure.src).c_str() : "");
        if (known(figure.alt)) append_text(image, *figure.alt);
        if (known(figure.caption) || known(figure.credit)) append(paragraph, CMARK_NODE_LINEBREAK);
    }
    if (known(figure.caption)) append_text(append(paragraph, CMARK_NODE_EMPH), *figure.caption);
    if (known(figure.credit)) {
        append_literal(paragraph, known(figure.caption) ? " — " : "— ");
        append_text(append(paragraph, CMARK_NODE_EMPH), *figure.credit);
    }
}

void write_list(cmark_node* parent, const List& list) {
    if (list.items.empty()) return;  // no items, no text: nothing to write
    cmark_node* node = append(parent, CMARK_NODE_LIST);
    cmark_node_set_list_type(node, list.ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST);
    if (list.ordered) {
        cmark_node_set_list_start(node, 1);
        cmark_node_set_list_delim(node, CMARK_PERIOD_DELIM);
    }
    cmark_node_set_list_tight(node, 1);
    for (const auto& item : list.items) append_paragraph(append(node, CMARK_NODE_ITEM), item);
}

// One table cell as Markdown inline text: the text rendered by cmark on its
// own (so it gets the same escaping as a paragraph), then every "|" escaped,
// since in a GFM table an unescaped pipe ends the cell. "\|" is also a plain
// CommonMark escape, so the cell reads back as the text either way.
std::string table_cell(std::string_view text) {
    node_ptr document(cmark_node_new(CMARK_NODE_DOCUMENT));
    append_paragraph(document.get(), text);
    std::string rendered = render(document.get());
    while (!rendered.empty() && rendered.back() == '\n') rendered.pop_back();
    std::string out;
    for (char c : rendered) {
        if (c == '|') out += '\\';
        out += c;
    }
    return out;
}

// cmark's core has no table node; a table is written as a GFM pipe table in a
// custom block, whose text cmark passes through. GFM needs a header row as
// wide as the widest row (it drops the cells past the header's width), so
// the header is padded with cells that have nothing between their pipes,
// and a table without a header row gets a header of such cells only. The
// other rows keep their own cells (GFM shows a short row padded). An empty
// header cell that is not padding, one the header row ends with, holds an
// HTML comment, which viewers show as nothing.
void write_table(cmark_node* parent, const Table& table) {
    if (table.rows.empty()) return;
    std::size_t columns = 1;
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    auto row_line = [](const std::vector<std::string>& cells) {
        std::string line = "|";
        for (const auto& cell : cells) line += cell.empty() ? " |" : " " + cell + " |";
        return line + "\n";
    };
    auto markdown_cells = [](const std::vector<std::string>& row) {
        std::vector<std::string> cells;
        for (const auto& text : row) cells.push_back(table_cell(text));
        return cells;
    };
    std::vector<std::string> header;
    if (table.header) {
        header = markdown_cells(table.rows[0]);
        for (auto cell = header.rbegin(); cell != header.rend() && cell->empty(); ++cell) *cell = "<!-- -->";
    }
    header.resize(columns);
    std::string text = row_line(header) + "|";
    for (std::size_t c = 0; c < columns; ++c) text += " --- |";
    text += "\n";
    for (std::size_t r = table.header ? 1 : 0; r < table.rows.size(); ++r) text += row_line(markdown_cells(table.rows[r]));
    text.pop_back();  // the block's own line end comes from the renderer
    cmark_node_set_on_enter(append(parent, CMARK_NODE_CUSTOM_BLOCK), text.c_str());
}

void write_leaf_block(cmark_node* parent, const Block& block) {
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Paragraph>) {
                append_paragraph(parent, b.text);
            } else if constexpr (std::is_same_v<T, Quote>) {
                append_paragraph(append(parent, CMARK_NODE_BLOCK_QUOTE), b.text);
            } else if constexpr (std::is_same_v<T, Figure>) {
                write_figure(parent, b);
            } else if constexpr (std::is_same_v<T, List>) {
                write_list(parent, b);
            } else if constexpr (std::is_same_v<T, Table>) {
                write_table(parent, b);
            }
        },
        block);
}

constexpr std::string_view post_mark_open = "<!-- post ";

// A post's writer and date, which Markdown has no place for, in a comment
// right after its heading: "<!-- post {"author": "Ana", "date": "2024-11-08"} -->".
// Viewers show nothing (the heading shows the page's line for the post);
// our reader knows it. '>' is escaped in the JSON so that no "-->" ends the
// comment early.
void mark_post(cmark_node* document, const Section& section) {
    using json = nlohmann::ordered_json;
    json data = json::object();
    data["author"] = section.author ? json(cmark_safe(*section.author)) : json(nullptr);
    data["date"] = section.date ? json(cmark_safe(*section.date)) : json(nullptr);
    std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string escaped;
    for (char c : text) escaped += c == '>' ? std::string("\\u003e") : std::string(1, c);
    cmark_node* mark = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(mark, (std::string(post_mark_open) + escaped + " -->").c_str());
    cmark_node_append_child(document, mark);
}

// Sections become headings of their level followed by their blocks; the
// nesting is walked with an explicit stack, not recursion.
void write_blocks(cmark_node* document, const std::vector<Block>& blocks) {
    struct Level {
        const std::vector<Block>* blocks;
        std::size_t next;
    };
    std::vector<Level> stack{{&blocks, 0}};
    while (!stack.empty()) {
        Level& level = stack.back();
        if (level.next == level.blocks->size()) {
            stack.pop_back();
            continue;
        }
        const Block& block = (*level.blocks)[level.next++];
        if (const auto* section = std::get_if<Section>(&block)) {
            append_heading(document, section->level, section->heading);
            if (section->is_post()) mark_post(document, *section);
            stack.push_back({&section->blocks, 0});  // invalidates `level`
            continue;
        }
        write_leaf_block(document, block);
    }
}

// YAML front matter. Every value is written as JSON: a JSON string is a valid
// YAML double-quoted scalar, a JSON array a valid flow sequence and a JSON
// object a flow mapping, so no YAML quoting rules are hand-written here.
std::string front_matter(const Document& doc) {
    using json = nlohmann::ordered_json;
    const Meta& m = doc.meta;
    auto optional_string = [](const std::optional<std::string>& s) { return s ? json(cmark_safe(*s)) : json(nullptr); };
    auto dump = [](const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); };
    json source = {{"name", cmark_safe(m.source.name)},
                   {"format", cmark_safe(m.source.format)},
                   {"sha256", cmark_safe(m.source.sha256)}};
    // Known only for a page from a web archive: written when known.
    if (m.source.url && !m.source.url->empty()) source["url"] = cmark_safe(*m.source.url);
    if (m.source.retrieved && text::is_iso_date(*m.source.retrieved)) source["retrieved"] = cmark_safe(*m.source.retrieved);
    if (m.source.record_id && !m.source.record_id->empty()) source["record_id"] = cmark_safe(*m.source.record_id);
    json authors = json::array();
    for (const auto& a : m.authors) authors.push_back(cmark_safe(a));
    std::string out = "---\n";
    out += "title: " + dump(optional_string(m.title)) + "\n";
    out += "subtitle: " + dump(optional_string(m.subtitle)) + "\n";
    out += "authors: " + dump(authors) + "\n";
    out += "publisher: " + dump(optional_string(m.publisher)) + "\n";
    out += "date: " + dump(optional_string(m.date)) + "\n";
    out += "language: " + dump(optional_string(m.language)) + "\n";
    out += "direction: " + dump(json(to_string(m.direction))) + "\n";
    out += "page_type: " + dump(m.page_type ? json(to_string(*m.page_type)) : json(nullptr)) + "\n";
    out += "source: " + dump(source) + "\n";
    out += "byline: " + dump(optional_string(doc.byline)) + "\n";
    out += "---\n\n";
    return out;
}

// A reader of Markdown takes a paragraph all in emphasis right after the
// title (and subtitle) for the byline. When the page has no byline and its
// first block is such a paragraph (a figure with only a caption), an HTML
// comment stands in the byline's place, as cmark itself separates two lists
// with "<!-- end list -->": viewers show nothing, our reader knows it.
void mark_missing_byline(cmark_node* document, cmark_node* opening_end) {
    cmark_node* first = opening_end ? cmark_node_next(opening_end) : cmark_node_first_child(document);
    if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) return;
    cmark_node* only = cmark_node_first_child(first);
    if (!only || cmark_node_get_type(only) != CMARK_NODE_EMPH || cmark_node_next(only)) return;
    cmark_node* mark = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(mark, "<!-- no byline -->");
    cmark_node_insert_before(first, mark);
}

}  // namespace

// "# title", the subtitle in bold, the byline in italics, then the blocks.
std::string write_markdown(const Document& doc, const write_options& options) {
    node_ptr document(cmark_node_new(CMARK_NODE_DOCUMENT));
    if (doc.meta.title) append_heading(document.get(), 1, *doc.meta.title);
    if (doc.meta.subtitle) append_text(append(append(document.get(), CMARK_NODE_PARAGRAPH), CMARK_NODE_STRONG), *doc.meta.subtitle);
    if (doc.byline) append_text(append(append(document.get(), CMARK_NODE_PARAGRAPH), CMARK_NODE_EMPH), *doc.byline);
    cmark_node* const opening_end = cmark_node_last_child(document.get());
    write_blocks(document.get(), doc.blocks);
    if (!doc.byline) mark_missing_byline(document.get(), opening_end);
    // cmark renders an empty tree as a lone line end; an empty page is an empty file.
    std::string body = cmark_node_first_child(document.get()) ? render(document.get()) : std::string();
    return options.front_matter ? front_matter(doc) + body : body;
}

}  // namespace scrapedoc::writers
