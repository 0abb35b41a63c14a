#include "readers/registry.hpp"

namespace scrapedoc::readers {

const std::vector<Reader>& all() {
    static const std::vector<Reader> table = {
        text_reader,
        html_reader,
        json_reader,
        tei_reader,
        markdown_reader,
    };
    return table;
}

const Reader* find(std::string_view name) {
    if (name == "md") name = "markdown";  // as the writers take both
    for (const auto& r : all())
        if (r.name == name) return &r;
    return nullptr;
}

const Reader& detect(std::string_view text) {
    const Reader* best = &all().front();
    int best_score = -1;
    for (const auto& r : all()) {
        int s = r.sniff(text);
        if (s > best_score) {
            best_score = s;
            best = &r;
        }
    }
    return *best;
}

}  // namespace scrapedoc::readers
