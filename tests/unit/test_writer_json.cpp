// JSON writer: the exact shape of ../spec/json-shape.md, read back with nlohmann.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "scrapedoc.hpp"
#include "writer_fixtures.hpp"
#include "writers/registry.hpp"

using nlohmann::json;
using namespace scrapedoc;

namespace {

json parse_json(const Document& doc) {
    const std::string out = writers::write_json(doc, {});
    REQUIRE(!out.empty());
    CHECK(out.back() == '\n');
    return json::parse(out);
}

template <class Json>
std::vector<std::string> keys(const Json& object) {
    std::vector<std::string> out;
    for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
    return out;
}

}  // namespace

TEST_CASE("json writer: top level and meta of an Arabic page") {
    const Document doc = test::arabic_news();
    const std::string text = writers::write_json(doc, {});
    // Field order is part of the contract (readable diffs); nlohmann::json
    // sorts keys, so check the order on the raw text.
    CHECK(text.find("\"format\"") < text.find("\"version\""));
    CHECK(text.find("\"version\"") < text.find("\"meta\""));
    CHECK(text.find("\"meta\"") < text.find("\"byline\""));
    CHECK(text.find("\"byline\"") < text.find("\"blocks\""));
    CHECK(text.find("\"blocks\"") < text.find("\"dropped\""));
    // Non-ASCII text is written as UTF-8, not as \u escapes.
    CHECK(text.find("مازن إسلام") != std::string::npos);

    const json j = json::parse(text);
    CHECK(j.size() == 6);
    CHECK(j["format"] == "scrapedoc");
    CHECK(j["version"] == json_shape_version);
    const json& m = j["meta"];
    CHECK(m.size() == 9);
    CHECK(m["title"] == *doc.meta.title);
    CHECK(m["subtitle"].is_null());
    CHECK(m["authors"] == json::array({"مازن إسلام"}));
    CHECK(m["publisher"] == "القاهرة الإخبارية");
    CHECK(m["date"] == "2024-11-05");
    CHECK(m["language"] == "ar");
    CHECK(m["direction"] == "rtl");
    CHECK(m["page_type"] == "article");
    CHECK(m["source"] == json{{"name", "000_seed.txt"}, {"format", "text"}, {"sha256", doc.meta.source.sha256}});
    CHECK(j["byline"] == "القاهرة الإخبارية - مازن إسلام");
    CHECK(j.find("warnings") == j.end());  // warnings are reported, not written
}

TEST_CASE("json writer: blocks of every type") {
    const json j = parse_json(test::arabic_news());
    const json& blocks = j["blocks"];
    REQUIRE(blocks.size() == 5);
    CHECK(blocks[0] == json{{"type", "figure"},
                            {"caption", "فلاديمير بوتين وشي جين بينج"},
                            {"credit", "أرشيفية"},
                            {"src", nullptr},
                            {"alt", nullptr}});
    CHECK(blocks[1]["type"] == "paragraph");
    CHECK(blocks[1].size() == 2);
    const json& section = blocks[3];
    const auto ordered = nlohmann::ordered_json::parse(writers::write_json(test::arabic_news(), {}));
    CHECK(keys(ordered["blocks"][3]) == std::vector<std::string>{"type", "heading", "level", "blocks"});
    CHECK(keys(ordered["blocks"][0]) == std::vector<std::string>{"type", "caption", "credit", "src", "alt"});
    CHECK(keys(ordered["meta"]) ==
          std::vector<std::string>{"title", "subtitle", "authors", "publisher", "date", "language", "direction",
                                   "page_type", "source"});
    CHECK(section["heading"] == "تحدي الهيمنة الغربية");
    CHECK(section["level"] == 2);
    REQUIRE(section["blocks"].size() == 3);
    CHECK(section["blocks"][1] == json{{"type", "quote"}, {"text", "الذكاء الاصطناعي يُعد أحد الأسلحة الرئيسة في الصراع التكنولوجي."}});
    CHECK(section["blocks"][2] ==
          json{{"type", "list"}, {"ordered", false}, {"items", {"التعلم الآلي", "الرؤية الحاسوبية"}}});
    CHECK(j["dropped"] == json::array({json{{"text", "• مشاركة :"}, {"reason", "share-widget"}, {"line", 5}},
                                       json{{"text", "post-title"}, {"reason", "markup-residue"}, {"line", 2}}}));
}

