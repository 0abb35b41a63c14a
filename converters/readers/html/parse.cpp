// Builds the compact Tree from libxml2's HTML parser, driven through SAX so no
// libxml2 DOM is ever allocated. libxml2 was measured against gumbo on the
// benchmark pages (docs/html-reader.md): three times faster, linear on deep
// nesting, and its repairs of broken markup keep all text in reading order.
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "readers/html/tree.hpp"
#include "readers/text/release.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

struct TagInfo {
    Tag tag;
    std::string_view name;
    std::uint8_t flags;
};

constexpr std::uint8_t B = tag_block, V = tag_void, I = tag_invisible, H = tag_heading | tag_block;

// clang-format off
constexpr TagInfo tag_table[] = {
    {Tag::other, "", 0}, {Tag::text, "#text", 0},
    {Tag::a, "a", 0}, {Tag::address, "address", B}, {Tag::article, "article", B}, {Tag::aside, "aside", B},
    {Tag::audio, "audio", B | I}, {Tag::b, "b", 0}, {Tag::blockquote, "blockquote", B}, {Tag::body, "body", B},
    {Tag::br, "br", V}, {Tag::button, "button", I}, {Tag::canvas, "canvas", I}, {Tag::caption, "caption", B},
    {Tag::center, "center", B}, {Tag::cite, "cite", 0}, {Tag::code, "code", 0}, {Tag::dd, "dd", B},
    {Tag::details, "details", B}, {Tag::dialog, "dialog", B}, {Tag::div, "div", B}, {Tag::dl, "dl", B},
    {Tag::dt, "dt", B}, {Tag::em, "em", 0}, {Tag::embed, "embed", V | I}, {Tag::fieldset, "fieldset", B},
    {Tag::figcaption, "figcaption", B}, {Tag::figure, "figure", B}, {Tag::font, "font", 0},
    {Tag::footer, "footer", B}, {Tag::form, "form", B}, {Tag::frame, "frame", V | I},
    {Tag::frameset, "frameset", B | I}, {Tag::h1, "h1", H}, {Tag::h2, "h2", H}, {Tag::h3, "h3", H},
    {Tag::h4, "h4", H}, {Tag::h5, "h5", H}, {Tag::h6, "h6", H}, {Tag::head, "head", B | I},
    {Tag::header, "header", B}, {Tag::hr, "hr", B | V}, {Tag::html, "html", B}, {Tag::i, "i", 0},
    {Tag::iframe, "iframe", B | I}, {Tag::img, "img", V}, {Tag::input, "input", V | I}, {Tag::label, "label", 0},
    {Tag::legend, "legend", B}, {Tag::li, "li", B}, {Tag::link, "link", V | I}, {Tag::main, "main", B},
    {Tag::map, "map", 0}, {Tag::math, "math", I}, {Tag::menu, "menu", B}, {Tag::meta, "meta", V | I},
    {Tag::nav, "nav", B}, {Tag::noscript, "noscript", B | I}, {Tag::object, "object", B | I}, {Tag::ol, "ol", B},
    {Tag::option, "option", B | I}, {Tag::p, "p", B}, {Tag::picture, "picture", 0}, {Tag::pre, "pre", B},
    {Tag::q, "q", 0}, {Tag::s, "s", 0}, {Tag::script, "script", I}, {Tag::section, "section", B},
    {Tag::select, "select", B | I}, {Tag::small, "small", 0}, {Tag::source, "source", V | I},
    {Tag::span, "span", 0}, {Tag::strong, "strong", 0}, {Tag::style, "style", I}, {Tag::summary, "summary", B},
    {Tag::sup, "sup", 0}, {Tag::sub, "sub", 0}, {Tag::svg, "svg", I}, {Tag::table, "table", B},
    {Tag::tbody, "tbody", B}, {Tag::td, "td", B}, {Tag::template_, "template", B | I},
    {Tag::textarea, "textarea", B | I}, {Tag::tfoot, "tfoot", B}, {Tag::th, "th", B}, {Tag::thead, "thead", B},
    {Tag::time, "time", 0}, {Tag::title, "title", I}, {Tag::tr, "tr", B}, {Tag::u, "u", 0}, {Tag::ul, "ul", B},
    {Tag::video, "video", B | I}, {Tag::wbr, "wbr", V}, {Tag::hgroup, "hgroup", B}, {Tag::blink, "blink", 0},
    {Tag::marquee, "marquee", 0}, {Tag::var, "var", 0}, {Tag::tt, "tt", 0}, {Tag::big, "big", 0},
    {Tag::abbr, "abbr", 0}, {Tag::mark, "mark", 0}, {Tag::dfn, "dfn", 0}, {Tag::kbd, "kbd", 0},
    {Tag::samp, "samp", 0}, {Tag::ins, "ins", 0}, {Tag::del, "del", 0}, {Tag::strike, "strike", 0},
    {Tag::bdi, "bdi", 0}, {Tag::bdo, "bdo", 0}, {Tag::data, "data", 0}, {Tag::ruby, "ruby", 0},
    {Tag::rt, "rt", 0}, {Tag::rp, "rp", I}, {Tag::output, "output", 0}, {Tag::progress, "progress", I},
    {Tag::meter, "meter", I}, {Tag::datalist, "datalist", I}, {Tag::optgroup, "optgroup", B | I},
    {Tag::area, "area", V | I}, {Tag::base, "base", V | I}, {Tag::col, "col", V}, {Tag::colgroup, "colgroup", I},
    {Tag::param, "param", V | I}, {Tag::track, "track", V | I}, {Tag::search, "search", B},
};
// clang-format on
static_assert(std::size(tag_table) == static_cast<std::size_t>(Tag::count_));

