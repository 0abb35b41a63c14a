// Limits with clear errors instead of crashes (docs/hardening.md): input
// size and section nesting depth.
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "scrapedoc.hpp"

using namespace scrapedoc;

namespace {

std::string nested_sections_json(int depth) {
    std::string s = R"({"format":"scrapedoc","version":1,"meta":{"title":"t","authors":[],"direction":"ltr"},"blocks":)";
    for (int i = 0; i < depth; ++i) s += R"([{"type":"section","heading":"h","level":2,"blocks":)";
    s += R"([{"type":"paragraph","text":"deepest"}])";
    for (int i = 0; i < depth; ++i) s += "}]";
    return s + "}";
}

std::string nested_divs_tei(int depth) {
    std::string s = R"(<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>)"
                    "<titleStmt><title>t</title></titleStmt></fileDesc></teiHeader><text><body>";
    for (int i = 0; i < depth; ++i) s += "<div><head>h</head>";
    s += "<p>deepest</p>";
    for (int i = 0; i < depth; ++i) s += "</div>";
    return s + "</body></text></TEI>";
}

read_options named(const std::string& name, const std::string& format) {
    read_options o;
    o.source_name = name;
    o.format = format;
    return o;
}

int depth_of(const Document& doc) {
    int depth = 0;
    const std::vector<Block>* blocks = &doc.blocks;
    while (!blocks->empty() && std::holds_alternative<Section>(blocks->front())) {
        blocks = &std::get<Section>(blocks->front()).blocks;
        ++depth;
    }
    return depth;
}

}  // namespace

TEST_CASE("limits: sections nested up to 100 deep are read, deeper is refused with the file named") {
    CHECK(depth_of(read(nested_sections_json(100), named("deep.json", "json"))) == 100);
    CHECK_THROWS_WITH_AS(read(nested_sections_json(101), named("deep.json", "json")),
                         "deep.json: sections nested more than 100 deep", scrapedoc::error);
    CHECK(depth_of(read(nested_divs_tei(100), named("deep.tei.xml", "tei"))) == 100);
    CHECK_THROWS_WITH_AS(read(nested_divs_tei(101), named("deep.tei.xml", "tei")),
                         "deep.tei.xml: sections nested more than 100 deep", scrapedoc::error);
}

TEST_CASE("limits: nesting far past the limit is refused, not a stack overflow") {
    CHECK_THROWS_AS(read(nested_sections_json(50000), named("deeper.json", "json")), scrapedoc::error);
    CHECK_THROWS_AS(read(nested_divs_tei(50000), named("deeper.tei.xml", "tei")), scrapedoc::error);
}

TEST_CASE("limits: input over max_input is refused before it is decoded") {
    read_options o = named("big.txt", "auto");
    o.max_input = 1000;
    const std::string page(1001, 'a');
    CHECK_THROWS_WITH_AS(read(page, o), "big.txt: input is 1001 bytes, over the limit of 1000 bytes (--max-input)",
                         scrapedoc::error);
    CHECK_NOTHROW(read(page.substr(0, 1000), o));
}
