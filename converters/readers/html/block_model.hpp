// The learned block decision (model `html-blocks`, trained by
// scripts/train/html_blocks.py): for every block with text, the probability
// that it is the page's main content, from what the reader measures of it —
// its text and links, its tags and the cues around it, where it sits, how
// its neighbours look and what the hand rules and the article scorer said.
// Where the model is sure enough, its verdict replaces the rules'.
#pragma once

#include <filesystem>
#include <vector>

#include "readers/html/blocks.hpp"
#include "readers/html/content.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/page_type.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::html {

struct BlockModelContext {
    std::filesystem::path models;                     // read_options::models (fold models), empty: compiled in
    std::vector<feature_table>* features = nullptr;  // the trainer's tables, when asked
    bool explain = false;
    const PageTypeResult* page_type = nullptr;        // classify_page_type's, once per page; null: not known
};

// The groups of class/id tokens (converters/data/html/block-cues.txt) a
// class or id value has, one bit a group; the bit of a group by name (-1
// when there is no such group).
std::uint32_t block_cue_groups(std::string_view class_or_id);
int block_cue_group(std::string_view name);

// The blocks the model decides: those with text (paragraphs, headings,
// lists, quotes, tables), not hidden ones, not the ones a rule that sees
// more than the block keeps (the lead, lead images), not the title and the
// byline (the document keeps them as such).
bool is_decided(const Unit& u);

// Computes the features of every decided block; pushes them as the
// "html-blocks" table when asked; when the model is there, sets each
// decided block's score and its verdict. Returns whether a model decided.
bool decide_blocks(const Tree& tree, const Analysis& a, const Choice& main, const PageMeta& meta,
                   std::vector<Unit>& units, const BlockModelContext& context);

}  // namespace scrapedoc::html
