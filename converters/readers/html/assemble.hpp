// The document of the blocks kept: headings open sections, closing calls to
// action and headings with nothing kept after them go, and every block not
// kept is listed in `dropped` with its reason (the pieces one element's rule
// dropped, together).
#pragma once

#include <vector>

#include "model/document.hpp"
#include "readers/html/blocks.hpp"
#include "readers/html/content.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::html {

// Whether a block is kept: a pinned block, or one no rule drops.
inline bool is_kept(const Unit& u) { return u.pinned || u.reason.empty(); }

void assemble_document(const Tree& tree, const Analysis& a, std::vector<Unit>& units, Document& doc,
                       std::vector<explain_entry>* explain);

}  // namespace scrapedoc::html
