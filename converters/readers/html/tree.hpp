// A compact, read-only HTML tree built from libxml2's HTML parser events.
//
// Nodes are stored in document (pre-)order in one vector, and each node knows
// where its subtree ends, so every walk over the tree is a loop over an index
// range: no recursion, whatever the nesting depth. Children come before their
// parent when the vector is read backwards, which makes bottom-up sums a
// single reverse loop.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scrapedoc::html {

// The elements the reader treats specially; everything else is `other` and
// behaves as an inline or a block element by the flags below.
enum class Tag : std::uint8_t {
    other, text,  // `text` marks text nodes
    a, address, article, aside, audio, b, blockquote, body, br, button, canvas, caption, center, cite, code,
    dd, details, dialog, div, dl, dt, em, embed, fieldset, figcaption, figure, font, footer, form, frame,
    frameset, h1, h2, h3, h4, h5, h6, head, header, hr, html, i, iframe, img, input, label, legend, li, link,
    main, map, math, menu, meta, nav, noscript, object, ol, option, p, picture, pre, q, s, script, section,
    select, small, source, span, strong, style, summary, sup, sub, svg, table, tbody, td, template_, textarea,
    tfoot, th, thead, time, title, tr, u, ul, video, wbr, hgroup, blink, marquee, var, tt, big, abbr, mark,
    dfn, kbd, samp, ins, del, strike, bdi, bdo, data, ruby, rt, rp, output, progress, meter, datalist,
    optgroup, area, base, col, colgroup, param, track, search,
    count_  // number of tags
};

// Tag flags.
enum : std::uint8_t {
    tag_block = 1,      // starts a new block of text (paragraph break around it)
    tag_void = 2,       // has no content
    tag_invisible = 4,  // its content is never page text (script, style, ...)
    tag_heading = 8,
};

std::uint8_t tag_flags(Tag t);
std::string_view tag_name(Tag t);
Tag tag_from_name(std::string_view lowercase_name);
inline bool is_block(Tag t) { return (tag_flags(t) & tag_block) != 0; }
inline bool is_invisible(Tag t) { return (tag_flags(t) & tag_invisible) != 0; }
inline int heading_level(Tag t) {
    return (tag_flags(t) & tag_heading) ? static_cast<int>(t) - static_cast<int>(Tag::h1) + 1 : 0;
}

inline constexpr std::uint32_t no_node = 0xFFFFFFFFu;

struct Span {
    std::uint32_t offset = 0, length = 0;
};

struct Attribute {
    Span name, value;  // into Tree::strings; names are lower-case
};

struct Node {
    Tag tag = Tag::other;
    std::uint32_t parent = no_node;
    std::uint32_t next_sibling = no_node;
    std::uint32_t first_child = no_node;
    std::uint32_t end = 0;       // one past the last node of this subtree
    std::uint32_t line = 0;      // 1-based source line of the start tag (or text)
    Span text;                   // text nodes: the text; elements of unknown tags: the name
    std::uint32_t attr_begin = 0, attr_end = 0;  // into Tree::attributes
};

class Tree {
public:
    std::vector<Node> nodes;  // nodes[0] is the document root (tag html)
    std::vector<Attribute> attributes;
    std::string strings;  // text and attribute storage

    std::string_view str(Span s) const { return {strings.data() + s.offset, s.length}; }
    std::string_view text(std::uint32_t n) const { return str(nodes[n].text); }
    // Value of an attribute; empty when absent (use has_attr to tell apart).
    std::string_view attr(std::uint32_t n, std::string_view name) const;
    bool has_attr(std::uint32_t n, std::string_view name) const;
    // Name of an element as written (for tags the reader does not know).
    std::string_view name(std::uint32_t n) const;
    std::size_t size() const { return nodes.size(); }
    // Elements with this tag in document order.
    std::vector<std::uint32_t> find_all(Tag t) const;
};

// Parses decoded UTF-8 HTML into a tree. Never fails on malformed markup (the
// parser repairs it); throws std::length_error for input above 2 GiB. With
// `release_input` (the caller never reads utf8 again: ReadContext::
// input_discarded) its memory pages are handed back once copied.
Tree parse_html(std::string_view utf8, bool release_input = false);

}  // namespace scrapedoc::html
