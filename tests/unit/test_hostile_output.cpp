// Output safety (docs/hardening.md): whatever text a document carries, TEI
// holds only XML 1.0 characters and stays well-formed, JSON is valid UTF-8,
// and Markdown never turns page text into markup, links or raw HTML. The
// checks are the fuzz targets' (tests/fuzz/output_checks.hpp); here they run
// on hand-built documents and on decode() itself.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "../fuzz/output_checks.hpp"
#include "scrapedoc.hpp"
#include "text/decode.hpp"

using namespace scrapedoc;

namespace {

Source hostile_source() { return Source{"hostile.txt", "text", std::string(64, 'a')}; }

// Every field that reaches the output carries `text`.
Document document_with_text(const std::string& text) {
    Document d;
    d.meta.title = text;
    d.meta.subtitle = text;
    d.meta.authors = {text};
    d.meta.publisher = text;
    d.meta.source = hostile_source();
    d.byline = text;
    d.blocks = {
        Paragraph{text},
        Quote{text},
        List{false, {text, text}},
        List{true, {text}},
        Figure{text, text, std::string("https://example.com/a.png"), text},
        Figure{text, text, std::nullopt, std::nullopt},
        Section{text, 2, {Paragraph{text}, Section{text, 3, {Quote{text}}}}},
    };
    d.dropped = {{text, "share-widget", 3}};
    return d;
}

// Text a scraper brings back that looks like Markdown, HTML or XML syntax.
const std::vector<std::string> markup_lookalikes = {
    "# Not a heading", "## neither", "Setext ===", "- not a list", "* nor", "+ nor", "1. not ordered",
    "2) nor", "> not a quote", "    four spaces", "```", "~~~ fence", "| a | b |", "---", "***", "___",
    "*not emphasis* _nor_ **strong** __strong__ ~~struck~~", "[not a link](http://example.com)",
    "[ref][1]", "[1]: http://example.com \"t\"", "![not an image](x.png)", "<http://example.com>",
    "<user@example.com>", "http://bare.example.com", "<b>not html</b>", "<script>alert(1)</script>",
    "<!-- comment -->", "<?php echo 1; ?>", "&amp; &lt; &#65; &#x41; &copy", "trailing spaces  ",
    "backslash\\", "\\*escaped\\*", "`code`", "``code``", "$x^2$", "]]> <![CDATA[ x ]]>", "  leading blanks",
    "\ttab first", "1986. A year", "+1 555", "#hashtag", "=", "-", "*", "!", "[", "]", "<", ">", "&",
    "\\", "`", "_", "~", "|", "<div>", "</div>", "[x]: <y>", "a\\", "a\\\\",
};

}  // namespace

TEST_CASE("hostile output: Markdown keeps look-alike page text literal in every field") {
    for (const auto& text : markup_lookalikes) {
        CAPTURE(text);
        const Document doc = document_with_text(text);
        const std::string md = write(doc, "md");
        const std::string problem = checks::markdown_problem(doc, md);
        CHECK_MESSAGE(problem.empty(), problem, "\n--- markdown ---\n", md);
    }
}

TEST_CASE("hostile output: characters XML 1.0 forbids never reach TEI, JSON stays valid UTF-8") {
    const std::vector<std::string> texts = {
        std::string("C0 \x01\x02\x08\x0B\x0C\x0E\x1F and DEL \x7F"),
        std::string("NUL \0 inside", 12),
        "noncharacters \xEF\xBF\xBE \xEF\xBF\xBF",      // U+FFFE, U+FFFF
        "lone surrogates \xED\xA0\x80 \xED\xBF\xBF",    // U+D800, U+DFFF as UTF-8
        "invalid UTF-8 \x80 \xC3 \xE2\x82 \xF0\x9F\x98 \xC0\xAF \xF5 \xFF",
        "C1 \xC2\x80 \xC2\x85 \xC2\x9F",
        "text ending in a truncated sequence \xE2\x82",
    };
    for (const auto& text : texts) {
        CAPTURE(text);
        const Document doc = document_with_text(text);
        const std::string tei = write(doc, "tei");
        const std::string tei_problem = checks::tei_problem(tei);
        CHECK_MESSAGE(tei_problem.empty(), tei_problem);
        const std::string json = write(doc, "json");
        const std::string json_problem = checks::json_problem(json);
        CHECK_MESSAGE(json_problem.empty(), json_problem);
        const std::string md = write(doc, "md");
        CHECK_MESSAGE(checks::utf8_problem(md).empty(), checks::utf8_problem(md));
    }
}

