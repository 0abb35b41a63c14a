// What must hold of every written output, whatever the input was
// (docs/hardening.md): checked by the fuzz targets on every input they are
// given and by the hostile-input unit tests. Each check returns what is
// wrong, or an empty string.
//
// The parsers that judge are independent of our writers: pugixml re-parses
// TEI, nlohmann parses JSON, cmark parses Markdown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <cmark.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <unicode/utf8.h>

#include "model/document.hpp"

namespace scrapedoc::checks {

// The first ill-formed UTF-8 sequence (overlong forms, surrogates and code
// points past U+10FFFF included), as ICU's U8_NEXT judges it.
inline std::string utf8_problem(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        if (c < 0) return "invalid UTF-8 at byte " + std::to_string(at);
    }
    return {};
}

// XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
inline bool is_xml_char(UChar32 c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

inline std::string xml_chars_problem(std::string_view s, std::string_view where) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        if (c < 0) return std::string(where) + ": invalid UTF-8 at byte " + std::to_string(at);
        if (!is_xml_char(c))
            return std::string(where) + ": character U+" + std::to_string(c) + " (decimal) not allowed in XML 1.0 at byte " +
                   std::to_string(at);
    }
    return {};
}

// TEI: valid UTF-8, no character XML 1.0 forbids (neither literally nor as a
// character reference), well-formed (pugixml), a TEI root element.
inline std::string tei_problem(std::string_view xml) {
    if (auto p = xml_chars_problem(xml, "TEI bytes"); !p.empty()) return p;
    pugi::xml_document doc;
    pugi::xml_parse_result parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype,
                        pugi::encoding_utf8);
    if (!parsed)
        return std::string("TEI not well-formed: ") + parsed.description() + " at byte " + std::to_string(parsed.offset);
    if (std::string_view(doc.document_element().name()) != "TEI")
        return "TEI root element is <" + std::string(doc.document_element().name()) + ">";
    // Character references are expanded by the parse: check what they became.
    std::vector<pugi::xml_node> stack{doc.document_element()};
    while (!stack.empty()) {
        pugi::xml_node node = stack.back();
        stack.pop_back();
        if (auto p = xml_chars_problem(node.value(), "TEI text"); !p.empty()) return p;
        for (pugi::xml_attribute a : node.attributes())
            if (auto p = xml_chars_problem(a.value(), "TEI attribute"); !p.empty()) return p;
        for (pugi::xml_node child : node.children()) stack.push_back(child);
    }
    return {};
}

// JSON: parses (nlohmann rejects ill-formed UTF-8 in strings), and says what
// it is: {"format": "scrapedoc", "version": 1, ...}.
inline std::string json_problem(std::string_view text) {
    if (auto p = utf8_problem(text); !p.empty()) return "JSON: " + p;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return std::string("JSON does not parse: ") + e.what();
    }
    if (!j.is_object()) return "JSON is not an object";
    if (j.value("format", "") != "scrapedoc") return "JSON lacks \"format\": \"scrapedoc\"";
    if (!j.contains("version") || j["version"] != 1) return "JSON lacks \"version\": 1";
    return {};
}

namespace detail {

// A block of Markdown as text with its inline structure spelled out, so the
// written and the re-parsed document can be compared as strings. Markers
// start with U+0001, a control character that decode() removes from page
// text, so page text cannot imitate them.
inline constexpr std::string_view em_open = "\x01<em>", em_close = "\x01</em>";
inline constexpr std::string_view strong_open = "\x01<strong>", strong_close = "\x01</strong>";
inline constexpr std::string_view line_break = "\x01<br>";

struct MdBlock {
    std::string kind;  // heading1..6, paragraph, quote, list, table
    std::string text;
    bool operator==(const MdBlock&) const = default;
};

inline std::string show(const MdBlock& b) {
    std::string t;
    for (char c : b.text) t += c == '\x01' ? '^' : c;
    if (t.size() > 300) t = t.substr(0, 300) + "...";
    return b.kind + " \"" + t + "\"";
}

inline int clamp_level(int level) { return level < 1 ? 1 : level > 6 ? 6 : level; }

// An image's address as cmark writes it, and so reads it back: white space
// percent-encoded ("a b" is the link destination "a%20b"); an address the
// HTML reader took from markup has none left (content.cpp, clean_url).
inline std::string url_as_written(std::string_view url) {
    std::string out;
    for (char c : url) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[static_cast<unsigned char>(c) >> 4];
            out += hex[c & 15];
        } else {
            out += c;
        }
    }
    return out;
}

