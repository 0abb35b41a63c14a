// TEI reader: our own TEI (docs/mapping.md) back into the model, exactly, and
// ordinary TEI P5 articles that use the same elements (titleStmt, author,
// publisher, front/body, div/head/p/figure/list/quote/table). pugixml parses;
// the block tree is walked with an explicit stack, never recursion.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "readers/registry.hpp"
#include "text/clean.hpp"
#include "validate/json_lines.hpp"

namespace scrapedoc::readers {

namespace {

// Element names without a namespace prefix ("tei:p" -> "p"): pugixml does not
// resolve namespaces, and TEI files use the default namespace or a prefix.
std::string_view local_name(pugi::xml_node node) {
    std::string_view name = node.name();
    const std::size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is(pugi::xml_node node, std::string_view name) {
    return node.type() == pugi::node_element && local_name(node) == name;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node c : parent.children())
        if (is(c, name)) return c;
    return {};
}

std::string_view attribute(pugi::xml_node node, const char* name) { return node.attribute(name).value(); }

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Elements whose content is not running text: left out of a text (notes,
// page furniture) or read as blocks of their own after it (figures, lists
// and tables nested in a paragraph).
bool is_skipped_in_text(std::string_view name) {
    static constexpr std::string_view skipped[] = {"note", "fw", "pb", "cb", "milestone", "gap", "anchor",
                                                   "figure", "list", "table", "index", "interp", "link"};
    return std::find(std::begin(skipped), std::end(skipped), name) != std::end(skipped);
}

bool is_embedded_block(std::string_view name) { return name == "figure" || name == "list" || name == "table"; }

// White space a pretty-printer put between the children of an element that
// holds only elements: text nodes that are all blank, each with a line end,
// before the first child, between children and after the last. Our writer
// indents a byline made of docAuthor alone that way; any other text is kept
// exactly as it is.
bool is_indentation_only(pugi::xml_node node) {
    if (node.first_child().type() != pugi::node_pcdata || node.last_child().type() != pugi::node_pcdata) return false;
    bool any_element = false;
    for (pugi::xml_node c : node.children()) {
        if (c.type() == pugi::node_element) any_element = true;
        else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            const std::string_view v = c.value();
            if (!is_blank(v) || v.find('\n') == std::string_view::npos) return false;
        }
    }
    return any_element;
}

// In <choice>, the regularised, corrected or expanded reading.
pugi::xml_node preferred_reading(pugi::xml_node choice) {
    for (const char* name : {"reg", "corr", "expan"})
        if (pugi::xml_node c = child(choice, name)) return c;
    for (pugi::xml_node c : choice.children())
        if (c.type() == pugi::node_element) return c;
    return {};
}

// The running text of an element: its text nodes in document order, inline
// elements included. <lb/> and the start of each verse line become line
// ends (white space is collapsed later by the passes); notes and nested
// blocks are left out.
std::string text_of(pugi::xml_node element) {
    std::string out;
    std::vector<pugi::xml_node> stack;  // nodes still to visit, last first
    auto push_children = [&](pugi::xml_node parent) {
        const bool indentation = is_indentation_only(parent);
        const std::size_t mark = stack.size();
        for (pugi::xml_node c : parent.children()) {
            if (indentation && c.type() != pugi::node_element) continue;
            stack.push_back(c);
        }
        std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
    };
    push_children(element);
    while (!stack.empty()) {
        pugi::xml_node n = stack.back();
        stack.pop_back();
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            out += n.value();
            continue;
        }
        if (n.type() != pugi::node_element) continue;
        const std::string_view name = local_name(n);
        if (name == "lb") {
            if (attribute(n, "break") != std::string_view("no")) out += '\n';
            continue;
        }
        if (is_skipped_in_text(name)) continue;
        if (name == "l" && !out.empty()) out += '\n';
        if (name == "choice") {
            if (pugi::xml_node reading = preferred_reading(n)) stack.push_back(reading);
            continue;
        }
        push_children(n);
    }
    return out;
}

// "h2".."h6" in head/@rend; 0 when it is not there.
int rend_level(pugi::xml_node head) {
    const std::string_view rend = attribute(head, "rend");
    if (rend.size() == 2 && (rend[0] == 'h' || rend[0] == 'H') && rend[1] >= '1' && rend[1] <= '9') return rend[1] - '0';
    return 0;
}

bool is_ordered(pugi::xml_node list) {
    for (const char* name : {"rend", "type"}) {
        const std::string_view v = attribute(list, name);
        for (std::string_view word : {"numbered", "ordered", "decimal", "arabic"})
            if (v.find(word) != std::string_view::npos) return true;
    }
    return false;
}

Figure read_figure(pugi::xml_node node) {
    Figure f;
    if (pugi::xml_node graphic = child(node, "graphic"); graphic && graphic.attribute("url"))
        f.src = graphic.attribute("url").value();
    if (pugi::xml_node head = child(node, "head")) f.caption = text_of(head);
    if (pugi::xml_node desc = child(node, "figDesc")) f.alt = text_of(desc);
    for (pugi::xml_node p : node.children()) {
        if (!is(p, "p")) continue;
        if (attribute(p, "rend") == std::string_view("credit")) {
            if (!f.credit) f.credit = text_of(p);
        } else if (std::string t = text_of(p); !is_blank(t)) {
            // An ordinary TEI figure may caption itself in a <p>.
            f.caption = f.caption ? *f.caption + " " + t : t;
        }
    }
    return f;
}

// A list's items; lists nested in an item follow it as items of their own.
void read_list(pugi::xml_node node, std::vector<Block>& out) {
    List list;
    list.ordered = is_ordered(node);
    std::vector<pugi::xml_node> pending;  // items still to read, last first
    for (pugi::xml_node c = node.last_child(); c; c = c.previous_sibling())
        if (is(c, "item")) pending.push_back(c);
    while (!pending.empty()) {
        pugi::xml_node item = pending.back();
        pending.pop_back();
        pugi::xml_node before = item.previous_sibling();
        while (before && before.type() != pugi::node_element) before = before.previous_sibling();
        std::string text = text_of(item);
        // A glossary list labels its items; the label is part of the text.
        if (before && is(before, "label")) text = text_of(before) + " " + text;
        list.items.push_back(std::move(text));
        // Items of nested lists, in order, right after their parent item.
        std::vector<pugi::xml_node> nested;
        for (pugi::xml_node sub : item.children())
            if (is(sub, "list"))
                for (pugi::xml_node i : sub.children())
                    if (is(i, "item")) nested.push_back(i);
        for (auto it = nested.rbegin(); it != nested.rend(); ++it) pending.push_back(*it);
    }
    out.push_back(std::move(list));
}

Table read_table(pugi::xml_node node) {
    Table table;
    bool first = true;
    for (pugi::xml_node row : node.children()) {
        if (!is(row, "row")) continue;
        if (first && attribute(row, "role") == std::string_view("label")) table.header = true;
        first = false;
        std::vector<std::string> cells;
        for (pugi::xml_node cell : row.children())
            if (is(cell, "cell")) cells.push_back(text_of(cell));
        table.rows.push_back(std::move(cells));
    }
    return table;
}

// Blocks nested inside a paragraph (figures, lists, tables), read after it.
void read_embedded_blocks(pugi::xml_node paragraph, std::vector<Block>& out) {
    std::vector<pugi::xml_node> stack;
    for (pugi::xml_node c = paragraph.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    while (!stack.empty()) {
        pugi::xml_node n = stack.back();
        stack.pop_back();
        if (n.type() != pugi::node_element || local_name(n) == "note") continue;
        const std::string_view name = local_name(n);
        if (name == "figure") out.push_back(read_figure(n));
        else if (name == "list") read_list(n, out);
        else if (name == "table") out.push_back(read_table(n));
        else
            for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
}

bool has_embedded_blocks(pugi::xml_node node) {
    std::vector<pugi::xml_node> stack{node};
    while (!stack.empty()) {
        pugi::xml_node n = stack.back();
        stack.pop_back();
        for (pugi::xml_node c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            if (is_embedded_block(local_name(c))) return true;
            if (local_name(c) != "note") stack.push_back(c);
        }
    }
    return false;
}

// Elements that carry no text of the article.
bool is_ignored_block(std::string_view name) {
    static constexpr std::string_view ignored[] = {"pb", "cb", "lb", "milestone", "anchor", "gap", "fw", "space",
                                                   "index", "interp", "interpGrp", "link", "linkGrp", "join",
                                                   "spanGrp", "timeline", "graphic"};
    return std::find(std::begin(ignored), std::end(ignored), name) != std::end(ignored);
}

// What the opening of the story carries: headline, subtitle, byline, date.
struct Opening {
    std::optional<std::string> title, subtitle, byline, date;
    std::vector<std::string> authors;
};

// Reads an opening element (head, byline, docDate, docAuthor, docTitle);
// false when `node` is none of them.
bool read_opening(pugi::xml_node node, Opening& opening) {
    const std::string_view name = local_name(node);
    if (name == "head" || name == "titlePart") {
        const std::string_view type = attribute(node, "type");
        if (type == "sub" || type == "subtitle") {
            if (opening.subtitle) return false;
            opening.subtitle = text_of(node);
        } else {
            if (opening.title || (!type.empty() && type != "main")) return false;
            opening.title = text_of(node);
        }
        return true;
    }
    if (name == "titlePage") {
        for (pugi::xml_node c : node.children())
            if (c.type() == pugi::node_element) read_opening(c, opening);
        return true;
    }
    if (name == "docTitle") {
        for (pugi::xml_node part : node.children())
            if (is(part, "titlePart")) read_opening(part, opening);
        return true;
    }
    if (name == "byline") {
        if (opening.byline) return false;
        opening.byline = text_of(node);
        for (pugi::xml_node a : node.children())
            if (is(a, "docAuthor")) opening.authors.push_back(text_of(a));
        return true;
    }
    if (name == "docAuthor") {
        opening.authors.push_back(text_of(node));
        return true;
    }
    if (name == "docDate") {
        if (opening.date) return false;
        std::string date = text_of(node);
        if (is_blank(date) && node.attribute("when")) date = node.attribute("when").value();
        opening.date = std::move(date);
        return true;
    }
    return false;
}

// Walks a container (body, the story div, front) and the divs in it with an
// explicit stack. Sections are divs with a head; a div without one (our
// "continuation" divs, or an ordinary TEI div that is only a wrapper) folds
// its blocks into the level that holds it. `opening` collects the elements
// that open the container, until its first block.
void read_container(pugi::xml_node container, std::vector<Block>& top, Opening* opening, int base_level) {
    struct Level {
        pugi::xml_node next;
        std::vector<Block>* out;
        int depth;
        pugi::xml_node skip;  // the div's own head
    };
    std::vector<Level> stack{{container.first_child(), &top, base_level, {}}};
    bool in_opening = opening != nullptr;
    while (!stack.empty()) {
        Level& l = stack.back();
        if (!l.next) {
            stack.pop_back();
            continue;
        }
        pugi::xml_node n = l.next;
        l.next = n.next_sibling();
        if (n.type() != pugi::node_element || n == l.skip) continue;
        const std::string_view name = local_name(n);
        if (in_opening && stack.size() == 1 && read_opening(n, *opening)) continue;
        in_opening = false;
        std::vector<Block>& out = *l.out;
        if (name == "div" || name == "div1" || name == "div2" || name == "div3" || name == "div4" ||
            name == "div5" || name == "div6") {
            pugi::xml_node head = child(n, "head");
            if (!head || attribute(n, "type") == std::string_view("continuation")) {
                const int depth = l.depth;
                stack.push_back({n.first_child(), &out, depth, {}});
                continue;
            }
            Section s;
            s.heading = text_of(head);
            const int level = rend_level(head);
            s.level = std::clamp(level ? level : l.depth, 2, 6);
            // a post: its writer and date follow its head
            pugi::xml_node after_head = head;
            if (attribute(n, "type") == std::string_view("post")) {
                for (pugi::xml_node c = head.next_sibling(); c; c = c.next_sibling()) {
                    if (c.type() != pugi::node_element) continue;
                    if (is(c, "docAuthor") && !s.author) s.author = text_of(c);
                    else if (is(c, "docDate") && !s.date) {
                        std::string date = text_of(c);
                        if (is_blank(date) && c.attribute("when")) date = c.attribute("when").value();
                        s.date = std::move(date);
                    } else break;
                    after_head = c;
                }
            }
            out.push_back(std::move(s));
            const int depth = l.depth + 1;
            if (after_head == head)
                stack.push_back({n.first_child(), &std::get<Section>(out.back()).blocks, depth, head});  // invalidates `l`
            else
                stack.push_back({after_head.next_sibling(), &std::get<Section>(out.back()).blocks, depth, {}});
            continue;
        }
        if (name == "figure") {
            out.push_back(read_figure(n));
        } else if (name == "list") {
            read_list(n, out);
        } else if (name == "table") {
            out.push_back(read_table(n));
        } else if (name == "quote" || name == "cit") {
            pugi::xml_node quote = name == "cit" ? child(n, "quote") : n;
            bool any = false;
            for (pugi::xml_node p : quote.children())
                if (is(p, "p") || is(p, "lg") || is(p, "ab")) {
                    out.push_back(Quote{text_of(p)});
                    any = true;
                }
            if (!any && quote) out.push_back(Quote{text_of(quote)});
            if (name == "cit")
                if (pugi::xml_node bibl = child(n, "bibl")) out.push_back(Paragraph{text_of(bibl)});
        } else if (is_ignored_block(name)) {
            continue;
        } else {
            // p, ab, lg, and any other element with text: a paragraph, then
            // the blocks nested in it.
            std::string text = text_of(n);
            const bool nested = has_embedded_blocks(n);
            if (!nested || !is_blank(text)) out.push_back(Paragraph{std::move(text)});
            if (nested) read_embedded_blocks(n, out);
        }
    }
}

// The story: our <div type="story">, or the body itself.
pugi::xml_node story_of(pugi::xml_node body) {
    pugi::xml_node only;
    for (pugi::xml_node c : body.children()) {
        if (c.type() != pugi::node_element) continue;
        if (only) return body;
        only = c;
    }
    return only && is(only, "div") && attribute(only, "type") == std::string_view("story") ? only : body;
}

bool is_rtl(std::string_view style) {
    const std::size_t at = style.find("direction");
    if (at == std::string_view::npos) return false;
    std::string_view rest = style.substr(at + std::strlen("direction"));
    const std::size_t value = rest.find_first_not_of(" \t:");
    return value != std::string_view::npos && rest.substr(value, 3) == "rtl";
}

void read_header(pugi::xml_node header, Document& doc, const std::string& name) {
    Meta& meta = doc.meta;
    pugi::xml_node file_desc = child(header, "fileDesc");
    pugi::xml_node title_stmt = child(file_desc, "titleStmt");
    std::optional<std::string> main, untyped;
    for (pugi::xml_node t : title_stmt.children()) {
        if (is(t, "title")) {
            const std::string_view type = attribute(t, "type");
            if (type == "main" && !main) main = text_of(t);
            else if ((type == "sub" || type == "subtitle") && !meta.subtitle) meta.subtitle = text_of(t);
            else if (type.empty() && !untyped) untyped = text_of(t);
        } else if (is(t, "author")) {
            meta.authors.push_back(text_of(t));
        }
    }
    // An untitled page has an empty <title/>: TEI requires the element.
    if (main) meta.title = main;
    else if (untyped && !is_blank(*untyped)) meta.title = untyped;

    pugi::xml_node publication = child(file_desc, "publicationStmt");
    if (pugi::xml_node publisher = child(publication, "publisher")) meta.publisher = text_of(publisher);

    pugi::xml_node bibl = child(child(file_desc, "sourceDesc"), "bibl");
    // The publication date; a date typed "retrieved" is when an archive fetched the page.
    pugi::xml_node date;
    for (pugi::xml_node c : bibl.children())
        if (is(c, "date") && attribute(c, "type") != "retrieved") {
            date = c;
            break;
        }
    if (!date) date = child(publication, "date");
    if (date) {
        std::string text = text_of(date);
        meta.date = is_blank(text) && date.attribute("when") ? std::string(date.attribute("when").value()) : text;
    }
    for (pugi::xml_node c : bibl.children()) {
        const std::string_view type = attribute(c, "type");
        if (is(c, "idno") && type == "filename") meta.source.name = text_of(c);
        else if (is(c, "idno") && type == "sha256") meta.source.sha256 = text_of(c);
        else if (is(c, "note") && type == "format") meta.source.format = text_of(c);
        else if (is(c, "idno") && type == "URI") meta.source.url = text_of(c);
        else if (is(c, "idno") && type == "warc-record-id") meta.source.record_id = text_of(c);
        else if (is(c, "date") && type == "retrieved") {
            const std::string text = text_of(c);
            meta.source.retrieved = is_blank(text) && c.attribute("when") ? std::string(c.attribute("when").value()) : text;
        }
    }

    pugi::xml_node profile = child(header, "profileDesc");
    pugi::xml_node language = child(child(profile, "langUsage"), "language");
    if (language && language.attribute("ident")) meta.language = language.attribute("ident").value();
    // Our page type is the classCode in our scheme; other classifications
    // a TEI file carries are not ours to read.
    for (pugi::xml_node text_class : profile.children())
        if (is(text_class, "textClass"))
            for (pugi::xml_node code : text_class.children())
                if (is(code, "classCode") && attribute(code, "scheme") == std::string_view(page_type_scheme)) {
                    const std::string value = text_of(code);
                    meta.page_type = page_type_from_string(value);
                    if (!meta.page_type)
                        throw error(name, "classCode in scheme " + std::string(page_type_scheme) + " is \"" + value +
                                              "\"; expected article, forum, product, collection, listing, "
                                              "documentation, service or other");
                }
}

Document read_tei(std::string_view text, const ReadContext& context) {
    const std::string name(context.source_name);
    pugi::xml_document xml;
    // Keep blank text nodes: in mixed content ("A <docAuthor>B</docAuthor>")
    // a lone space between two names is part of the text.
    const pugi::xml_parse_result parsed =
        xml.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed)
        throw error(name, std::string("not well-formed XML: ") + parsed.description(),
                    validate::line_at(text, static_cast<std::size_t>(parsed.offset)));
    pugi::xml_node tei = xml.document_element();
    if (is(tei, "teiCorpus"))
        throw error(name, "a teiCorpus holds several documents; give one <TEI> document at a time");
    if (!is(tei, "TEI"))
        throw error(name, "not a TEI document: the root element is <" + std::string(tei.name()) + ">, not <TEI>");

    Document doc;
    read_header(child(tei, "teiHeader"), doc, name);
    pugi::xml_node text_node = child(tei, "text");
    if (!doc.meta.language) {
        for (pugi::xml_node n : {text_node, tei})
            if (n.attribute("xml:lang")) {
                doc.meta.language = n.attribute("xml:lang").value();
                break;
            }
    }
    if (is_rtl(attribute(text_node, "style")) || is_rtl(attribute(child(text_node, "body"), "style")))
        doc.meta.direction = Direction::rtl;

    Opening opening;
    if (pugi::xml_node front = child(text_node, "front")) read_container(front, doc.blocks, &opening, 2);
    pugi::xml_node body = child(text_node, "body");
    if (!body) {
        // An ordinary TEI text may be a <group> of texts; read what has a body.
        pugi::xml_node group = child(text_node, "group");
        for (pugi::xml_node t : group.children())
            if (is(t, "text") && child(t, "body")) read_container(child(t, "body"), doc.blocks, nullptr, 2);
    } else {
        pugi::xml_node story = story_of(body);
        read_container(story, doc.blocks, doc.blocks.empty() ? &opening : nullptr, 2);
    }
    if (!doc.meta.title && opening.title && !is_blank(*opening.title)) doc.meta.title = opening.title;
    if (!doc.meta.subtitle) doc.meta.subtitle = opening.subtitle;
    if (!doc.meta.date) doc.meta.date = opening.date;
    if (doc.meta.authors.empty()) doc.meta.authors = opening.authors;
    doc.byline = opening.byline;
    if (child(text_node, "back"))
        doc.warnings.push_back({"the TEI <back> matter (notes, appendices) is not read", 0});
    // Character references can spell what a document never holds (&#1;,
    // &#xFFFE;): pugixml expands them all without a check.
    text::clean_read_document(doc);
    return doc;
}

// A document whose root element is TEI (or teiCorpus, refused with a reason).
int sniff_tei(std::string_view text) {
    const std::string_view head = text.substr(0, 4096);
    for (std::string_view root : {"<TEI", "<tei:TEI", "<teiCorpus", "<tei:teiCorpus"}) {
        std::size_t at = head.find(root);
        while (at != std::string_view::npos) {
            const std::size_t after = at + root.size();
            if (after < head.size() && (head[after] == ' ' || head[after] == '>' || head[after] == '\n' ||
                                        head[after] == '\t' || head[after] == '\r' || head[after] == '/'))
                return 99;
            at = head.find(root, after);
        }
    }
    return 0;
}

}  // namespace

extern const Reader tei_reader = {"tei", "tei", sniff_tei, read_tei};

}  // namespace scrapedoc::readers
