// Markdown reader: CommonMark parsed by cmark, its node tree walked with
// cmark_iter (no recursion). The shapes our Markdown writer gives each model
// element (docs/mapping.md) are read back as those elements:
//   front matter       -> meta (and byline)
//   # heading first    -> meta.title; **bold** paragraph after it -> subtitle;
//                         *emphasised* paragraph after that -> byline
//   ## ... ######      -> sections, nested by level
//   ![alt](src) \ *caption* — *credit*, each part optional -> figure
//   | a | b | rows     -> table (GFM pipe table; cmark's core sees a paragraph)
//   > text             -> quote;  lists -> list;  paragraphs -> paragraph
// Hand-written Markdown reads the same way; raw HTML blocks go to `dropped`.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cmark.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "readers/registry.hpp"
#include "text/clean.hpp"

namespace scrapedoc::readers {

namespace {

using json = nlohmann::json;

struct node_deleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using node_ptr = std::unique_ptr<cmark_node, node_deleter>;

struct iter_deleter {
    void operator()(cmark_iter* it) const { cmark_iter_free(it); }
};
using iter_ptr = std::unique_ptr<cmark_iter, iter_deleter>;

cmark_node_type type_of(cmark_node* n) { return cmark_node_get_type(n); }

// ---------------------------------------------------------------- lines

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view s) {
    const std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const std::size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

// ---------------------------------------------------------------- front matter

// The YAML block between a first line "---" and the next "---" or "...".
struct FrontMatter {
    json fields = json::object();  // key -> value, as JSON
    std::size_t body_line = 1;      // 1-based line of the text where the Markdown starts
};

json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Scalar: return node.Scalar();
    case YAML::NodeType::Sequence: {
        json out = json::array();
        for (const auto& item : node) out.push_back(yaml_to_json(item));
        return out;
    }
    case YAML::NodeType::Map: {
        json out = json::object();
        for (const auto& kv : node) out[kv.first.Scalar()] = yaml_to_json(kv.second);
        return out;
    }
    default: return nullptr;  // Null, Undefined
    }
}

// Our writer puts one `key: <JSON value>` per line, and a JSON value is a
// YAML value, so those lines parse exactly with nlohmann-json. Anything else
// (hand-written YAML: plain scalars, block sequences) goes to yaml-cpp.
std::optional<json> parse_json_lines(const std::vector<std::string_view>& lines) {
    json out = json::object();
    for (std::string_view line : lines) {
        if (trim(line).empty()) continue;
        const std::size_t colon = line.find(": ");
        if (colon == std::string_view::npos || colon == 0) return std::nullopt;
        const std::string_view key = line.substr(0, colon);
        if (key.find_first_of(" \t\"'#-[{") == 0) return std::nullopt;
        json value = json::parse(line.substr(colon + 2), nullptr, false);
        if (value.is_discarded()) return std::nullopt;
        out[std::string(key)] = std::move(value);
    }
    return out;
}

std::optional<FrontMatter> read_front_matter(const std::vector<std::string_view>& lines, std::string_view name) {
    if (lines.empty() || lines[0] != "---") return std::nullopt;
    std::size_t close = 1;
    while (close < lines.size() && lines[close] != "---" && lines[close] != "...") ++close;
    if (close == lines.size()) return std::nullopt;  // a thematic break, not front matter
    const std::vector<std::string_view> yaml_lines(lines.begin() + 1, lines.begin() + static_cast<std::ptrdiff_t>(close));
    FrontMatter fm;
    fm.body_line = close + 2;
    if (auto fields = parse_json_lines(yaml_lines)) {
        fm.fields = std::move(*fields);
        return fm;
    }
    std::string yaml;
    for (std::string_view l : yaml_lines) (yaml += l) += '\n';
    try {
        const YAML::Node root = YAML::Load(yaml);
        if (root.IsNull()) return fm;
        if (!root.IsMap()) throw error(std::string(name), "front matter is not a YAML mapping of field names to values", 2);
        fm.fields = yaml_to_json(root);
    } catch (const YAML::Exception& e) {
        throw error(std::string(name), "front matter is not valid YAML: " + e.msg,
                    e.mark.is_null() ? 2 : static_cast<std::size_t>(e.mark.line) + 2);
    }
    return fm;
}