// cmark's renderer encodes U+FFFE and U+FFFF as the single bytes FE and FF
// (utf8proc's encoder does), which is not UTF-8: the Markdown writer hands
// cmark U+FFFD in their place. Readers never put them in a document
// (text/clean.hpp); a document built through the library API may hold them.
TEST_CASE("hostile output: Markdown of text with U+FFFE and U+FFFF is valid UTF-8 without them") {
    const Document doc = document_with_text("noncharacters \xEF\xBF\xBE \xEF\xBF\xBF");
    for (const bool front : {false, true}) {
        write_options options;
        options.front_matter = front;
        const std::string md = write(doc, "md", options);
        CHECK_MESSAGE(checks::utf8_problem(md).empty(), checks::utf8_problem(md));
        CHECK(md.find("\xEF\xBF\xBE") == std::string::npos);
        CHECK(md.find("\xEF\xBF\xBF") == std::string::npos);
        CHECK(md.find("noncharacters \xEF\xBF\xBD \xEF\xBF\xBD") != std::string::npos);
    }
}

TEST_CASE("hostile output: decode() leaves valid UTF-8 with XML 1.0 characters only") {
    // Each class of damage, alone and inside ordinary text.
    const std::vector<std::string> inputs = {
        "\x80\xBF",          "\xC3",          "\xE2\x82",         "\xF0\x9F\x98",     "\xC0\xAF",
        "\xE0\x80\xAF",      "\xF0\x80\x80\xAF", "\xC0\x80",      "\xED\xA0\x80",     "\xED\xBF\xBF",
        "\xF4\x90\x80\x80",  "\xF5\xF8\xFC\xFE\xFF", "\xEF\xBF\xBE\xEF\xBF\xBF", "\xEF\xB7\x90",
        "\xC2\x80\xC2\x9F",  std::string("\0\x01\x08\x0B\x0C\x0E\x1F\x7F", 8), "\r\n\r",
    };
    for (const auto& bad : inputs) {
        for (const std::string& around : {std::string("%"), std::string("Plain text % and more."),
                                          std::string("نص عربي % ونص آخر.")}) {
            std::string bytes = around;
            bytes.replace(bytes.find('%'), 1, bad);
            CAPTURE(bytes);
            const text::Decoded d = text::decode(bytes);
            const std::string problem = checks::xml_chars_problem(d.text, "decoded text");
            CHECK_MESSAGE(problem.empty(), problem);
            CHECK(d.text.find('\r') == std::string::npos);
        }
    }
}

TEST_CASE("hostile output: whatever decode() makes of random bytes, every writer's output passes") {
    // A fixed linear congruential sequence: the same bytes every run.
    std::uint32_t state = 12345;
    for (int round = 0; round < 50; ++round) {
        std::string bytes(2000 + round * 37, '\0');
        for (auto& c : bytes) {
            state = state * 1664525u + 1013904223u;
            c = static_cast<char>(state >> 24);
        }
        Document doc;
        try {
            read_options options;
            options.source_name = "random-" + std::to_string(round);
            doc = read(bytes, options);
        } catch (const scrapedoc::error& e) {
            CHECK(std::string(e.what()).rfind(std::string("random-") + std::to_string(round) + ": ", 0) == 0);
            continue;
        }
        CAPTURE(round);
        const std::string tei = write(doc, "tei");
        CHECK_MESSAGE(checks::tei_problem(tei).empty(), checks::tei_problem(tei));
        const std::string json = write(doc, "json");
        CHECK_MESSAGE(checks::json_problem(json).empty(), checks::json_problem(json));
        const std::string md = write(doc, "md");
        CHECK_MESSAGE(checks::markdown_problem(doc, md).empty(), checks::markdown_problem(doc, md));
    }
}