TEST_CASE("json writer: nested sections and tables") {
    const json j = parse_json(test::nested_english());
    const json& blocks = j["blocks"];
    REQUIRE(blocks.size() == 6);
    CHECK(blocks[1]["src"] == "https://example.org/img/ferry 1.jpg");  // JSON keeps the source as given
    CHECK(blocks[1]["alt"] == "A white ferry");
    const json& history = blocks[2];
    REQUIRE(history["blocks"].size() == 4);
    const json& pause = history["blocks"][1];
    CHECK(pause["level"] == 3);
    CHECK(pause["blocks"][1]["level"] == 4);
    CHECK(pause["blocks"][1]["blocks"][0] == json{{"type", "list"}, {"ordered", true}, {"items", {"Costs rose", "Riders fell"}}});
    CHECK(history["blocks"][3] ==
          json{{"type", "table"},
               {"header", true},
               {"rows", json::array({json::array({"Year", "Riders"}), json::array({"2003", "1,200"}), json::array({"2024", "3,400"})})}});
    CHECK(blocks[4] == json{{"type", "table"},
                            {"header", false},
                            {"rows", json::array({json::array({"Mon", "07:00"}), json::array({"Tue"})})}});
    CHECK(j["meta"]["subtitle"] == "The city's oldest crossing reopens");
    CHECK(j["meta"]["direction"] == "ltr");
    CHECK(j["meta"]["page_type"] == "documentation");
}

TEST_CASE("json writer: absent fields are null, empty lists stay lists") {
    const json j = parse_json(test::empty_document());
    const json& m = j["meta"];
    for (const char* field : {"title", "subtitle", "publisher", "date", "language", "page_type"}) {
        CAPTURE(field);
        CHECK(m[field].is_null());
    }
    CHECK(m["authors"] == json::array());
    CHECK(j["byline"].is_null());
    CHECK(j["blocks"] == json::array());
    CHECK(j["dropped"] == json::array());
}

TEST_CASE("json writer: text that looks like JSON or markup is a plain string") {
    Document doc = test::empty_document();
    doc.blocks = {Paragraph{"\"quoted\" \\ back / slash {\"a\":1} <b>&amp;</b>\ttab\nnew line \u0001"}};
    const json j = parse_json(doc);
    CHECK(j["blocks"][0]["text"] == std::get<Paragraph>(doc.blocks[0]).text);
}

TEST_CASE("json writer: every control character escaped, wherever it stands in a string") {
    // RapidJSON 1.1.0's SSE2 scan leaves 0x1A..0x1F raw when they fall in a
    // block of 16 bytes it scans at once: each control at each offset.
    Document doc = test::empty_document();
    for (int c = 1; c < 0x20; ++c)
        for (std::size_t at = 0; at < 40; at += 3) {
            std::string text(at, 'a');
            text += static_cast<char>(c);
            text += "bcdefghijklmnopqrstuvwxyz0123456789 \xD8\xA8\xD9\x85";
            doc.blocks.push_back(Paragraph{text});
        }
    doc.blocks.push_back(Paragraph{"broken \xff and \x1d control"});
    const std::string out = writers::write_json(doc, {});
    for (unsigned char c : out) CHECK_MESSAGE((c >= 0x20 || c == '\n'), "raw byte ", static_cast<int>(c));
    const json j = json::parse(out);
    REQUIRE(j["blocks"].size() == doc.blocks.size());
    for (std::size_t i = 0; i + 1 < doc.blocks.size(); ++i)
        CHECK(j["blocks"][i]["text"] == std::get<Paragraph>(doc.blocks[i]).text);
    CHECK(j["blocks"].back()["text"] == "broken \xEF\xBF\xBD and \x1d control");
}

