#include "writers/registry.hpp"

namespace scrapedoc::writers {

const std::vector<Writer>& all() {
    static const std::vector<Writer> table = {
        {"json", {".json"}, write_json, stream_json},
        {"jsonl", {".jsonl"}, write_json_line, stream_json_line},
        {"tei", {".tei.xml", ".tei", ".xml"}, write_tei},
        {"md", {".md", ".markdown"}, write_markdown},
    };
    return table;
}

const Writer* find(std::string_view name) {
    if (name == "markdown") name = "md";
    if (name == "xml") name = "tei";
    for (const auto& w : all())
        if (w.name == name) return &w;
    return nullptr;
}

}  // namespace scrapedoc::writers
