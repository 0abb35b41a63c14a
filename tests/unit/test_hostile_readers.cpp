// Readers of formats with escapes (docs/hardening.md, "Output safety"): JSON
// "\u0001", XML and HTML "&#xFFFE;" and Markdown "&#1;" spell characters
// decode() never lets through; none of them reaches the document, and a
// number JSON cannot hold is a scrapedoc::error like any other refusal.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "../fuzz/output_checks.hpp"
#include "roundtrip_support.hpp"
#include "text/clean.hpp"

using namespace scrapedoc;
using namespace scrapedoc::test;

namespace {

// Every string of a document, in no particular order.
std::vector<std::string> all_strings(const Document& d) {
    std::vector<std::string> out;
    auto opt = [&](const std::optional<std::string>& s) {
        if (s) out.push_back(*s);
    };
    opt(d.meta.title);
    opt(d.meta.subtitle);
    out.insert(out.end(), d.meta.authors.begin(), d.meta.authors.end());
    opt(d.meta.publisher);
    opt(d.meta.date);
    opt(d.meta.language);
    opt(d.byline);
    std::vector<const std::vector<Block>*> todo{&d.blocks};
    while (!todo.empty()) {
        const auto* blocks = todo.back();
        todo.pop_back();
        for (const Block& b : *blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b)) out.push_back(p->text);
            else if (const auto* q = std::get_if<Quote>(&b)) out.push_back(q->text);
            else if (const auto* l = std::get_if<List>(&b)) out.insert(out.end(), l->items.begin(), l->items.end());
            else if (const auto* f = std::get_if<Figure>(&b)) {
                opt(f->caption);
                opt(f->credit);
                opt(f->src);
                opt(f->alt);
            } else if (const auto* t = std::get_if<Table>(&b)) {
                for (const auto& row : t->rows) out.insert(out.end(), row.begin(), row.end());
            } else if (const auto* s = std::get_if<Section>(&b)) {
                out.push_back(s->heading);
                todo.push_back(&s->blocks);
            }
        }
    }
    for (const auto& x : d.dropped) out.push_back(x.text);
    return out;
}

// What is wrong with the document's characters, or "".
std::string unclean(const Document& d) {
    for (const std::string& s : all_strings(d)) {
        std::string copy = s;
        if (text::clean_value(copy) != 0) return "\"" + s + "\" holds a character a document cannot hold";
    }
    return {};
}

