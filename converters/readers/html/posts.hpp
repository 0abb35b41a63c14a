// The posts way: a forum thread (or a page of reviews, a Q&A) is a run of
// posts, each with its writer and date. Which blocks are kept is decided as
// on any page; this finds the posts around the blocks kept and makes each a
// post in the document (a section naming its author and date, docs/model.md).
//
// A post is an element that repeats among its siblings (the same tag and
// class), holds blocks that were kept, and names a writer (an author or
// user link or element: itemprop=author, rel=author, a link to a person's
// page (profile-links.txt), block-cues.txt's "user" tokens), not a control's
// label (post-controls.txt) nor a text every post repeats; its date is the
// first <time> in it, or an element with a "time" token that reads as a
// date. The repeated siblings that hold the most kept text are the posts;
// the line that shows the writer and date becomes the post's heading.
#pragma once

#include <cstddef>
#include <vector>

#include "readers/html/blocks.hpp"
#include "readers/html/content.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"

namespace scrapedoc::html {

// Opens a post (a heading block with author and date) before the blocks of
// each post found, marks the blocks of each post, and moves headings inside
// posts below the posts' level. Returns how many posts it made (none when
// fewer than two posts hold kept blocks, or when they hold less than half
// of the text kept: then they are the items of some other page).
std::size_t frame_posts(const Tree& tree, const Analysis& a, const PageMeta& meta, std::vector<Unit>& units, bool explain);

}  // namespace scrapedoc::html