// A front matter value as text: strings as they are, numbers and booleans
// (YAML `date: 2024` read by the JSON path) as written; null is "none".
std::optional<std::string> field_text(const json& v, const std::string& key, std::string_view name) {
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    throw error(std::string(name), "front matter field \"" + key + "\" should be text, not a list or mapping", 2);
}

// ---------------------------------------------------------------- inline text

// The visible text of inline content: text and code as they are, line breaks
// as spaces; raw HTML tags left out. Images count with their alt text only
// when `with_images`.
std::string inline_text(cmark_node* node, bool with_images = true) {
    std::string out;
    iter_ptr it(cmark_iter_new(node));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it.get());
        switch (type_of(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            out += cmark_node_get_literal(n);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        case CMARK_NODE_IMAGE:
            if (!with_images && n != node) cmark_iter_reset(it.get(), n, CMARK_EVENT_EXIT);
            break;
        default:
            break;
        }
    }
    return out;
}

bool is_empty_text(cmark_node* n) {
    if (type_of(n) != CMARK_NODE_TEXT) return false;
    const char* literal = cmark_node_get_literal(n);
    return !literal || !*literal;
}

// Inline children, without the empty text nodes cmark leaves behind (the
// trailing blanks of a hard line break become one).
std::vector<cmark_node*> children(cmark_node* node) {
    std::vector<cmark_node*> out;
    for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c))
        if (!is_empty_text(c)) out.push_back(c);
    return out;
}

bool only_child_of_type(cmark_node* paragraph, cmark_node_type type) {
    const std::vector<cmark_node*> nodes = children(paragraph);
    return nodes.size() == 1 && type_of(nodes[0]) == type;
}

// ---------------------------------------------------------------- figures

std::string text_between(const std::vector<cmark_node*>& nodes, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out += inline_text(nodes[i]);
    return out;
}

bool all_text(const std::vector<cmark_node*>& nodes, std::size_t from, std::size_t to) {
    return std::all_of(nodes.begin() + static_cast<std::ptrdiff_t>(from), nodes.begin() + static_cast<std::ptrdiff_t>(to),
                       [](cmark_node* n) { return type_of(n) == CMARK_NODE_TEXT; });
}

Figure image_figure(cmark_node* image) {
    Figure f;
    const char* url = cmark_node_get_url(image);
    if (url && *url) f.src = url;
    if (cmark_node_first_child(image)) f.alt = inline_text(image);
    return f;
}

// The writer's figure shapes (write_figure): an image; then, after a line
// break, "*caption*", "*caption* — *credit*" or "— *credit*"; or those
// lines alone. Page text never makes an image or emphasis, so these are
// figures whatever they hold. Hand-written Markdown also gives the caption
// on the image's next line without a hard break, and a credit of plain
// text after a caption or an image ("*caption* — credit", as this writer
// once did). A paragraph that only starts with a dash is left a paragraph:
// in many languages dialogue starts that way.
std::optional<Figure> read_figure(cmark_node* paragraph) {
    const std::vector<cmark_node*> nodes = children(paragraph);
    if (nodes.empty()) return std::nullopt;
    Figure f;
    std::size_t i = 0;
    const bool image = type_of(nodes[0]) == CMARK_NODE_IMAGE;
    if (image) {
        f = image_figure(nodes[0]);
        if (nodes.size() == 1) return f;
        if (type_of(nodes[1]) != CMARK_NODE_LINEBREAK && type_of(nodes[1]) != CMARK_NODE_SOFTBREAK) return std::nullopt;
        i = 2;
        if (i == nodes.size()) return std::nullopt;
    }
    if (type_of(nodes[i]) == CMARK_NODE_EMPH) {
        f.caption = inline_text(nodes[i]);
        if (++i == nodes.size()) return f;
    }
    const std::string_view dash = f.caption ? " — " : "— ";
    const std::size_t last = nodes.size() - 1;
    if (last > i && type_of(nodes[last]) == CMARK_NODE_EMPH && all_text(nodes, i, last) &&
        text_between(nodes, i, last) == dash) {
        f.credit = inline_text(nodes[last]);
        return f;
    }
    if ((!image && !f.caption) || !all_text(nodes, i, nodes.size())) return std::nullopt;
    const std::string rest = text_between(nodes, i, nodes.size());
    if (!rest.starts_with(dash)) return std::nullopt;
    f.credit = rest.substr(dash.size());
    return f;
}

// ---------------------------------------------------------------- tables