// What the writer was given, in the order it writes it (docs/mapping.md).
inline std::vector<MdBlock> expected_blocks(const Document& doc) {
    std::vector<MdBlock> out;
    if (doc.meta.title) out.push_back({"heading1", *doc.meta.title});
    if (doc.meta.subtitle)
        out.push_back({"paragraph", std::string(strong_open) + *doc.meta.subtitle + std::string(strong_close)});
    if (doc.byline) out.push_back({"paragraph", std::string(em_open) + *doc.byline + std::string(em_close)});
    struct Level {
        const std::vector<Block>* blocks;
        std::size_t next;
    };
    const std::size_t opening = out.size();
    std::vector<Level> stack{{&doc.blocks, 0}};
    while (!stack.empty()) {
        Level& level = stack.back();
        if (level.next == level.blocks->size()) {
            stack.pop_back();
            continue;
        }
        const Block& block = (*level.blocks)[level.next++];
        if (const auto* s = std::get_if<Section>(&block)) {
            out.push_back({"heading" + std::to_string(clamp_level(s->level)), s->heading});
            stack.push_back({&s->blocks, 0});
        } else if (const auto* p = std::get_if<Paragraph>(&block)) {
            out.push_back({"paragraph", p->text});
        } else if (const auto* q = std::get_if<Quote>(&block)) {
            out.push_back({"quote", q->text});
        } else if (const auto* l = std::get_if<List>(&block)) {
            if (l->items.empty()) continue;
            std::string text;
            for (const auto& item : l->items) (text += item) += '\n';
            out.push_back({"list", text});
        } else if (const auto* f = std::get_if<Figure>(&block)) {
            // An empty field is written as an absent one.
            auto known = [](const std::optional<std::string>& field) { return field && !field->empty(); };
            const bool image = known(f->src) || known(f->alt);
            const bool caption = known(f->caption), credit = known(f->credit);
            if (!image && !caption && !credit) continue;
            std::string text;
            if (image) text += "\x01<img " + url_as_written(f->src.value_or("")) + ">" + f->alt.value_or("") + "\x01</img>";
            if (image && (caption || credit)) text += line_break;
            if (caption) text += std::string(em_open) + *f->caption + std::string(em_close);
            if (credit) text += (caption ? " — " : "— ") + std::string(em_open) + *f->credit + std::string(em_close);
            // A caption alone first on a page without a byline would read as
            // the byline: the writer marks the byline missing.
            if (!doc.byline && out.size() == opening && caption && !image && !credit)
                out.push_back({"html", "<!-- no byline -->"});
            out.push_back({"paragraph", text});
        } else if (const auto* t = std::get_if<Table>(&block)) {
            if (!t->rows.empty()) out.push_back({"table", ""});
        }
    }
    return out;
}

