// The page-type classifier's features on small made-up pages, and its model:
// it loads, its feature names are the code's, its classes are page types.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "data/embedded.hpp"
#include "learned/model.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/page_type.hpp"
#include "readers/html/tree.hpp"
#include "scrapedoc.hpp"

using namespace scrapedoc;
using namespace scrapedoc::html;

namespace {

struct Page {
    Tree tree;
    PageMeta meta;
    std::vector<float> values;
    explicit Page(const std::string& html) : tree(parse_html(html)), meta(read_metadata(tree)) {
        values = page_type_features(tree, meta);
    }
    float operator[](std::string_view name) const {
        const auto& names = page_type_feature_names();
        const auto it = std::find(names.begin(), names.end(), name);
        REQUIRE_MESSAGE(it != names.end(), "no feature ", std::string(name));
        return values[static_cast<std::size_t>(it - names.begin())];
    }
};

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

const std::string forum_page =
    "<html><head><title>Which tide table do you trust? - Harbour Forum</title>"
    "<link rel=canonical href=\"https://forum.example.org/t/which-tide-table/4821\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"DiscussionForumPosting\","
    "\"headline\":\"Which tide table do you trust?\",\"comment\":[{\"@type\":\"Comment\",\"text\":\"x\"}]}</script>"
    "</head><body><h1>Which tide table do you trust?</h1><div class=\"thread\">" +
    repeat("<div class=\"post\"><div class=\"post-author\"><img class=avatar src=a.png>"
           "<a href=\"/u/sailor\">sailor</a> <span>Joined</span></div><time datetime=\"2024-05-01\">1 May 2024</time>"
           "<div class=\"post-body\"><p>I sail from the north pier most weekends and the harbour office table has "
           "never let me down.</p></div><a class=\"reply\" href=\"#\">Reply</a></div>",
           5) +
    "</div></body></html>";

const std::string product_page =
    "<html><head><title>Brass ship's clock</title><meta property=\"og:type\" content=\"product\">"
    "<link rel=canonical href=\"https://shop.example.com/products/brass-ships-clock\"></head>"
    "<body><div itemscope itemtype=\"https://schema.org/Product\"><h1 itemprop=name>Brass ship's clock</h1>"
    "<span class=\"price\">$129.00</span><select name=size><option>Small</option></select>"
    "<button class=\"add-to-cart\">Add to cart</button><p>A brass clock with a ship's bell strike.</p>"
    "<table><tr><th>Diameter</th><td>18 cm</td></tr><tr><th>Weight</th><td>1.2 kg</td></tr></table></div>"
    "<script>var price = '$1'; document.write('Add to cart');</script></body></html>";

const std::string article_page =
    "<html><head><title>Ferry returns</title><meta property=\"og:type\" content=\"article\">"
    "<meta property=\"og:url\" content=\"https://news.example.net/2024/05/01/ferry-service-returns-after-twenty-years\">"
    "</head><body><nav><a href=/>Home</a><a href=/local>Local</a></nav><article><h1>Ferry returns</h1>" +
    repeat("<p>The ferry crossed at dawn on Monday, the first crossing since the old landing stage was closed, and "
           "the crowd on the pier cheered as the boat came in past the breakwater and the lighthouse. Tickets cost "
           "two euros, and the council says the boats will run every forty minutes through the summer.</p>",
           6) +
    "</article></body></html>";

}  // namespace

TEST_CASE("html page type: feature names are unique and as many as the values") {
    const auto& names = page_type_feature_names();
    CHECK(std::set<std::string_view>(names.begin(), names.end()).size() == names.size());
    CHECK(Page("<p>x</p>").values.size() == names.size());
    for (std::string_view n : {"url:forum", "url-last:listing", "schema:product", "class:forum", "text:cta",
                               "og-article", "item-count", "prose-block-share"})
        CHECK_MESSAGE(std::find(names.begin(), names.end(), n) != names.end(), std::string(n));
}

TEST_CASE("html page type: a forum thread") {
    const Page p(forum_page);
    CHECK(p["url-known"] == 1);
    CHECK(p["url:forum"] == 2);  // the host's "forum" and the path's "t"
    CHECK(p["url-number"] == 1);
    CHECK(p["url-depth"] == 3);
    CHECK(p["schema:forum"] == 2);  // DiscussionForumPosting and its Comment
    CHECK(p["class:forum"] >= 15);  // post, post-author, post-body, avatar, reply, thread
    CHECK(p["text:forum"] == 10);   // "Joined" and "Reply" five times each
    CHECK(p["item-count"] == 5);    // five posts, each with a link
    CHECK(p["item-image-count"] == 5);
    CHECK(p["dated-items"] == 5);
    CHECK(p["times"] == 5);
    CHECK(p["heading-items"] == 0);
    CHECK(p["largest-run-share"] > 0.9f);
}

