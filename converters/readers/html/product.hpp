// The product way: a product page's description. The page's own blocks (the
// visible description, specification tables) are decided like any other
// page's; what this adds is the description the page declares in JSON-LD
// (a schema.org Product), which shops often keep there and nowhere visible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "readers/html/blocks.hpp"
#include "readers/html/tree.hpp"

namespace scrapedoc::html {

struct DeclaredProduct {
    std::string name;
    std::string description;  // plain text
    std::uint32_t node = no_node;  // the <script> that declares it
};

// The first schema.org Product with a description in the page's JSON-LD.
std::optional<DeclaredProduct> read_declared_product(const Tree& tree);

// When the blocks kept do not already hold the declared description (half
// its words in runs of three, at most), it becomes a paragraph after the
// headline (or first, without one). Returns whether it was added.
bool add_declared_description(const Tree& tree, const DeclaredProduct& product, std::uint32_t title_node,
                              std::vector<Unit>& units, bool explain);

}  // namespace scrapedoc::html