constexpr bool table_in_order() {
    for (std::size_t i = 0; i < std::size(tag_table); ++i)
        if (static_cast<std::size_t>(tag_table[i].tag) != i) return false;
    return true;
}
static_assert(table_in_order(), "tag_table must follow the order of enum Tag");

const std::unordered_map<std::string_view, Tag>& tags_by_name() {
    static const auto map = [] {
        std::unordered_map<std::string_view, Tag> m;
        for (const auto& t : tag_table)
            if (t.tag != Tag::other && t.tag != Tag::text) m.emplace(t.name, t.tag);
        return m;
    }();
    return map;
}

// Script bodies are kept only for JSON-LD, which the metadata step reads.
bool keeps_raw_text(std::string_view type) {
    return type.find("ld+json") != std::string_view::npos;
}

struct Open {
    std::uint32_t node;        // node children attach to
    std::uint32_t last_child;  // last child attached so far
    bool ignored;              // a repeated <html>/<head>/<body> merged into the first
};

struct Builder {
    Tree tree;
    xmlParserCtxtPtr ctxt = nullptr;
    std::vector<Open> stack;
    std::uint32_t open_text = no_node;  // text node that characters() may still extend
    bool text_extended = false;         // ... by more than one piece (an entity is one)
    int raw_depth = 0;                  // inside an element whose text is dropped
    bool seen_html = false, seen_head = false, seen_body = false;

    std::uint32_t line() const {
        return ctxt && ctxt->input ? static_cast<std::uint32_t>(std::max(ctxt->input->line, 1)) : 0;
    }

    Span store(std::string_view s) {
        Span sp{static_cast<std::uint32_t>(tree.strings.size()), static_cast<std::uint32_t>(s.size())};
        tree.strings.append(s);
        return sp;
    }

    std::uint32_t append_node(Tag tag) {
        auto idx = static_cast<std::uint32_t>(tree.nodes.size());
        Node n;
        n.tag = tag;
        n.line = line();
        Open& top = stack.back();
        n.parent = top.node;
        if (top.last_child == no_node) tree.nodes[top.node].first_child = idx;
        else tree.nodes[top.last_child].next_sibling = idx;
        top.last_child = idx;
        tree.nodes.push_back(n);
        return idx;
    }

