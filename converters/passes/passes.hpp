// Format-independent steps on a Document, run after every reader.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::passes {

// For each text, keep, or the index of the kept text it duplicates
// when it is kept. Exact duplicates and near duplicates (same letters and
// digits, differing only in spacing or punctuation) count; of such a group the
// best-formed one (most word breaks and punctuation) is kept and the others
// point at it. Linear in the total text size.
inline constexpr std::size_t keep = static_cast<std::size_t>(-1);
// `sums`, when given: the skeletons of some of the texts summed already
// (text::SkeletonSum, one per text; the others are not known).
std::vector<std::size_t> find_duplicates(const std::vector<std::string_view>& texts,
                                         const std::vector<text::SkeletonSum>* sums = nullptr);

// Removes duplicated paragraphs and quotes (also inside sections) into
// doc.dropped with reason "duplicate".
void drop_duplicates(Document& doc);

// Collapses white space in every text field and removes blocks left empty.
// `texts_collapsed`: the paragraphs, quotes, headings and list items are
// collapsed already (readers::ReadContext::texts_collapsed); only the
// empty ones are removed.
void clean_whitespace(Document& doc, bool texts_collapsed = false);

// Sets meta.language (when unknown) and meta.direction from the document's text.
void detect_language_and_direction(Document& doc);

// All of the above, in order; drop_duplicates not when the reader has
// dropped them (readers::ReadContext::duplicates_dropped).
void run_all(Document& doc, bool duplicates_dropped = false, bool texts_collapsed = false);

}  // namespace scrapedoc::passes
