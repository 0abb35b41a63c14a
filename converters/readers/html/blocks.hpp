// The block builder: the page's body as a run of blocks in reading order
// (paragraphs, headings, lists, quotes, tables, figures), each with what the
// hand rules say of it: keep, or the reason to drop it. Every way of
// extracting (article.cpp, ...) decides over these blocks, and assemble.cpp
// makes the document of the ones kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "readers/html/content.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::html {

enum class UnitKind : std::uint8_t { paragraph, heading, list, quote, table, figure };

struct Unit {
    UnitKind kind = UnitKind::paragraph;
    Block content;           // the block; a heading's text is in `heading`
    std::string heading;     // heading text
    int level = 0;           // heading level as written (1..6)
    std::uint32_t node = 0;  // where it starts, in document order
    std::uint32_t owner = 0;  // the block element whose text it is (the element itself for lists, tables, ...)
    std::size_t line = 0;
    std::uint32_t chars = 0, link_chars = 0;  // its text, as count_text counts it
    // What the rules say: an empty reason keeps it. `rule_node` is the
    // element the rule is about (a cued box, a link list, the region outside
    // the article): pieces dropped for one element are listed as one.
    std::string_view reason;
    std::uint32_t rule_node = no_node;
    std::string why;      // for --explain, filled only when explaining
    bool pinned = false;  // the article's own by a rule that sees more than the block (the lead, lead images)
    float score = -1;     // a learned decision's probability of content, -1 when none decided
    // Posts (posts.cpp): the element of the post a block is in, and, on the
    // heading that opens a post, who wrote it and when.
    std::uint32_t post = no_node;
    std::optional<std::string> author, date;
};

// The plain text of a block, for dropped entries and features.
std::string unit_text(const Unit& u);

// What the builder needs to know of the page beyond its tree.
struct BuildContext {
    const PageMeta* meta = nullptr;
    std::uint32_t byline = no_node;        // the byline element or line
    std::vector<std::uint32_t> figure_boxes;  // elements to read as one figure each (lead images)
    std::uint32_t main = no_node;  // the chosen element: what holds it is walked into, never read whole
    std::vector<explain_entry>* explain = nullptr;
};

// Every visible block of the body, in order. Blocks inside an element the
// rules drop (a cue, a link list, teaser cards) are there too, each with that
// element's reason; hidden elements are one block each, dropped as hidden.
std::vector<Unit> build_units(const Tree& tree, const Analysis& a, const BuildContext& context);

}  // namespace scrapedoc::html