    // The input is NFC already (text/decode.cpp); a character reference can
    // still add a combining mark to the letter before it ("e&#x301;"), so a
    // text made of pieces is brought to NFC when it closes. It is the last
    // string stored: it can be rewritten in place.
    void close_text() {
        if (open_text != no_node && text_extended) {
            Span& sp = tree.nodes[open_text].text;
            std::string_view piece(tree.strings.data() + sp.offset, sp.length);
            if (!text::is_nfc(piece)) {
                std::string nfc = text::to_nfc(piece);
                tree.strings.resize(sp.offset);
                tree.strings.append(nfc);
                sp.length = static_cast<std::uint32_t>(nfc.size());
            }
        }
        open_text = no_node;
        text_extended = false;
    }

    void start(const char* name, const char** atts) {
        close_text();
        std::string_view nm(name);
        auto it = tags_by_name().find(nm);
        Tag tag = it == tags_by_name().end() ? Tag::other : it->second;
        bool* seen = tag == Tag::html ? &seen_html : tag == Tag::head ? &seen_head : tag == Tag::body ? &seen_body
                                                                                                      : nullptr;
        if (seen && (*seen || tag == Tag::html)) {
            // The root is made up front; the first <html> lends it its
            // attributes (lang). Repeated ones are merged away.
            if (tag == Tag::html && !*seen) add_attributes(0, atts);
            *seen = true;
            stack.push_back({stack.back().node, stack.back().last_child, true});
            return;
        }
        if (seen) *seen = true;
        std::uint32_t idx = append_node(tag);
        if (tag == Tag::other) tree.nodes[idx].text = store(nm);
        add_attributes(idx, atts);
        stack.push_back({idx, no_node, false});
        if (raw_depth > 0 || tag == Tag::style || tag == Tag::textarea ||
            (tag == Tag::script && !keeps_raw_text(tree.attr(idx, "type"))))
            ++raw_depth;
    }

    void add_attributes(std::uint32_t idx, const char** atts) {
        Node& n = tree.nodes[idx];
        if (n.attr_begin == n.attr_end) n.attr_begin = n.attr_end = static_cast<std::uint32_t>(tree.attributes.size());
        if (!atts) return;
        for (std::size_t i = 0; atts[i]; i += 2) {
            Attribute a;
            a.name = store(atts[i]);
            a.value = atts[i + 1] ? store(atts[i + 1]) : Span{};
            // Attributes of one node stay contiguous: only the root can get
            // more later, and it gets them before any other node exists.
            tree.attributes.push_back(a);
            ++tree.nodes[idx].attr_end;
        }
    }

    void end() {
        close_text();
        if (stack.size() <= 1) return;  // an end tag the parser did not open
        Open o = stack.back();
        stack.pop_back();
        if (o.ignored) {
            stack.back().last_child = o.last_child;
            return;
        }
        tree.nodes[o.node].end = static_cast<std::uint32_t>(tree.nodes.size());
        if (raw_depth > 0) --raw_depth;
        // raw_depth counts the dropped element and everything inside it; the
        // count is exact because start() increments for every element inside.
    }

    void characters(const char* s, int len) {
        if (raw_depth > 0 || len <= 0) return;
        if (open_text != no_node) {
            tree.strings.append(s, static_cast<std::size_t>(len));
            tree.nodes[open_text].text.length += static_cast<std::uint32_t>(len);
            text_extended = true;
            return;
        }
        std::uint32_t idx = append_node(Tag::text);
        tree.nodes[idx].text = store({s, static_cast<std::size_t>(len)});
        tree.nodes[idx].end = idx + 1;
        open_text = idx;
    }

    void finish() {
        close_text();
        while (stack.size() > 1) end();
        tree.nodes[0].end = static_cast<std::uint32_t>(tree.nodes.size());
    }
};

bool ascii_iequal(std::string_view s, std::size_t pos, std::string_view lower) {
    if (pos + lower.size() > s.size()) return false;
    for (std::size_t k = 0; k < lower.size(); ++k) {
        char c = s[pos + k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
        if (c != lower[k]) return false;
    }
    return true;
}

// Where a start tag's closing '>' is, quotes respected; npos when none.
std::size_t tag_end(std::string_view s, std::size_t pos) {
    char quote = 0;
    for (; pos < s.size(); ++pos) {
        char c = s[pos];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return pos;
        }
    }
    return std::string_view::npos;
}