// Cells of a GFM table row: split at pipes that are not backslash-escaped,
// without the outer pipes; each cell still Markdown.
std::vector<std::string> split_row(std::string_view line) {
    line = trim(line);
    if (!line.empty() && line.front() == '|') line.remove_prefix(1);
    std::vector<std::string> cells;
    if (line.empty()) return cells;  // "|": a row without cells
    std::string cell;
    bool closed = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        closed = false;
        if (line[i] == '\\' && i + 1 < line.size()) {
            cell += line[i];
            cell += line[++i];
        } else if (line[i] == '|') {
            cells.emplace_back(trim(cell));
            cell.clear();
            closed = true;
        } else {
            cell += line[i];
        }
    }
    if (!closed || !trim(cell).empty()) cells.emplace_back(trim(cell));
    return cells;
}

bool is_delimiter_row(std::string_view line, std::size_t columns) {
    const std::vector<std::string> cells = split_row(line);
    if (cells.size() != columns) return false;
    for (const auto& c : cells) {
        std::string_view v = c;
        if (!v.empty() && v.front() == ':') v.remove_prefix(1);
        if (!v.empty() && v.back() == ':') v.remove_suffix(1);
        if (v.empty() || v.find_first_not_of('-') != std::string_view::npos) return false;
    }
    return true;
}

// One cell's Markdown to its text: "\|" is a pipe (GFM unescapes it before
// the inline parse), the rest is parsed by cmark.
std::string cell_text(const std::string& markdown) {
    std::string unescaped;
    for (std::size_t i = 0; i < markdown.size(); ++i) {
        if (markdown[i] == '\\' && i + 1 < markdown.size() && markdown[i + 1] == '|') ++i;
        unescaped += markdown[i];
    }
    node_ptr doc(cmark_parse_document(unescaped.data(), unescaped.size(), CMARK_OPT_DEFAULT));
    std::string out;
    for (cmark_node* b = cmark_node_first_child(doc.get()); b; b = cmark_node_next(b)) {
        if (!out.empty()) out += ' ';
        out += inline_text(b);
    }
    return out;
}

// A paragraph whose source lines are a GFM pipe table: a header row, a
// delimiter row with as many cells, then body rows, each read with the cells
// it has. The header row's last cells with nothing between their pipes are
// the writer's padding to the widest row; a header row of such cells only is
// how it marks a table without one.
std::optional<Table> read_table(cmark_node* paragraph, const std::vector<std::string_view>& lines, std::size_t line_offset) {
    const int start = cmark_node_get_start_line(paragraph), end = cmark_node_get_end_line(paragraph);
    if (start <= 0 || end <= start) return std::nullopt;
    const std::size_t first = static_cast<std::size_t>(start) - 1 + line_offset;
    const std::size_t last = static_cast<std::size_t>(end) - 1 + line_offset;
    if (last >= lines.size() || lines[first].find('|') == std::string_view::npos) return std::nullopt;
    std::vector<std::string> header = split_row(lines[first]);
    if (!is_delimiter_row(lines[first + 1], header.size())) return std::nullopt;
    while (!header.empty() && header.back().empty()) header.pop_back();
    Table table;
    table.header = !header.empty();
    if (table.header) {
        std::vector<std::string> cells;
        for (const auto& c : header) cells.push_back(cell_text(c));
        table.rows.push_back(std::move(cells));
    }
    for (std::size_t l = first + 2; l <= last; ++l) {
        std::vector<std::string> row;
        for (const auto& c : split_row(lines[l])) row.push_back(cell_text(c));
        table.rows.push_back(std::move(row));
    }
    return table;
}

// ---------------------------------------------------------------- blocks

// Written by the Markdown writer where a byline would be, when there is none
// and the next paragraph is all in emphasis (a figure's caption).
constexpr std::string_view no_byline_mark = "<!-- no byline -->";

// Written by the Markdown writer right after a post's heading: its writer
// and date as a JSON object, "<!-- post {"author": ..., "date": ...} -->".
constexpr std::string_view post_mark_open = "<!-- post {";

// Builds the block tree: sections open at headings and close at the next
// heading of the same or a higher level.
class BlockBuilder {
public:
    explicit BlockBuilder(std::vector<Block>& top) : top_(top) {}

    std::vector<Block>& current() { return open_.empty() ? top_ : open_.back()->blocks; }