bool has_removal_warning(const Document& d) {
    for (const auto& w : d.warnings)
        if (w.message.find("removed") != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("clean_value: removes what decode() removes, keeps the rest") {
    struct Case {
        std::string in, out;
        std::size_t count;
    };
    const std::vector<Case> cases = {
        {"plain text, nothing to do", "plain text, nothing to do", 0},
        {"tab\tand\nline feed", "tab\tand\nline feed", 0},
        {std::string("a\0b", 3), "ab", 1},
        {"a\x01\x1F\x7F" "b", "ab", 3},
        {"cr\r\nlf\rx", "cr\nlf\nx", 2},
        {"c1 \xC2\x80\xC2\x9F.", "c1 .", 2},
        {"nonchar \xEF\xBF\xBE\xEF\xBF\xBF \xEF\xB7\x90 \xF0\x9F\xBF\xBE \xF4\x8F\xBF\xBF.", "nonchar    .", 5},
        {"surrogate \xED\xA0\x80.", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.", 3},
        {"broken \xE2\x82", "broken \xEF\xBF\xBD", 1},
        {"نص عربي \xEF\xBF\xBE ونص", "نص عربي  ونص", 1},
        {"keep U+FFFD \xEF\xBF\xBD and U+10FFFD \xF4\x8F\xBF\xBD", "keep U+FFFD \xEF\xBF\xBD and U+10FFFD \xF4\x8F\xBF\xBD", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        std::string s = c.in;
        const std::size_t n = text::clean_value(s);
        CHECK(s == c.out);
        CHECK(checks::xml_chars_problem(s, "cleaned").empty());
        if (c.in.find("\xED\xA0") == std::string::npos) CHECK(n == c.count);
        else CHECK(n > 0);
    }
}

TEST_CASE("read json: a number out of range is a scrapedoc::error naming the file and line") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{\"format\": \"scrapedoc\",\n\"version\": 1e400}", "doc.json:2: not valid JSON: number overflow"},
        {"{\"format\": \"scrapedoc\", \"version\": 1, \"blocks\": [\n{\"type\": \"section\", \"heading\": \"h\", "
         "\"level\": -99999999999999999999, \"blocks\": []}]}",
         "doc.json:2: /blocks/0/level: the integer -1e+20 is out of range"},
        {"{\"format\": \"scrapedoc\", \"version\": 18446744073709551615}",
         "doc.json:1: /version: the integer 18446744073709551615 is out of range"},
        {"{\"format\": \"scrapedoc\", \"version\": 1, \"dropped\": [{\"text\": \"t\", \"reason\": \"r\", "
         "\"line\": 1e300}]}",
         "doc.json:1: /dropped/0/line: the integer 1e+300 is out of range"},
    };
    for (const auto& c : cases) {
        // Not a structured binding: clang does not let CAPTURE's lambda use one.
        const auto& text = c.first;
        const auto& expected = c.second;
        CAPTURE(text);
        std::string message;
        try {
            read_with("json", text, "doc.json");
        } catch (const scrapedoc::error& e) {
            message = e.what();
        }
        CHECK_MESSAGE(message.starts_with(expected), message);
    }
}

TEST_CASE("readers: escapes of controls and noncharacters never reach the document") {
    struct Case {
        const char* reader;
        std::string text;
    };
    const std::vector<Case> cases = {
        {"json", R"({"format":"scrapedoc","version":1,"meta":{"title":"a\ufffe b \u0001 c","authors":["x\u0000y"],)"
                 R"("direction":"ltr"},"byline":"\r\n","blocks":[{"type":"paragraph","text":"x\uffffy\u001fz"},)"
                 R"({"type":"section","level":2,"heading":"h\u007f","blocks":[{"type":"list","items":["\u0085"]}]}],)"
                 R"("dropped":[{"text":"\ufdd0","reason":"r"}]})"},
        {"tei", "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
                "<titleStmt><title>a &#xFFFE; b &#1;</title><author>&#x1F;x</author></titleStmt></fileDesc>"
                "</teiHeader><text><body><p>x &#xFFFF; y &#13;</p><div><head>h&#x7F;</head><p>&#x85;&#xFDD0;</p>"
                "<figure><graphic url=\"a&#1;.png\"/><head>c&#xFFFE;</head></figure></div></body></text></TEI>\n"},
        {"markdown", "# a &#xFFFE; b &#1;\n\nx &#xFFFF; y &#x1F;\n\n## h&#127;\n\n- &#x85;\n\n![alt&#1;](i.png)\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.reader);
        const Document d = read_with(c.reader, c.text, "hostile");
        const std::string problem = unclean(d);
        CHECK_MESSAGE(problem.empty(), problem);
        CHECK(has_removal_warning(d));
        // And so every writer's output is clean too.
        const std::string md = write_md(d);
        CHECK(checks::utf8_problem(md).empty());
        CHECK(md.find("\xEF\xBF\xBE") == std::string::npos);
        CHECK(checks::tei_problem(write_tei(d)).empty());
    }
}

TEST_CASE("scrapedoc::read: an HTML page's character references never bring back controls") {
    read_options options;
    options.source_name = "page.html";
    const Document d = scrapedoc::read(
        "<!DOCTYPE html><html><head><title>T&#1;itle &#xFFFE;</title>"
        "<meta property=\"og:title\" content=\"Head&#x1F;line &#xFFFF;\"></head><body><article><h1>Head&#x1F;line</h1>"
        "<p>The first paragraph of the article &#1; with enough words in it to count as text &#xFFFE; of a page.</p>"
        "<p>The second paragraph &#x7F; also has enough words in it to be kept as part of the body &#65535;.</p>"
        "</article></body></html>",
        options);
    const std::string problem = unclean(d);
    CHECK_MESSAGE(problem.empty(), problem);
}

TEST_CASE("field shapes: ISO dates, language tags and drop reasons as the JSON schema has them") {
    for (const char* ok : {"2024", "2024-03", "2024-03-05", "2024-03-05T10:20", "2024-03-05T10:20:30",
                           "2024-03-05T10:20:30.123Z", "2024-03-05T10:20+02:00", "2024-03-05T10:20:30-0500",
                           "2024-03-05T10:20:30+02"})
        CHECK_MESSAGE(text::is_iso_date(ok), ok);
    for (const char* bad : {"", "24", "2024-3", "2024-03-05 10:20", "2024-03-05T10", "2024-03-05T10:20:3",
                            "2024-03-05T10:20.5", "2024Z", "2024-03-05T10:20+2", "last Tuesday", "2024-03-05T10:20Zx"})
        CHECK_MESSAGE(!text::is_iso_date(bad), bad);
    for (const char* ok : {"en", "ar-EG", "zh-Hant-TW", "x-1"}) CHECK_MESSAGE(text::is_language_tag(ok), ok);
    for (const char* bad : {"", "en_US", "toolonglang", "en-", "-en", "1en", "not a tag!", "en--us"})
        CHECK_MESSAGE(!text::is_language_tag(bad), bad);
    CHECK(text::is_reason_token("share-widget"));
    CHECK(!text::is_reason_token("Share-widget"));
    CHECK(!text::is_reason_token("share--widget"));
    CHECK(!text::is_reason_token("share-"));
    CHECK(text::reason_token("Nav(igation") == "nav-igation");
    CHECK(text::reason_token("  Read  more! ") == "read-more");
    CHECK(text::reason_token("404 page") == "reason-404-page");
    CHECK(text::reason_token("") == "other");
    CHECK(text::reason_token("مشاركة") == "other");
}

TEST_CASE("fit_field_shapes: drop reasons made tokens, a repeated one as the first") {
    // A reason equal to the last token found is not checked again: an empty
    // reason after none, or a bad one after a good one, must still be made
    // a token.
    Document doc;
    for (const char* reason : {"", "", "footer", "footer", "Share Widget", "Share Widget", "footer", "", "9 lives"})
        doc.dropped.push_back({"x", reason, 1});
    text::fit_field_shapes(doc);
    std::vector<std::string> reasons;
    for (const Dropped& d : doc.dropped) reasons.push_back(d.reason);
    CHECK(reasons == std::vector<std::string>{"other", "other", "footer", "footer", "share-widget", "share-widget",
                                              "footer", "other", "reason-9-lives"});
    REQUIRE(doc.warnings.size() == 1);
    CHECK(doc.warnings[0].message == "6 drop reason(s) made lower-case words joined by hyphens");
}

TEST_CASE("scrapedoc::read: dates, languages and reasons of other shapes never reach the JSON") {
    read_options options;
    options.source_name = "shapes.json";
    const Document d = scrapedoc::read(
        R"({"format":"scrapedoc","version":1,"meta":{"title":"t","date":"last Tuesday","language":"not a tag!",)"
        R"("authors":[],"direction":"ltr"},"byline":null,"blocks":[{"type":"paragraph","text":"x"}],)"
        R"("dropped":[{"text":"Home","reason":"Nav(igation","line":6}]})",
        options);
    CHECK(!d.meta.date);
    REQUIRE(d.dropped.size() == 1);
    CHECK(d.dropped[0].reason == "nav-igation");
    // A document built through the API: the writer itself keeps the JSON valid.
    Document api;
    api.meta.date = "yesterday";
    api.meta.language = "English (US)";
    api.dropped = {{"x", "Bad Reason!", 1}};
    const std::string json = write(api, "json");
    CHECK(json.find("\"date\": null") != std::string::npos);
    CHECK(json.find("\"language\": null") != std::string::npos);
    CHECK(json.find("\"reason\": \"bad-reason\"") != std::string::npos);
}
