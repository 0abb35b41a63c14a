// The analysis of a page's elements (text, links, prose, class/id cues) and
// the article scorer: which element holds the article.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/document.hpp"
#include "readers/html/cues.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::html {

enum : std::uint8_t { mark_byline = 1, mark_caption = 2, mark_credit = 4, mark_subtitle = 8, mark_lead = 16 };

// What the analysis knows of one node. Sums are over the node's subtree.
struct NodeInfo {
    std::uint32_t chars = 0;       // visible text, in code points (not counting white space)
    std::uint32_t link_chars = 0;  // of which inside links
    std::uint32_t own_chars = 0;   // text this block holds itself (not in a nested block)
    std::uint32_t own_link = 0;
    std::uint32_t own_punct = 0;
    std::uint32_t own_furniture = 0;  // text of inline furniture inside this block
    std::uint32_t punct = 0;       // text nodes: punctuation marks
    std::uint32_t owner = 0;       // nearest block element, itself when it is one
    float good = 0;                // prose text in the subtree
    float junk = 0;                // other text: links, short lines, furniture
    float own_good = 0;            // prose this block holds itself
    float marked = 0;              // of which in elements marked as furniture (cues, tags)
    std::int16_t cue = -1;         // boilerplate reason index (Cues::boilerplate), -1 none
    bool content_cue = false;      // class/id/role says "article"
    std::uint8_t marks = 0;        // mark_byline | mark_caption | mark_credit | mark_subtitle | mark_lead (class/id cues)
    bool skip = false;             // invisible or hidden: never page text
    bool in_link = false;
    bool protected_ = false;       // carries a boilerplate cue but holds most of the page's prose
    bool in_furniture = false;     // inside an element with a boilerplate cue
};

struct Analysis {
    std::vector<NodeInfo> info;
    std::vector<std::string> reasons;  // boilerplate reasons, by index (cue file order, then tag reasons)
    float raw_prose = 0;               // the page's prose before any cue is applied
    bool lenient = false;
    bool reveal = false;               // hidden elements and <noscript> read as visible
    std::uint32_t concealed_chars = 0;  // text in hidden elements and <noscript> (when not revealed)
    std::vector<std::uint32_t> concealed_texts;  // their text nodes
};

// Per-node text measures, cues and prose/junk sums. A boilerplate cue is
// overruled on an element that holds two thirds of the page's prose (a half
// when `lenient`): it is a page-wide class then ("page has-sidebar").
// With `reveal`, hidden elements and <noscript> are read as visible: the
// page is a shell whose script shows them (see needs_reveal).
Analysis analyse(const Tree& tree, bool lenient = false, bool reveal = false);

// Whether the page shows almost nothing until its scripts run, while hidden
// elements or <noscript> hold its text: then they are the page.
bool needs_reveal(const Tree& tree, const Analysis& a);


struct Choice {
    std::uint32_t node = 0;
    // The article is the siblings `first` to `last` (node among them): node
    // alone, unless node is a paragraph whose article runs on around it.
    std::uint32_t first = 0, last = 0;
    float score = 0;
    float prose = 0;  // prose text of first..last
    std::string why;  // for --explain
};

// Whether the choice left so little of the page's prose that the cues were
// probably wrong, and a lenient analysis should be tried.
bool needs_lenient_retry(const Analysis& a, const Choice& c);

// The element whose subtree scores best: prose text minus the furniture
// text that would come with it. A paragraph (<p>) that wins is not the whole
// article when paragraph-level siblings (<p>, headings, lists, quotes,
// tables, figures) stand next to it in its parent: the article is that run,
// up to the first sibling that is furniture or another kind of element, and
// never back past the headline.
// `title` is the element holding the headline (no_node when unknown): prose
// before it does not count for a candidate.
Choice choose_main_content(const Tree& tree, const Analysis& a, std::uint32_t title = no_node);

}  // namespace scrapedoc::html
