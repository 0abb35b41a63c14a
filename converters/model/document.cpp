#include "model/document.hpp"

#include <iterator>

namespace scrapedoc {

const char* to_string(Direction d) { return d == Direction::rtl ? "rtl" : "ltr"; }

namespace {
constexpr const char* page_type_names[] = {"article", "forum",         "product", "collection",
                                           "listing", "documentation", "service", "other"};
static_assert(std::size(page_type_names) == page_type_count);
}  // namespace

const char* to_string(PageType t) { return page_type_names[static_cast<std::size_t>(t)]; }

std::optional<PageType> page_type_from_string(std::string_view name) {
    for (std::size_t i = 0; i < page_type_count; ++i)
        if (name == page_type_names[i]) return static_cast<PageType>(i);
    return std::nullopt;
}

const char* block_type_name(const Block& b) {
    static constexpr const char* names[] = {"paragraph", "figure", "quote", "list", "table", "section"};
    static_assert(std::variant_size_v<Block> == std::size(names));
    return names[b.index()];
}

}  // namespace scrapedoc