TEST_CASE("html page type: a product page; script text is not page text") {
    const Page p(product_page);
    CHECK(p["og-product"] == 1);
    CHECK(p["og-article"] == 0);
    CHECK(p["schema:product"] == 1);  // microdata itemtype
    CHECK(p["url:shop"] == 2);  // the host's "shop" and the path's "products"
    CHECK(p["url:product"] == 1);
    CHECK(p["prices"] == 1);        // $129.00, not the script's '$1'
    CHECK(p["text:product"] == 1);  // the button's "Add to cart", not the script's
    CHECK(p["class:product"] >= 2);  // price, add-to-cart
    CHECK(p["selects"] == 1);
    CHECK(p["buttons"] == 1);
    CHECK(p["tables"] == 1);
    CHECK(p["table-rows"] == 2);
}

TEST_CASE("html page type: an article") {
    const Page p(article_page);
    CHECK(p["og-article"] == 1);
    CHECK(p["url-year"] == 1);
    CHECK(p["url-last-hyphens"] == 5);
    CHECK(p["long-paragraphs"] == 6);
    CHECK(p["paragraphs"] == 6);
    CHECK(p["p-share"] > 0.9f);
    CHECK(p["prose-block-share"] > 0.9f);
    CHECK(p["item-count"] == 0);  // the paragraphs hold no links
    CHECK(p["largest-run-items"] == 6);
    CHECK(p["links"] == 2);
    CHECK(p["navs"] == 1);
}

TEST_CASE("html page type: short texts match whole, without marks, digits and arrows at either end") {
    const Page p("<p><a href=/1>Read more \xC2\xBB</a> <a href=/2>Continue reading \xE2\x86\x92</a> "
                 "<span>Comments (3)</span> <span>Read more about the ferry timetable</span></p>");
    CHECK(p["text:listing"] == 2);
    CHECK(p["text:article"] == 1);
}

TEST_CASE("html page type: without a model the type is unset, and the trainer still gets the features") {
    const Tree tree = parse_html(forum_page);
    const PageMeta meta = read_metadata(tree);
    const auto empty = std::filesystem::temp_directory_path() / "scrapedoc-no-models";
    std::filesystem::create_directories(empty);
    std::vector<feature_table> tables;
    const PageTypeResult r = classify_page_type(tree, meta, empty, &tables);
    CHECK_FALSE(r.type);
    REQUIRE(tables.size() == 1);
    CHECK(tables[0].model == "html-page-type");
    CHECK(tables[0].names.size() == page_type_feature_names().size());
    CHECK(tables[0].values == page_type_features(tree, meta));
    CHECK(tables[0].texts == std::vector<std::string>{"Which tide table do you trust?"});
    CHECK(r.cues.find("url:forum") != std::string::npos);
    CHECK(r.cues.find("schema:forum") != std::string::npos);
}

TEST_CASE("html page type: the compiled-in model loads, has the code's features and page types for classes") {
    const learned::Model* model = learned::find_model("html-page-type");
    if (!model) {
        MESSAGE("no compiled-in html-page-type model (make train writes it): skipped");
        return;
    }
    CHECK(model->feature_names() == std::vector<std::string>(page_type_feature_names().begin(),
                                                             page_type_feature_names().end()));
    CHECK_NOTHROW(model->require_features(page_type_feature_names()));
    CHECK(model->outputs() == classified_type_count);
    std::string classes = model->attribute("classes");
    std::set<std::string> seen;
    for (std::size_t start = 0; start <= classes.size();) {
        const std::size_t end = std::min(classes.find(',', start), classes.size());
        const std::string c = classes.substr(start, end - start);
        CHECK_MESSAGE(page_type_from_string(c).has_value(), c);
        CHECK(page_type_from_string(c) != PageType::other);
        seen.insert(c);
        start = end + 1;
    }
    CHECK(seen.size() == classified_type_count);
    CHECK_FALSE(model->attribute("unsure_below").empty());

    // Pages that say plainly what they are.
    for (const auto& [html, type] : {std::pair{forum_page, PageType::forum}, std::pair{product_page, PageType::product},
                                     std::pair{article_page, PageType::article}}) {
        const Tree tree = parse_html(html);
        const PageTypeResult r = classify_page_type(tree, read_metadata(tree));
        REQUIRE(r.type);
        CHECK(*r.type == type);
        CHECK(r.top == type);
        CHECK(r.runner_up != r.top);
        float sum = 0;
        for (float v : r.probability) sum += v;
        CHECK(sum == doctest::Approx(1.0f).epsilon(0.001));
        CHECK(r.probability_of(type) > 0.5f);
    }
}

TEST_CASE("html page type: the HTML reader sets meta.page_type and --explain says why") {
    if (!learned::find_model("html-page-type")) {
        MESSAGE("no compiled-in html-page-type model: skipped");
        return;
    }
    std::vector<explain_entry> explain;
    read_options o;
    o.format = "html";
    o.explain = &explain;
    const Document d = read(forum_page, o);
    CHECK(d.meta.page_type == PageType::forum);
    const auto it = std::find_if(explain.begin(), explain.end(), [](const auto& e) { return e.kind == "page-type"; });
    REQUIRE(it != explain.end());
    CHECK(it->text == "forum");
    CHECK(it->reason.find("runner-up") != std::string::npos);
    CHECK(it->reason.find("url:forum") != std::string::npos);
}
