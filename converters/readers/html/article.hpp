// The article way of extracting: the element the scorer chose
// (content.hpp: choose_main_content) is the article; its byline, its lead and
// the lead images just above it are the article's; every other block of the
// page is dropped, with the reason of the region it sits in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "readers/html/blocks.hpp"
#include "readers/html/content.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"

namespace scrapedoc::html {

// What the article way finds around the chosen element before the blocks are
// built: the byline and the lead images.
struct ArticleFrame {
    std::uint32_t byline = no_node;
    std::string byline_text;
    std::vector<std::string> byline_names;
    std::vector<std::uint32_t> figure_boxes;  // lead images between the headline and the article, in order
    std::uint32_t lead = no_node;             // a lead paragraph set apart there (lead.txt cue)
};

ArticleFrame frame_article(const Tree& tree, const Analysis& a, const Choice& main, const PageMeta& meta,
                           std::vector<explain_entry>* explain);

// Sets each block's reason for the article way: blocks outside the article
// are dropped with the reason of their region (its cue, or outside-article);
// the lead and up to two lead images are kept.
void decide_article(const Tree& tree, const Analysis& a, const Choice& main, const ArticleFrame& frame,
                    std::vector<Unit>& units, bool explain);

}  // namespace scrapedoc::html
