// JSON writer: the model written out as ../spec/json-shape.md (version 1).
#include <nlohmann/json.hpp>

#include "writers/registry.hpp"

namespace scrapedoc::writers {

namespace {

using json = nlohmann::ordered_json;

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json block_json(const Block& block);

json blocks_json(const std::vector<Block>& blocks) {
    json out = json::array();
    for (const auto& b : blocks) out.push_back(block_json(b));
    return out;
}

json block_json(const Block& block) {
    json j;
    j["type"] = block_type_name(block);
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Quote>) {
                j["text"] = b.text;
            } else if constexpr (std::is_same_v<T, Figure>) {
                j["caption"] = optional_string(b.caption);
                j["credit"] = optional_string(b.credit);
                j["src"] = optional_string(b.src);
                j["alt"] = optional_string(b.alt);
            } else if constexpr (std::is_same_v<T, List>) {
                j["ordered"] = b.ordered;
                j["items"] = b.items;
            } else if constexpr (std::is_same_v<T, Table>) {
                j["header"] = b.header;
                j["rows"] = b.rows;
            } else if constexpr (std::is_same_v<T, Section>) {
                j["heading"] = b.heading;
                j["level"] = b.level;
                j["blocks"] = blocks_json(b.blocks);
            }
        },
        block);
    return j;
}

}  // namespace

std::string write_json(const Document& doc, const write_options&) {
    json j;
    j["format"] = "scrapedoc";
    j["version"] = json_shape_version;
    const Meta& m = doc.meta;
    j["meta"] = {
        {"title", optional_string(m.title)},
        {"subtitle", optional_string(m.subtitle)},
        {"authors", m.authors},
        {"publisher", optional_string(m.publisher)},
        {"date", optional_string(m.date)},
        {"language", optional_string(m.language)},
        {"direction", to_string(m.direction)},
        {"source", {{"name", m.source.name}, {"format", m.source.format}, {"sha256", m.source.sha256}}},
    };
    j["byline"] = optional_string(doc.byline);
    j["blocks"] = blocks_json(doc.blocks);
    json dropped = json::array();
    for (const auto& d : doc.dropped) dropped.push_back({{"text", d.text}, {"reason", d.reason}, {"line", d.line}});
    j["dropped"] = std::move(dropped);
    // Input is valid UTF-8 by construction (decode); replace rather than throw
    // should a caller hand us a broken string through the library API.
    return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace scrapedoc::writers
