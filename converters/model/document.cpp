#include "model/document.hpp"

namespace scrapedoc {

const char* to_string(Direction d) { return d == Direction::rtl ? "rtl" : "ltr"; }

const char* block_type_name(const Block& b) {
    static constexpr const char* names[] = {"paragraph", "figure", "quote", "list", "table", "section"};
    static_assert(std::variant_size_v<Block> == std::size(names));
    return names[b.index()];
}

}  // namespace scrapedoc