// The text with the bodies of <script> and <style> elements reduced to
// their line breaks (JSON-LD scripts are kept). libxml2 reads raw text one
// character at a time, and these bodies are half the bytes of a typical
// page yet never page text; line numbers stay as they were. Comments are
// skipped the way the parser skips them, so a "<script" inside one does
// not count.
//
// `release` hands back the pages of `in` as they are copied; `tags` counts
// the '<' seen outside comments and raw bodies (at most one element each).
std::string blank_raw_bodies(std::string_view in, readers::text_segmenter::PageReleaser& release, std::size_t& tags) {
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        release.release_before(in.data() + i);
        std::size_t lt = in.find('<', i);
        ++tags;
        if (lt == std::string_view::npos) break;
        if (in.compare(lt, 4, "<!--") == 0) {
            std::size_t close = in.find("-->", lt + 4);
            std::size_t end = close == std::string_view::npos ? in.size() : close + 3;
            out.append(in.substr(i, end - i));
            i = end;
            continue;
        }
        std::string_view name = ascii_iequal(in, lt + 1, "script") ? "script"
                                : ascii_iequal(in, lt + 1, "style") ? "style"
                                                                     : std::string_view{};
        std::size_t after = lt + 1 + name.size();
        if (name.empty() || after >= in.size() ||
            !(in[after] == '>' || in[after] == '/' || in[after] == ' ' || in[after] == '\t' || in[after] == '\n' ||
              in[after] == '\r' || in[after] == '\f')) {
            out.append(in.substr(i, lt + 1 - i));
            i = lt + 1;
            continue;
        }
        std::size_t gt = tag_end(in, after);
        if (gt == std::string_view::npos) break;
        std::string_view start_tag = in.substr(lt, gt + 1 - lt);
        bool keep = false;
        for (std::size_t k = 0; k + 7 <= start_tag.size() && !keep; ++k) keep = ascii_iequal(start_tag, k, "ld+json");
        // the body ends at "</script" or "</style", in any case
        std::size_t close = gt + 1;
        while ((close = in.find("</", close)) != std::string_view::npos && !ascii_iequal(in, close + 2, name)) ++close;
        if (close == std::string_view::npos) close = in.size();
        out.append(in.substr(i, gt + 1 - i));
        std::string_view body = in.substr(gt + 1, close - gt - 1);
        if (keep) out.append(body);
        else
            for (char c : body)
                if (c == '\n') out += c;
        i = close;
    }
    if (i < in.size()) out.append(in.substr(i));
    return out;
}

Builder* builder_of(void* ctx) { return static_cast<Builder*>(ctx); }

void on_start(void* ctx, const xmlChar* name, const xmlChar** atts) {
    builder_of(ctx)->start(reinterpret_cast<const char*>(name), reinterpret_cast<const char**>(atts));
}
void on_end(void* ctx, const xmlChar*) { builder_of(ctx)->end(); }
void on_characters(void* ctx, const xmlChar* s, int len) {
    builder_of(ctx)->characters(reinterpret_cast<const char*>(s), len);
}
void on_silence(void*, const char*, ...) {}

}  // namespace

std::uint8_t tag_flags(Tag t) { return tag_table[static_cast<std::size_t>(t)].flags; }
std::string_view tag_name(Tag t) { return tag_table[static_cast<std::size_t>(t)].name; }
Tag tag_from_name(std::string_view name) {
    auto it = tags_by_name().find(name);
    return it == tags_by_name().end() ? Tag::other : it->second;
}

std::string_view Tree::attr(std::uint32_t n, std::string_view name) const {
    const Node& node = nodes[n];
    for (std::uint32_t i = node.attr_begin; i < node.attr_end; ++i)
        if (str(attributes[i].name) == name) return str(attributes[i].value);
    return {};
}

