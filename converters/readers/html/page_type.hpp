// The page-type classifier: what kind of page an HTML page is (article,
// forum, product, collection, listing, documentation, service), from the
// parsed tree, what the page declares about itself (JSON-LD and microdata
// types, og:type) and its own URL (link rel=canonical or og:url). A learned
// model (`html-page-type`, trained by scripts/train/page_type.py, see
// docs/learned.md) weighs the features computed here.
//
// The content step may choose its way of extracting by page type: call
// classify_page_type once per page and read `type` for the decision, or
// `probability` when a second type is close.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::html {

// The types the classifier tells apart (every PageType but `other`), in the
// order of PageTypeResult::probability.
inline constexpr std::size_t classified_type_count = 7;
inline constexpr std::array<PageType, classified_type_count> classified_types = {
    PageType::article, PageType::forum,         PageType::product, PageType::collection,
    PageType::listing, PageType::documentation, PageType::service};

struct PageTypeResult {
    // The decision: the most probable type, or `other` when its probability
    // is below the model's `unsure_below` (docs/learned.md); unset when no
    // model is there (the reader then behaves as before page types).
    std::optional<PageType> type;
    PageType top = PageType::article;        // the most probable type, even when `type` is other
    PageType runner_up = PageType::article;  // the second most probable
    // P(type) for each of classified_types, summing to 1; all 0 when unset.
    std::array<float, classified_type_count> probability{};
    // The evidence that is not a count of markup, for --explain ("url:forum
    // schema:forum og:article").
    std::string cues;

    float probability_of(PageType t) const;
};

// The names of the features, in the order page_type_features() gives them
// and the model was trained on. The views stay valid for the program's life.
const std::vector<std::string_view>& page_type_feature_names();

// The features of one page: URL tokens, declared types, og:type, counts and
// shares of the markup (tags, class cues, repeated sibling items, prices).
std::vector<float> page_type_features(const Tree& tree, const PageMeta& meta);

// Features, then the model `html-page-type` (compiled in, or
// `models`/html-page-type.json when `models` is set). When `features` is
// not null the row of features is added to it for the trainer, whether or
// not a model is there.
PageTypeResult classify_page_type(const Tree& tree, const PageMeta& meta, const std::filesystem::path& models = {},
                                  std::vector<feature_table>* features = nullptr);

}  // namespace scrapedoc::html