    void heading(int level, std::string text) {
        level = std::clamp(level, 2, 6);
        while (!open_.empty() && open_.back()->level >= level) open_.pop_back();
        current().push_back(Section{std::move(text), level, {}, std::nullopt, std::nullopt});
        open_.push_back(&std::get<Section>(current().back()));
    }

    void add(Block b) { current().push_back(std::move(b)); }

    // The section just opened, while nothing is in it yet.
    Section* fresh_section() { return !open_.empty() && open_.back()->blocks.empty() ? open_.back() : nullptr; }

private:
    std::vector<Block>& top_;
    std::vector<Section*> open_;  // innermost last; only the innermost grows
};

struct MarkdownReader {
    std::string_view name;
    std::vector<std::string_view> lines;  // of the whole text
    std::size_t line_offset = 0;          // body line 1 is lines[line_offset]
    Document doc;
    std::optional<FrontMatter> front;

    // The opening: title, then subtitle, then byline, each optional. The
    // front matter says whether there is a subtitle and a byline; without it
    // the shapes alone decide.
    enum class Opening { title, subtitle, byline, done } opening = Opening::title;

    bool front_says_none(const char* key) const {
        return front && front->fields.contains(key) && front->fields[key].is_null();
    }

    // Reads one paragraph of the opening; false when it is not one.
    bool read_opening_paragraph(cmark_node* paragraph) {
        if (opening <= Opening::subtitle && only_child_of_type(paragraph, CMARK_NODE_STRONG) && !front_says_none("subtitle")) {
            doc.meta.subtitle = inline_text(paragraph);
            opening = Opening::byline;
            return true;
        }
        if (opening <= Opening::byline && only_child_of_type(paragraph, CMARK_NODE_EMPH) && !front_says_none("byline")) {
            doc.byline = inline_text(paragraph);
            opening = Opening::done;
            return true;
        }
        return false;
    }

