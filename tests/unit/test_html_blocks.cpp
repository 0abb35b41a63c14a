// The learned block decision (html-blocks, readers/html/block_model.cpp) as
// the reader applies it: its features (the page type's probabilities among
// them), the thresholds by page type, and the guard that a page with text
// never comes out empty. The hand rules are tested in test_html_reader.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "learned/model.hpp"
#include "readers/registry.hpp"
#include "scrapedoc.hpp"

using namespace scrapedoc;

namespace {

const std::filesystem::path& no_models() {
    static const std::filesystem::path p = [] {
        auto dir = std::filesystem::temp_directory_path() / "scrapedoc-no-models";
        std::filesystem::create_directories(dir);
        return dir;
    }();
    return p;
}

Document read_html(const std::string& html, std::vector<explain_entry>* explain = nullptr,
                   std::vector<feature_table>* features = nullptr, const std::filesystem::path& models = {}) {
    const readers::Reader* r = readers::find("html");
    REQUIRE(r != nullptr);
    readers::ReadContext context{"test.html", explain};
    context.features = features;
    context.models = models;
    return r->read(html, context);
}

std::size_t text_blocks(const std::vector<Block>& blocks) {
    std::size_t n = 0;
    for (const auto& b : blocks) {
        if (auto* s = std::get_if<Section>(&b)) n += 1 + text_blocks(s->blocks);
        else if (!std::holds_alternative<Figure>(b)) ++n;
    }
    return n;
}

const feature_table* table_of(const std::vector<feature_table>& tables, std::string_view model) {
    for (const auto& t : tables)
        if (t.model == model) return &t;
    return nullptr;
}

const std::string article =
    "<html><head><title>Night buses reach the north</title></head><body>"
    "<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>"
    "<article><h1>Night buses reach the north</h1>"
    "<p>The city council said on Tuesday that the night bus service will reach the northern districts next "
    "month, after a year of complaints from residents who work late shifts.</p>"
    "<p>The new lines will run every thirty minutes between midnight and five in the morning, the council said, "
    "and the fares will stay as they are.</p></article>"
    "<footer><p>Copyright 2024 The Example Daily. All rights reserved.</p></footer></body></html>";

}  // namespace

TEST_CASE("html blocks: the page type's probabilities are features, missing without the page-type model") {
    std::vector<feature_table> with, without;
    read_html(article, nullptr, &with);
    read_html(article, nullptr, &without, no_models());
    const feature_table* a = table_of(with, "html-blocks");
    const feature_table* b = table_of(without, "html-blocks");
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    REQUIRE(a->names == b->names);
    const auto first = std::find(a->names.begin(), a->names.end(), "type_article");
    REQUIRE(first != a->names.end());
    const std::size_t col = static_cast<std::size_t>(first - a->names.begin()), width = a->names.size();
    REQUIRE(a->values.size() >= width);
    float sum = 0;
    for (std::size_t c = col; c < col + 7; ++c) sum += a->values[c];
    if (table_of(with, "html-page-type") && !std::isnan(a->values[col]))  // the page-type model is compiled in
        CHECK(sum == doctest::Approx(1.0).epsilon(0.01));
    for (std::size_t c = col; c < col + 7; ++c) CHECK(std::isnan(b->values[c]));
}

TEST_CASE("html blocks: a page with text never comes out empty") {
    // Two short lines and nothing like an article: whatever the model thinks
    // of them, the page's text is not lost.
    const std::string page = "<html><body><nav><a href=/>Home</a></nav><div>Short line</div><div>Another</div></body></html>";
    std::vector<explain_entry> explain;
    Document d = read_html(page, &explain);
    CHECK(text_blocks(d.blocks) >= 1);
    CHECK(text_blocks(read_html(page, nullptr, nullptr, no_models()).blocks) >= 1);
}

TEST_CASE("html blocks: --explain names the page's thresholds and the block's top features") {
    std::vector<explain_entry> explain;
    std::vector<feature_table> tables;
    read_html(article, &explain, &tables);
    bool decided = false;
    for (const auto& e : explain) {
        if (e.reason.find("html-blocks p=") == std::string::npos) continue;
        decided = true;
        CHECK(e.reason.find(" page)") != std::string::npos);  // "(article page)"
        CHECK(e.reason.find("top features: ") != std::string::npos);
        CHECK(e.reason.find("nan") == std::string::npos);  // the contributions are numbers
    }
    CHECK(decided == (learned::find_model("html-blocks") != nullptr));
    // Without models the rules decide alone.
    std::vector<explain_entry> none;
    read_html(article, &none, nullptr, no_models());
    for (const auto& e : none) CHECK(e.reason.find("html-blocks p=") == std::string::npos);
}