bool Tree::has_attr(std::uint32_t n, std::string_view name) const {
    const Node& node = nodes[n];
    for (std::uint32_t i = node.attr_begin; i < node.attr_end; ++i)
        if (str(attributes[i].name) == name) return true;
    return false;
}

std::string_view Tree::name(std::uint32_t n) const {
    const Node& node = nodes[n];
    return node.tag == Tag::other ? str(node.text) : tag_name(node.tag);
}

std::vector<std::uint32_t> Tree::find_all(Tag t) const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].tag == t) out.push_back(i);
    return out;
}

namespace {

// A <button> holds phrasing content only. One that holds regions of a page
// (<main>, <article>, <section>, <nav>, <form>, ...) is one libxml2 left
// open (it ignores </button> while a <div> inside it is open:
// "<button><div></button>"), and the rest of the page went into it: it is
// read as a <div>, not as an invisible control. (Headings and paragraphs in
// buttons are tab labels, which are left as they are.)
void open_unclosed_buttons(Tree& tree) {
    auto& nodes = tree.nodes;
    std::vector<bool> structure(nodes.size(), false);
    bool any_button = false;
    for (std::size_t k = nodes.size(); k-- > 1;) {
        Tag tag = nodes[k].tag;
        any_button = any_button || tag == Tag::button;
        if (tag == Tag::article || tag == Tag::main || tag == Tag::section || tag == Tag::nav || tag == Tag::header ||
            tag == Tag::footer || tag == Tag::aside || tag == Tag::form)
            structure[k] = true;
        if (structure[k] && nodes[k].parent != no_node) structure[nodes[k].parent] = true;
    }
    if (!any_button) return;
    for (std::size_t k = 1; k < nodes.size(); ++k)
        if (nodes[k].tag == Tag::button && structure[k]) nodes[k].tag = Tag::div;
}

}  // namespace

Tree parse_html(std::string_view utf8, bool release_input) {
    if (utf8.size() > static_cast<std::size_t>(INT_MAX)) throw std::length_error("HTML input above 2 GiB");
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });

    std::size_t tags = 0;
    readers::text_segmenter::PageReleaser release;
    if (release_input) release = readers::text_segmenter::PageReleaser(utf8.data(), utf8.data() + utf8.size());
    std::string input = blank_raw_bodies(utf8, release, tags);
    // An empty buffer makes libxml2 refuse to create a context.
    // Appended, not assigned: gcc 12 warns (-Wrestrict, a false positive) on input = " ".
    if (input.empty()) input += ' ';

    // Room for the most the page can need (nodes: an element and a text per
    // '<'; attributes: one per '='; strings: no more than the input), so no
    // vector is copied while it grows; pages never written are never
    // resident.
    Builder b;
    b.tree.nodes.reserve(2 * tags + 16);
    b.tree.attributes.reserve(static_cast<std::size_t>(std::count(input.begin(), input.end(), '=')) + 16);
    b.tree.strings.reserve(input.size() + 64);
    Node root;
    root.tag = Tag::html;
    root.line = 1;
    b.tree.nodes.push_back(root);
    b.stack.push_back({0, no_node, false});

    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(input.data(), static_cast<int>(input.size()));
    if (!ctxt) throw std::bad_alloc();
    htmlSAXHandler sax{};
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.cdataBlock = on_characters;
    sax.warning = on_silence;
    sax.error = on_silence;
    sax.fatalError = on_silence;
    *ctxt->sax = sax;
    ctxt->userData = &b;
    b.ctxt = ctxt;
    // The text is already UTF-8 (decode() ran); a <meta charset> must not
    // make libxml2 convert it again. HUGE lifts the 256-level depth limit,
    // which would otherwise end the parse and lose the rest of the page.
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    ctxt->userData = nullptr;
    b.ctxt = nullptr;
    htmlFreeParserCtxt(ctxt);
    b.finish();
    open_unclosed_buttons(b.tree);
    return std::move(b.tree);
}

}  // namespace scrapedoc::html