    void read_paragraph(cmark_node* paragraph, BlockBuilder& blocks) {
        if (opening != Opening::done && read_opening_paragraph(paragraph)) return;
        opening = Opening::done;
        if (auto table = read_table(paragraph, lines, line_offset)) {
            blocks.add(std::move(*table));
            return;
        }
        if (auto figure = read_figure(paragraph)) {
            blocks.add(std::move(*figure));
            return;
        }
        // Ordinary text; images inside it follow it as figures.
        std::string text = inline_text(paragraph, false);
        std::vector<Figure> images;
        iter_ptr it(cmark_iter_new(paragraph));
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE)
            if (ev == CMARK_EVENT_ENTER && type_of(cmark_iter_get_node(it.get())) == CMARK_NODE_IMAGE)
                images.push_back(image_figure(cmark_iter_get_node(it.get())));
        if (images.empty() || !trim(text).empty()) blocks.add(Paragraph{std::move(text)});
        for (auto& f : images) blocks.add(std::move(f));
    }

    void read(cmark_node* document) {
        std::vector<Block>& top = doc.blocks;
        BlockBuilder blocks(top);
        // Lists being read: the outermost one collects the items of the
        // lists nested in it (the model's lists are flat); `items` is the
        // stack of open items' indices.
        std::optional<List> list;
        std::vector<std::size_t> items;
        // Depths of the open lists and block quotes, counted on the way in
        // and out rather than found by walking up from each node.
        std::size_t lists = 0, quotes = 0;
        iter_ptr it(cmark_iter_new(document));
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
            cmark_node* n = cmark_iter_get_node(it.get());
            const cmark_node_type type = type_of(n);
            if (ev == CMARK_EVENT_EXIT) {
                if (type == CMARK_NODE_ITEM && !items.empty()) items.pop_back();
                if (type == CMARK_NODE_BLOCK_QUOTE) --quotes;
                if (type == CMARK_NODE_LIST && --lists == 0) {
                    blocks.add(std::move(*list));
                    list.reset();
                }
                continue;
            }
            if (type == CMARK_NODE_DOCUMENT) continue;
            if (type == CMARK_NODE_BLOCK_QUOTE) {
                ++quotes;
                continue;
            }
            if (type == CMARK_NODE_LIST) {
                opening = Opening::done;
                if (lists++ == 0) list = List{cmark_node_get_list_type(n) == CMARK_ORDERED_LIST, {}};
                continue;
            }
            if (type == CMARK_NODE_ITEM) {
                list->items.emplace_back();
                items.push_back(list->items.size() - 1);
                continue;
            }
            // A leaf block: its text goes to the open list item, a quote, or
            // the blocks of the open section. Its inline content is read here.
            cmark_iter_reset(it.get(), n, CMARK_EVENT_EXIT);
            if (type == CMARK_NODE_THEMATIC_BREAK) continue;
            if (type == CMARK_NODE_HTML_BLOCK) {
                std::string html(trim(std::string_view(cmark_node_get_literal(n))));
                while (!html.empty() && (html.back() == '\n' || html.back() == '\r')) html.pop_back();
                // Comments (the writer's "<!-- end list -->" between two lists) carry no text.
                if (html.rfind("<!--", 0) != 0 || html.find("-->") + 3 != html.size())
                    doc.dropped.push_back({html, "html-block", source_line(n)});
                // The writer's mark for a page without a byline whose first block is
                // a caption in emphasis, which would otherwise read as the byline.
                if (html == no_byline_mark) opening = Opening::done;
                // A post's writer and date, right after its heading.
                if (html.starts_with(post_mark_open) && html.ends_with(" -->"))
                    if (Section* s = blocks.fresh_section(); s && !s->is_post()) read_post_mark(html, *s);
                continue;
            }
            std::string text;
            if (type == CMARK_NODE_CODE_BLOCK) {
                text = cmark_node_get_literal(n);
                while (!text.empty() && text.back() == '\n') text.pop_back();
            } else {
                text = inline_text(n);
            }
            if (!items.empty()) {
                std::string& item = list->items[items.back()];
                if (!item.empty() && !text.empty()) item += ' ';
                item += text;
                continue;
            }
            if (quotes > 0) {
                opening = Opening::done;
                blocks.add(Quote{std::move(text)});
                continue;
            }
            if (type == CMARK_NODE_HEADING) {
                const int level = cmark_node_get_heading_level(n);
                if (trim(text).empty()) {
                    // "#" alone: no heading to open a section with.
                    doc.dropped.push_back({std::string(static_cast<std::size_t>(level), '#'), "empty-heading",
                                           source_line(n)});
                    continue;
                }
                if (level == 1 && opening == Opening::title) {
                    doc.meta.title = std::move(text);
                    opening = Opening::subtitle;
                } else {
                    opening = Opening::done;
                    blocks.heading(level, std::move(text));
                }
                continue;
            }
            if (type == CMARK_NODE_PARAGRAPH) {
                read_paragraph(n, blocks);
                continue;
            }
            opening = Opening::done;
            blocks.add(Paragraph{std::move(text)});  // code block
        }
    }

    static void read_post_mark(std::string_view html, Section& s) {
        html.remove_prefix(post_mark_open.size() - 1);  // from the "{"
        html.remove_suffix(4);
        const nlohmann::json data = nlohmann::json::parse(html, nullptr, false);
        if (!data.is_object()) return;
        auto text = [&](const char* key) -> std::optional<std::string> {
            auto it = data.find(key);
            return it != data.end() && it->is_string() ? std::optional<std::string>(it->get<std::string>()) : std::nullopt;
        };
        s.author = text("author");
        s.date = text("date");
    }

    std::size_t source_line(cmark_node* n) const {
        const int line = cmark_node_get_start_line(n);
        return line > 0 ? static_cast<std::size_t>(line) + line_offset : 0;
    }

    // Front matter fills what the body does not say: the body's title,
    // subtitle and byline are the ones a reader of the page sees.
    void apply_front_matter() {
        if (!front) return;
        const json& f = front->fields;
        auto text = [&](const char* key) -> std::optional<std::string> {
            if (!f.contains(key)) return std::nullopt;
            return field_text(f[key], key, name);
        };
        if (!doc.meta.title) doc.meta.title = text("title");
        if (!doc.meta.subtitle) doc.meta.subtitle = text("subtitle");
        if (!doc.byline) doc.byline = text("byline");
        doc.meta.publisher = text("publisher");
        doc.meta.date = text("date");
        doc.meta.language = text("language");
        if (f.contains("authors")) {
            const json& a = f["authors"];
            if (a.is_array()) {
                for (std::size_t i = 0; i < a.size(); ++i)
                    if (auto s = field_text(a[i], "authors", name)) doc.meta.authors.push_back(*s);
            } else if (auto s = field_text(a, "authors", name)) {
                doc.meta.authors.push_back(*s);
            }
        }
        if (auto d = text("direction")) {
            if (*d == "rtl") doc.meta.direction = Direction::rtl;
            else if (*d != "ltr")
                throw error(std::string(name), "front matter direction is \"" + *d + "\"; expected rtl or ltr", 2);
        }
        if (auto t = text("page_type")) {
            doc.meta.page_type = page_type_from_string(*t);
            if (!doc.meta.page_type)
                throw error(std::string(name), "front matter page_type is \"" + *t +
                                                   "\"; expected article, forum, product, collection, listing, "
                                                   "documentation, service or other",
                            2);
        }
        if (f.contains("source") && f["source"].is_object()) {
            const json& s = f["source"];
            for (const char* key : {"name", "format", "sha256", "url", "retrieved", "record_id"})
                if (s.contains(key) && !s[key].is_string())
                    throw error(std::string(name), std::string("front matter source.") + key + " should be text", 2);
            if (s.contains("name")) doc.meta.source.name = s["name"].get<std::string>();
            if (s.contains("format")) doc.meta.source.format = s["format"].get<std::string>();
            if (s.contains("sha256")) doc.meta.source.sha256 = s["sha256"].get<std::string>();
            if (s.contains("url")) doc.meta.source.url = s["url"].get<std::string>();
            if (s.contains("retrieved")) doc.meta.source.retrieved = s["retrieved"].get<std::string>();
            if (s.contains("record_id")) doc.meta.source.record_id = s["record_id"].get<std::string>();
        }
    }
};

