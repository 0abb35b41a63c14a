// JSON reader: our shape back into the model; other JSON, other versions and
// malformed values refused with the file, the line and the JSON pointer.
#include <string>

#include <doctest/doctest.h>

#include "roundtrip_support.hpp"
#include "writer_fixtures.hpp"

using namespace scrapedoc;
using namespace scrapedoc::test;

namespace {

// The error a reader raises for `text`, or "" when it reads.
std::string json_error(const std::string& text) {
    try {
        read_with("json", text, "doc.json");
    } catch (const scrapedoc::error& e) {
        return e.what();
    }
    return {};
}

const char* minimal = R"({"format": "scrapedoc", "version": 1, "meta": {"title": "T", "subtitle": null, "authors": [],
"publisher": null, "date": null, "language": "en", "direction": "ltr",
"source": {"name": "a.txt", "format": "text", "sha256": "ab"}}, "byline": null, "blocks": [], "dropped": []})";

}  // namespace

TEST_CASE("read json: every field of a hand-built document comes back") {
    const Document d = arabic_news();
    Document back = read_json(write_json(d));
    CHECK(back.meta == d.meta);
    CHECK(back.byline == d.byline);
    CHECK(back.blocks == d.blocks);
    CHECK(back.dropped == d.dropped);
    CHECK(back.warnings.empty());  // warnings are not written
}

TEST_CASE("read json: a minimal document") {
    const Document d = read_json(minimal);
    CHECK(d.meta.title == "T");
    CHECK(d.meta.language == "en");
    CHECK(d.meta.source.name == "a.txt");
    CHECK(d.blocks.empty());
}

TEST_CASE("read json: other JSON is refused, naming the file") {
    CHECK(json_error(R"({"name": "x"})").starts_with("doc.json:1: not a scrapedoc JSON document"));
    CHECK(json_error(R"({"format": "pandoc", "version": 1})").find("not a scrapedoc JSON document") != std::string::npos);
    CHECK(json_error(R"([1, 2])").find("expected an object") != std::string::npos);
    CHECK(json_error(R"({"format": "scrapedoc"})").find("no \"version\"") != std::string::npos);
}

TEST_CASE("read json: an incompatible version is refused with a clear error") {
    std::string v2 = minimal;
    v2.replace(v2.find("\"version\": 1"), 12, "\"version\": 2");
    const std::string e = json_error(v2);
    CHECK(e.starts_with("doc.json:1: /version: "));
    CHECK(e.find("version 2 is not supported") != std::string::npos);
    CHECK(e.find("reads version 1") != std::string::npos);
}

TEST_CASE("read json: malformed values are reported at their line and pointer") {
    const std::string text = "{\"format\": \"scrapedoc\", \"version\": 1,\n"
                             "\"byline\": null,\n"
                             "\"blocks\": [\n"
                             "  {\"type\": \"paragraph\", \"text\": \"ok\"},\n"
                             "  {\"type\": \"section\", \"heading\": \"H\", \"level\": 2, \"blocks\": [\n"
                             "    {\"type\": \"paragraph\",\n"
                             "     \"text\": 5}]}\n"
                             "]}";
    CHECK(json_error(text) == "doc.json:7: /blocks/1/blocks/0/text: expected a string, found a number");

    std::string bad_type = text;
    bad_type.replace(bad_type.find("\"text\": 5"), 9, "\"text\": \"x\"");
    bad_type.replace(bad_type.find("\"type\": \"paragraph\",\n"), 20, "\"type\": \"poem\",\n");
    CHECK(json_error(bad_type).starts_with("doc.json:6: /blocks/1/blocks/0/type: unknown block type \"poem\""));

    CHECK(json_error("{\"format\": \"scrapedoc\", \"version\": 1,\n\"blocks\": [{\"type\": \"section\", \"heading\": \"H\", "
                     "\"level\": 9, \"blocks\": []}]}")
              .starts_with("doc.json:2: /blocks/0/level: section level 9 is not a heading level"));
    CHECK(json_error("{\"format\": \"scrapedoc\", \"version\": 1,\n\"meta\": {\"direction\": \"up\"}}")
              .starts_with("doc.json:2: /meta/direction: "));
    CHECK(json_error("{\"format\": \"scrapedoc\", \"version\": 1,\n\"meta\": {\"page_type\": \"blog\"}}")
              .starts_with("doc.json:2: /meta/page_type: page_type is \"blog\""));
    CHECK(json_error("{\"format\": \"scrapedoc\", \"version\": 1,\n\"meta\": {\"page_type\": 3}}")
              .starts_with("doc.json:2: /meta/page_type: expected a string"));
    CHECK(json_error("{\"format\": \"scrapedoc\", \"version\": 1,\n\"dropped\": [{\"text\": \"x\"}]}")
              .starts_with("doc.json:2: /dropped/0: missing \"reason\""));
}

TEST_CASE("read json: not JSON at all is reported with its line") {
    const std::string e = json_error("{\"format\": \"scrapedoc\",\n\"version\": 1,\n\"blocks\": [,]}");
    CHECK(e.starts_with("doc.json:3: not valid JSON: "));
}

TEST_CASE("read json: 2.0 is the integer 2, as in JSON Schema") {
    const Document d = read_json(R"({"format": "scrapedoc", "version": 1.0, "blocks": [
        {"type": "section", "heading": "H", "level": 3.0, "blocks": []}]})");
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Section>(d.blocks[0]).level == 3);
}

TEST_CASE("read json: through scrapedoc::read, --from auto picks it and errors name the input") {
    read_options options;
    options.source_name = "in.json";
    const Document d = scrapedoc::read(minimal, options);
    CHECK(d.meta.source.format == "json");
    CHECK(d.meta.source.name == "in.json");
    options.format = "json";
    CHECK_THROWS_WITH_AS(scrapedoc::read("{\"format\": \"scrapedoc\", \"version\": 3}", options),
                         doctest::Contains("in.json:1: /version: scrapedoc JSON shape version 3 is not supported"),
                         scrapedoc::error);
}

TEST_CASE("read json: sniffing") {
    const readers::Reader* json = readers::find("json");
    REQUIRE(json);
    CHECK(json->sniff(minimal) == 100);
    CHECK(json->sniff("  {\"a\": 1}\n") == 50);
    CHECK(json->sniff("Headline\n\nSome text {with braces}.") == 0);
    CHECK(&readers::detect(minimal) == json);
}