TEST_CASE("json writer: controls escaped before each character of a short string and in a long text") {
    // Each control character before each character of a 17-byte string
    // (the control check takes eight bytes at a time, then the last few;
    // RapidJSON's SSE2 scan sixteen), next to two- and three-byte
    // characters, and in a long text (a string with 0x1A..0x1F goes
    // through nlohmann-json, which writes lower-case hex digits).
    const std::vector<std::string> chars = {"a", "b", "c", "d", "e", "f", "g", "h", "\xD0\xB6", "\xE4\xB8\xAD", "x", "y", "z"};
    Document doc = test::empty_document();
    for (int c = 0; c < 0x20; ++c)
        for (std::size_t at = 0; at <= chars.size(); ++at) {
            std::string s;
            for (std::size_t k = 0; k <= chars.size(); ++k) {
                if (k == at) s += static_cast<char>(c);
                if (k < chars.size()) s += chars[k];
            }
            doc.blocks.push_back(Paragraph{s});
        }
    std::string long_text;
    for (int k = 0; k < 2000; ++k) long_text += "\xD0\xB6\xE4\xB8\xAD\x1F\"\\ x";
    doc.blocks.push_back(Paragraph{long_text});
    const std::string out = writers::write_json(doc, {});
    CHECK(std::none_of(out.begin(), out.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 && ch != '\n'; }));
    CHECK((out.find("\\u001F") != std::string::npos || out.find("\\u001f") != std::string::npos));
    CHECK(out.find("\\u0000") != std::string::npos);
    CHECK(out.find("\\b") != std::string::npos);
    const json j = json::parse(out);
    REQUIRE(j["blocks"].size() == doc.blocks.size());
    std::size_t same = 0;
    for (std::size_t k = 0; k < doc.blocks.size(); ++k)
        same += j["blocks"][k]["text"] == std::get<Paragraph>(doc.blocks[k]).text;
    CHECK(same == doc.blocks.size());
}

TEST_CASE("json writer: broken UTF-8 from the library API becomes U+FFFD, not an exception") {
    Document doc = test::empty_document();
    doc.blocks = {Paragraph{"ok \xff\xfe end"}};
    const json j = parse_json(doc);
    CHECK(j["blocks"][0]["text"] == "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST_CASE("json writer: reachable through the public write()") {
    const Document doc = test::nested_english();
    CHECK(write(doc, "json") == writers::write_json(doc, {}));
}

TEST_CASE("json writer: drop reasons from the library API made tokens, a repeated one as the first") {
    // The writer checks a reason only when it differs from the last token
    // it wrote: an empty reason after none, or a bad one after a good one,
    // must still be made a token.
    Document doc = test::empty_document();
    for (const char* reason : {"", "", "footer", "footer", "Share Widget", "Share Widget", "footer", "", "9 lives"})
        doc.dropped.push_back({"x", reason, 1});
    const json j = parse_json(doc);
    std::vector<std::string> reasons;
    for (const auto& d : j["dropped"]) reasons.push_back(d["reason"]);
    CHECK(reasons == std::vector<std::string>{"other", "other", "footer", "footer", "share-widget", "share-widget",
                                              "footer", "other", "reason-9-lives"});
}

TEST_CASE("json writer: a web archive's source fields are written when known, and only then") {
    // In the order written: ordered_json keeps it.
    auto source_of = [](const Document& d) {
        return nlohmann::ordered_json::parse(writers::write_json(d, {}))["meta"]["source"];
    };
    const auto archived = source_of(test::archived_page());
    CHECK(keys(archived) == std::vector<std::string>{"name", "format", "sha256", "url", "retrieved", "record_id"});
    CHECK(archived["url"] == "http://127.0.0.1:8080/fähre/time table.html?a=1&b=<2>");
    CHECK(archived["retrieved"] == "2024-05-01T09:30:12.250Z");
    CHECK(archived["record_id"] == "urn:uuid:3f2b6c1e-8a0d-4c55-9f3e-1d2c3b4a5f60");
    const auto plain = source_of(test::arabic_news());
    CHECK(keys(plain) == std::vector<std::string>{"name", "format", "sha256"});
    // A retrieval time of another shape is left out, as meta.date would be.
    Document odd = test::archived_page();
    odd.meta.source.retrieved = "Wed, 01 May 2024 09:30:12 GMT";
    CHECK_FALSE(parse_json(odd)["meta"]["source"].contains("retrieved"));
}

TEST_CASE("json lines writer: the JSON writer's object on one line, version included") {
    for (const Document& doc : {test::arabic_news(), test::nested_english(), test::markdown_lookalike(),
                                test::archived_page(), test::empty_document()}) {
        const std::string line = write(doc, "jsonl");
        REQUIRE(!line.empty());
        CHECK(line.back() == '\n');
        CHECK(std::count(line.begin(), line.end(), '\n') == 1);
        const json j = json::parse(line);
        CHECK(j["version"] == 1);
        CHECK(j == json::parse(write(doc, "json")));
    }
    // Line feeds in text are escaped, so they cannot split the line.
    Document doc = test::empty_document();
    doc.blocks = {Paragraph{"one\ntwo\r\nthree\u2028four"}};
    const std::string line = write(doc, "jsonl");
    CHECK(std::count(line.begin(), line.end(), '\n') == 1);
    CHECK(extension_for_writer("jsonl") == ".jsonl");
    CHECK(writer_for_extension("crawl.jsonl") == "jsonl");
}