// The inline content of a parsed block, or the node type that page text must
// never turn into (links, raw HTML, code).
inline std::string inline_text(cmark_node* block, std::string& problem) {
    std::string text;
    cmark_iter* it = cmark_iter_new(block);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(it);
        if (node == block) continue;
        const bool enter = ev == CMARK_EVENT_ENTER;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
            text += cmark_node_get_literal(node);
            break;
        case CMARK_NODE_SOFTBREAK:
            text += '\n';
            break;
        case CMARK_NODE_LINEBREAK:
            text += line_break;
            break;
        case CMARK_NODE_EMPH:
            text += enter ? em_open : em_close;
            break;
        case CMARK_NODE_STRONG:
            text += enter ? strong_open : strong_close;
            break;
        case CMARK_NODE_IMAGE:
            text += enter ? "\x01<img " + std::string(cmark_node_get_url(node)) + ">" : std::string("\x01</img>");
            break;
        case CMARK_NODE_PARAGRAPH:
            if (!enter) text += '\n';  // list items
            break;
        case CMARK_NODE_ITEM:
            break;
        default:
            if (problem.empty())
                problem = std::string("Markdown: page text became a ") + cmark_node_get_type_string(node) + " node";
        }
    }
    cmark_iter_free(it);
    return text;
}

}  // namespace detail

// Markdown: parsed again by cmark, it has the blocks the writer was given and
// each block the same text; nothing of the page became a link, an image, raw
// HTML, code, a thematic break or emphasis the document did not have.
// `markdown` is the writer's output without front matter.
inline std::string markdown_problem(const Document& doc, std::string_view markdown) {
    using namespace detail;
    if (auto p = utf8_problem(markdown); !p.empty()) return "Markdown: " + p;
    std::vector<MdBlock> expected = expected_blocks(doc);
    cmark_node* root = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
    std::string problem;
    std::vector<MdBlock> got;
    for (cmark_node* node = cmark_node_first_child(root); node; node = cmark_node_next(node)) {
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HEADING:
            got.push_back({"heading" + std::to_string(cmark_node_get_heading_level(node)), inline_text(node, problem)});
            break;
        case CMARK_NODE_PARAGRAPH:
            got.push_back({"paragraph", inline_text(node, problem)});
            break;
        case CMARK_NODE_BLOCK_QUOTE: {
            std::string text = inline_text(node, problem);
            if (!text.empty() && text.back() == '\n') text.pop_back();
            got.push_back({"quote", text});
            break;
        }
        case CMARK_NODE_LIST:
            got.push_back({"list", inline_text(node, problem)});
            break;
        case CMARK_NODE_HTML_BLOCK:
            // cmark's renderer separates two adjacent lists with this
            // comment (they would read back as one list otherwise).
            if (std::string_view(cmark_node_get_literal(node)) == "<!-- end list -->\n" && !got.empty() &&
                got.back().kind == "list")
                break;
            // The writer's mark where a byline would be (expected_blocks says where).
            if (std::string_view(cmark_node_get_literal(node)) == "<!-- no byline -->\n") {
                got.push_back({"html", "<!-- no byline -->"});
                break;
            }
            if (problem.empty()) problem = "Markdown: page text became an html_block block";
            break;
        default:
            if (problem.empty())
                problem = std::string("Markdown: page text became a ") + cmark_node_get_type_string(node) + " block";
        }
    }
    cmark_node_free(root);
    // A GFM pipe table is one paragraph of "| ... |" lines to CommonMark;
    // its cells are not compared.
    for (std::size_t i = 0; i < expected.size() && i < got.size(); ++i)
        if (expected[i].kind == "table" && got[i].kind == "paragraph" && !got[i].text.empty() && got[i].text[0] == '|')
            got[i] = expected[i];
    if (!problem.empty()) return problem;
    for (std::size_t i = 0; i < expected.size() || i < got.size(); ++i) {
        if (i >= got.size()) return "Markdown: block " + std::to_string(i) + " lost: expected " + show(expected[i]);
        if (i >= expected.size()) return "Markdown: extra block " + std::to_string(i) + ": " + show(got[i]);
        if (!(expected[i] == got[i]))
            return "Markdown: block " + std::to_string(i) + " differs: wrote " + show(expected[i]) + ", read back " +
                   show(got[i]);
    }
    return {};
}

}  // namespace scrapedoc::checks