Document read_markdown(std::string_view text, const ReadContext& context) {
    MarkdownReader reader;
    reader.name = context.source_name;
    reader.lines = split_lines(text);
    reader.front = read_front_matter(reader.lines, reader.name);
    std::string_view body = text;
    if (reader.front) {
        reader.line_offset = reader.front->body_line - 1;
        std::size_t offset = 0;
        for (std::size_t l = 0; l < reader.line_offset; ++l) {
            const std::size_t nl = text.find('\n', offset);
            offset = nl == std::string_view::npos ? text.size() : nl + 1;
        }
        body = text.substr(offset);
    }
    node_ptr document(cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT));
    reader.read(document.get());
    reader.apply_front_matter();
    // cmark expands "&#1;" and "&#xFFFE;" to those characters.
    text::clean_read_document(reader.doc);
    return std::move(reader.doc);
}

bool is_atx_heading(std::string_view line) {
    std::size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    return hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ';
}

// Markdown is also plain text, so only clear signs count: front matter, a
// "# " heading first, or several Markdown constructs (headings, images,
// links, block quotes) that scraped text does not have.
int sniff_markdown(std::string_view text) {
    const std::vector<std::string_view> lines = split_lines(text.substr(0, 64 * 1024));
    std::size_t first = 0;
    while (first < lines.size() && trim(lines[first]).empty()) ++first;
    if (first == lines.size()) return 0;
    if (first == 0 && lines[0] == "---") {
        bool fields = false;
        for (std::size_t l = 1; l < lines.size() && l < 64; ++l) {
            // Above HTML that only has "<html" somewhere in its first 4 KB
            // (90), as our Markdown of a page about HTML has (escaped): a
            // page of HTML does not open with a "---" line.
            if (lines[l] == "---" || lines[l] == "...") {
                if (fields) return 95;
                break;
            }
            if (lines[l].find(':') != std::string_view::npos) fields = true;
        }
    }
    const bool title_first = lines[first].size() > 2 && lines[first].substr(0, 2) == "# ";
    std::size_t headings = 0, images = 0, links = 0, quotes = 0;
    for (std::string_view l : lines) {
        if (is_atx_heading(l)) ++headings;
        if (l.find("![") != std::string_view::npos && l.find("](") != std::string_view::npos) ++images;
        else if (l.find("](") != std::string_view::npos && l.find('[') != std::string_view::npos) ++links;
        if (l.rfind("> ", 0) == 0) ++quotes;
    }
    const int kinds = (headings > 0) + (images > 0) + (links > 0) + (quotes > 0);
    if (title_first && (headings > 1 || kinds > 1)) return 70;
    if (title_first) return 40;
    if (headings >= 2 && kinds >= 2) return 40;
    return 0;
}

}  // namespace

extern const Reader markdown_reader = {"markdown", "markdown", sniff_markdown, read_markdown};

}  // namespace scrapedoc::readers
