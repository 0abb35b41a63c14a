// TEI writer: parse the output back with pugixml and check elements and
// attributes. Schema validity (tei_all.rng and our subset) is checked by
// tests/scripts/writers_validate.sh over the same documents.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include "scrapedoc.hpp"
#include "writer_fixtures.hpp"
#include "writers/registry.hpp"

using namespace scrapedoc;

namespace {

struct Parsed {
    pugi::xml_document xml;
    std::string text;
    pugi::xml_node tei() const { return xml.child("TEI"); }
    pugi::xml_node header() const { return tei().child("teiHeader"); }
    pugi::xml_node story() const { return tei().child("text").child("body").child("div"); }
};

// Parses without pugixml's whitespace trimming: any white space the writer
// put into text would show.
void parse_tei(const Document& doc, Parsed& out) {
    out.text = writers::write_tei(doc, {});
    const pugi::xml_parse_result result = out.xml.load_buffer(out.text.data(), out.text.size(), pugi::parse_default | pugi::parse_declaration);
    INFO(out.text);
    REQUIRE(result);
}

// Names of the element children, in order.
std::vector<std::string> child_names(pugi::xml_node node) {
    std::vector<std::string> out;
    for (pugi::xml_node c : node.children())
        if (c.type() == pugi::node_element) out.emplace_back(c.name());
    return out;
}

std::vector<pugi::xml_node> element_children(pugi::xml_node node) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : node.children())
        if (c.type() == pugi::node_element) out.push_back(c);
    return out;
}

using names = std::vector<std::string>;

}  // namespace

TEST_CASE("tei writer: document and header of an Arabic page") {
    const Document doc = test::arabic_news();
    Parsed p;
    parse_tei(doc, p);
    CHECK(p.text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI", 0) == 0);
    CHECK(std::string(p.tei().attribute("xmlns").value()) == "http://www.tei-c.org/ns/1.0");
    CHECK(child_names(p.tei()) == names{"teiHeader", "text"});
    CHECK(child_names(p.header()) == names{"fileDesc", "profileDesc"});

    pugi::xml_node file_desc = p.header().child("fileDesc");
    CHECK(child_names(file_desc) == names{"titleStmt", "publicationStmt", "sourceDesc"});
    pugi::xml_node title_stmt = file_desc.child("titleStmt");
    CHECK(child_names(title_stmt) == names{"title", "author"});
    CHECK(std::string(title_stmt.child("title").attribute("type").value()) == "main");
    CHECK(title_stmt.child("title").text().get() == *doc.meta.title);
    CHECK(title_stmt.child("author").text().get() == std::string("مازن إسلام"));
    CHECK(child_names(file_desc.child("publicationStmt")) == names{"publisher"});
    CHECK(file_desc.child("publicationStmt").child("publisher").text().get() == std::string("القاهرة الإخبارية"));

    pugi::xml_node bibl = file_desc.child("sourceDesc").child("bibl");
    CHECK(child_names(bibl) == names{"date", "idno", "idno", "note"});
    CHECK(std::string(bibl.child("date").attribute("when").value()) == "2024-11-05");
    CHECK(bibl.find_child_by_attribute("idno", "type", "filename").text().get() == std::string("000_seed.txt"));
    CHECK(bibl.find_child_by_attribute("idno", "type", "sha256").text().get() == doc.meta.source.sha256);
    CHECK(bibl.find_child_by_attribute("note", "type", "format").text().get() == std::string("text"));

    pugi::xml_node language = p.header().child("profileDesc").child("langUsage").child("language");
    CHECK(std::string(language.attribute("ident").value()) == "ar");
    CHECK(std::string(language.text().get()) == "Arabic");

    pugi::xml_node text = p.tei().child("text");
    CHECK(std::string(text.attribute("xml:lang").value()) == "ar");
    CHECK(std::string(text.attribute("style").value()) == "direction: rtl");
    CHECK(child_names(text) == names{"body"});
    CHECK(child_names(text.child("body")) == names{"div"});
    CHECK(std::string(p.story().attribute("type").value()) == "story");
}

TEST_CASE("tei writer: story opening, byline with docAuthor, figure, sections") {
    const Document doc = test::arabic_news();
    Parsed p;
    parse_tei(doc, p);
    pugi::xml_node story = p.story();
    CHECK(child_names(story) == names{"head", "byline", "docDate", "figure", "p", "p", "div", "div"});
    CHECK(std::string(story.child("head").attribute("type").value()) == "main");
    CHECK(story.child("head").text().get() == *doc.meta.title);

    // The byline text is kept verbatim; the name inside it is a docAuthor.
    pugi::xml_node byline = story.child("byline");
    std::vector<pugi::xml_node> parts(byline.begin(), byline.end());
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].type() == pugi::node_pcdata);
    CHECK(std::string(parts[0].value()) == "القاهرة الإخبارية - ");
    CHECK(std::string(parts[1].name()) == "docAuthor");
    CHECK(std::string(parts[1].text().get()) == "مازن إسلام");
    CHECK(std::string(story.child("docDate").attribute("when").value()) == "2024-11-05");
    CHECK(std::string(story.child("docDate").text().get()) == "2024-11-05");

    pugi::xml_node figure = story.child("figure");
    CHECK(child_names(figure) == names{"head", "p"});  // no src: no graphic; no alt: no figDesc
    CHECK(std::string(figure.child("head").text().get()) == "فلاديمير بوتين وشي جين بينج");
    CHECK(std::string(figure.child("p").attribute("rend").value()) == "credit");
    CHECK(std::string(figure.child("p").text().get()) == "أرشيفية");

    const auto divs = element_children(story);
    pugi::xml_node section = divs[6];
    CHECK(std::string(section.attribute("type").value()) == "section");
    CHECK(child_names(section) == names{"head", "p", "quote", "list"});
    CHECK(std::string(section.child("head").attribute("rend").value()) == "h2");
    CHECK(std::string(section.child("head").text().get()) == "تحدي الهيمنة الغربية");
    CHECK(std::string(section.child("quote").text().get()) == "الذكاء الاصطناعي يُعد أحد الأسلحة الرئيسة في الصراع التكنولوجي.");
    pugi::xml_node list = section.child("list");
    CHECK(std::string(list.attribute("rend").value()) == "bulleted");
    CHECK(child_names(list) == names{"item", "item"});
    CHECK(std::string(list.first_child().text().get()) == "التعلم الآلي");
    CHECK(std::string(divs[7].child("head").text().get()) == "آفاق المستقبل");
}

TEST_CASE("tei writer: blocks after a subsection go into a continuation div") {
    Parsed p;
    parse_tei(test::nested_english(), p);
    pugi::xml_node story = p.story();
    CHECK(child_names(story) == names{"head", "head", "byline", "docDate", "p", "figure", "div", "div", "div"});
    const auto top = element_children(story);
    CHECK(std::string(top[1].attribute("type").value()) == "sub");

    pugi::xml_node history = top[6];
    CHECK(std::string(history.attribute("type").value()) == "section");
    CHECK(child_names(history) == names{"head", "p", "div", "div"});
    const auto in_history = element_children(history);
    pugi::xml_node pause = in_history[2];
    CHECK(std::string(pause.child("head").attribute("rend").value()) == "h3");
    CHECK(child_names(pause) == names{"head", "p", "div"});
    pugi::xml_node why = pause.child("div");
    CHECK(std::string(why.child("head").attribute("rend").value()) == "h4");
    CHECK(std::string(why.child("list").attribute("rend").value()) == "numbered");

    pugi::xml_node continuation = in_history[3];
    CHECK(std::string(continuation.attribute("type").value()) == "continuation");
    CHECK(!continuation.child("head"));
    CHECK(child_names(continuation) == names{"p", "table"});
    CHECK(std::string(continuation.child("p").text().get()) == "The council voted to restore it.");

    // At the top level too: "Tickets cost two euros." and the second table
    // follow the History section, so they sit in a continuation; then the
    // Timetable section.
    pugi::xml_node top_continuation = top[7];
    CHECK(std::string(top_continuation.attribute("type").value()) == "continuation");
    CHECK(child_names(top_continuation) == names{"p", "table"});
    CHECK(std::string(top[8].child("head").text().get()) == "Timetable");
}

TEST_CASE("tei writer: tables, figures with a source, two authors in one byline") {
    const Document doc = test::nested_english();
    Parsed p;
    parse_tei(doc, p);
    pugi::xml_node story = p.story();

    pugi::xml_node table = story.find_child_by_attribute("div", "type", "section").child("div").next_sibling("div").child("table");
    REQUIRE(table);
    const auto rows = element_children(table);
    REQUIRE(rows.size() == 3);
    CHECK(std::string(rows[0].attribute("role").value()) == "label");
    CHECK(!rows[1].attribute("role"));
    CHECK(child_names(rows[0]) == names{"cell", "cell"});
    CHECK(std::string(rows[2].last_child().text().get()) == "3,400");

    pugi::xml_node plain_table = story.find_child_by_attribute("div", "type", "continuation").child("table");
    const auto plain_rows = element_children(plain_table);
    REQUIRE(plain_rows.size() == 2);
    CHECK(!plain_rows[0].attribute("role"));
    CHECK(child_names(plain_rows[1]) == names{"cell"});  // ragged rows stay ragged

    pugi::xml_node figure = story.child("figure");
    CHECK(child_names(figure) == names{"graphic", "head", "p", "figDesc"});
    CHECK(std::string(figure.child("graphic").attribute("url").value()) == "https://example.org/img/ferry%201.jpg");
    CHECK(std::string(figure.child("figDesc").text().get()) == "A white ferry");

    // "By Jane Doe and John Roe | Example News": both names marked, the rest
    // kept as text between them.
    pugi::xml_node byline = story.child("byline");
    std::string rebuilt;
    std::vector<std::string> authors;
    for (pugi::xml_node part : byline.children()) {
        rebuilt += part.type() == pugi::node_pcdata ? part.value() : part.text().get();
        if (part.type() == pugi::node_element) {
            CHECK(std::string(part.name()) == "docAuthor");
            authors.emplace_back(part.text().get());
        }
    }
    CHECK(rebuilt == *doc.byline);
    CHECK(authors == std::vector<std::string>{"Jane Doe", "John Roe"});

    pugi::xml_node title_stmt = p.header().child("fileDesc").child("titleStmt");
    CHECK(child_names(title_stmt) == names{"title", "title", "author", "author"});
    CHECK(std::string(title_stmt.last_child().text().get()) == "John Roe");
    CHECK(std::string(p.header().child("fileDesc").child("sourceDesc").child("bibl").child("date").attribute("when").value()) ==
          "2024-05-01T09:30:00Z");
    // Left-to-right text has no style.
    CHECK(!p.tei().child("text").attribute("style"));
}

TEST_CASE("tei writer: byline names matched leftmost, longest first, only where they occur") {
    Document doc = test::empty_document();
    doc.byline = "Maria Silva e Maria Silva Santos, com Ana";
    doc.meta.authors = {"Maria Silva", "Maria Silva Santos", "Pedro Não Está"};
    Parsed p;
    parse_tei(doc, p);
    std::vector<std::string> parts;
    for (pugi::xml_node part : p.story().child("byline").children())
        parts.push_back(part.type() == pugi::node_pcdata ? std::string("text:") + part.value() : std::string("author:") + part.text().get());
    CHECK(parts == std::vector<std::string>{"author:Maria Silva", "text: e ", "author:Maria Silva Santos", "text:, com Ana"});
    // Every author is in the header, found in the byline or not.
    CHECK(child_names(p.header().child("fileDesc").child("titleStmt")) == names{"title", "author", "author", "author"});
}

TEST_CASE("tei writer: absent fields keep a valid header") {
    Parsed p;
    parse_tei(test::empty_document(), p);
    pugi::xml_node title_stmt = p.header().child("fileDesc").child("titleStmt");
    CHECK(child_names(title_stmt) == names{"title"});
    CHECK(!title_stmt.child("title").attribute("type"));  // untitled: empty title, no @type
    CHECK(std::string(title_stmt.child("title").text().get()).empty());
    pugi::xml_node publication = p.header().child("fileDesc").child("publicationStmt");
    CHECK(child_names(publication) == names{"p"});
    CHECK(std::string(publication.child("p").text().get()) == "Publisher not known.");
    CHECK(child_names(p.header().child("fileDesc").child("sourceDesc").child("bibl")) == names{"idno", "idno", "note"});
    CHECK(child_names(p.header()) == names{"fileDesc"});  // no language: no profileDesc
    pugi::xml_node text = p.tei().child("text");
    CHECK(!text.attribute("xml:lang"));
    CHECK(!text.attribute("style"));
    CHECK(!p.story().first_child());  // an empty story div
}

TEST_CASE("tei writer: degenerate blocks") {
    Parsed p;
    parse_tei(test::sparse_document(), p);
    // Empty list and table have no TEI form (list needs an item, table a row);
    // the empty figure stays as an empty figure.
    CHECK(child_names(p.story()) == names{"docDate", "figure", "figure", "p"});
    CHECK(std::string(p.story().child("docDate").attribute("when").value()) == "2024-02");
    CHECK(!p.story().child("figure").next_sibling("figure").first_child());

    Document doc = test::empty_document();
    doc.blocks = {Table{true, {{"h"}, {}}}};
    Parsed q;
    parse_tei(doc, q);
    const auto rows = element_children(q.story().child("table"));
    REQUIRE(rows.size() == 2);
    CHECK(child_names(rows[1]) == names{"cell"});  // a row needs a cell
}

TEST_CASE("tei writer: dates go into @when only when they are W3C dates") {
    auto when_of = [](const std::string& date) {
        Document doc = test::empty_document();
        doc.meta.date = date;
        Parsed p;
        parse_tei(doc, p);
        pugi::xml_node doc_date = p.story().child("docDate");
        CHECK(std::string(doc_date.text().get()) == date);  // the text is always kept
        pugi::xml_node header_date = p.header().child("fileDesc").child("sourceDesc").child("bibl").child("date");
        CHECK(std::string(header_date.attribute("when").value()) == doc_date.attribute("when").value());
        return doc_date.attribute("when") ? std::string(doc_date.attribute("when").value()) : std::string("(none)");
    };
    CHECK(when_of("2024") == "2024");
    CHECK(when_of("2024-05") == "2024-05");
    CHECK(when_of("2024-02-29") == "2024-02-29");
    CHECK(when_of("2023-02-29") == "(none)");
    CHECK(when_of("2024-13-01") == "(none)");
    CHECK(when_of("2024-05-01T10:00:00+02:00") == "2024-05-01T10:00:00+02:00");
    CHECK(when_of("2024-05-01T10:00:00.250Z") == "2024-05-01T10:00:00.250Z");
    CHECK(when_of("2024-05-01T10:00") == "(none)");  // xsd:dateTime needs seconds
    CHECK(when_of("2024-05-01T24:00:00") == "(none)");
    CHECK(when_of("5 May 2024") == "(none)");
    CHECK(when_of("0000-01-01") == "(none)");
}

TEST_CASE("tei writer: language tags of another shape are left out") {
    Document doc = test::empty_document();
    doc.meta.language = "zh-Hant-TW";
    Parsed p;
    parse_tei(doc, p);
    CHECK(std::string(p.tei().child("text").attribute("xml:lang").value()) == "zh-Hant-TW");
    CHECK(std::string(p.header().child("profileDesc").child("langUsage").child("language").text().get()) ==
          "Chinese (Traditional, Taiwan)");

    doc.meta.language = "not a tag";
    Parsed q;
    parse_tei(doc, q);
    CHECK(!q.tei().child("text").attribute("xml:lang"));
    CHECK(!q.header().child("profileDesc"));
}

TEST_CASE("tei writer: markup-looking text is escaped and reads back the same") {
    const Document doc = test::markdown_lookalike();
    Parsed p;
    parse_tei(doc, p);
    std::vector<std::string> paragraphs;
    for (pugi::xml_node node : p.story().children("p")) paragraphs.emplace_back(node.text().get());
    REQUIRE(paragraphs.size() == 16);
    for (std::size_t i = 0; i < paragraphs.size(); ++i) CHECK(paragraphs[i] == std::get<Paragraph>(doc.blocks[i]).text);
    CHECK(p.text.find("<b>not html</b>") == std::string::npos);
    CHECK(std::string(p.story().child("head").text().get()) == *doc.meta.title);
    pugi::xml_node table = p.story().find_child_by_attribute("div", "type", "continuation").child("table");
    CHECK(std::string(table.first_child().first_child().text().get()) == "a|b");
    CHECK(std::string(table.last_child().last_child().text().get()) == "<f>");
}

TEST_CASE("tei writer: characters XML cannot hold become U+FFFD") {
    Document doc = test::empty_document();
    doc.blocks = {Paragraph{std::string("nul[") + '\0' + "] bell[\x07] nonchar[\xEF\xBF\xBE] broken[\xC3] tab[\t]"}};
    Parsed p;
    parse_tei(doc, p);
    CHECK(std::string(p.story().child("p").text().get()) ==
          "nul[\xEF\xBF\xBD] bell[\xEF\xBF\xBD] nonchar[\xEF\xBF\xBD] broken[\xEF\xBF\xBD] tab[\t]");
}

TEST_CASE("tei writer: image sources become valid URIs") {
    auto url_of = [](const std::string& src) {
        Document doc = test::empty_document();
        doc.blocks = {Figure{std::nullopt, std::nullopt, src, std::nullopt}};
        Parsed p;
        parse_tei(doc, p);
        return std::string(p.story().child("figure").child("graphic").attribute("url").value());
    };
    CHECK(url_of("https://example.org/a.jpg?x=1&y=2#top") == "https://example.org/a.jpg?x=1&y=2#top");
    CHECK(url_of("img/صورة 1.jpg") == "img/صورة%201.jpg");  // non-ASCII kept (IRI), space encoded
    CHECK(url_of("a?b=[c]") == "a?b=%5Bc%5D");
    CHECK(url_of("http://[::1]/a.jpg") == "http://[::1]/a.jpg");
    CHECK(url_of("100%") == "100%25");
    CHECK(url_of("a%2Fb") == "a%2Fb");
    CHECK(url_of("a#b#c") == "a#b%23c");
    CHECK(url_of("a:b/c") == "a:b/c");      // a scheme
    CHECK(url_of("./a:b") == "./a:b");      // colon after the first segment
    CHECK(url_of("1a:b") == "1a%3Ab");      // not a scheme: first segment
    CHECK(url_of("a|b{c}\"d\"") == "a%7Cb%7Bc%7D%22d%22");
    CHECK(url_of("a\u200Fb") == "a%E2%80%8Fb");  // bidi mark: not an IRI character

    Document doc = test::empty_document();
    doc.blocks = {Figure{std::string("c"), std::nullopt, std::string(""), std::string("alt")}};
    Parsed p;
    parse_tei(doc, p);
    CHECK(child_names(p.story().child("figure")) == names{"head", "figDesc"});  // empty src: no graphic
}

TEST_CASE("tei writer: mixed content is never indented") {
    Document doc = test::empty_document();
    doc.byline = "كتب مازن إسلام";
    doc.meta.authors = {"مازن إسلام"};
    const std::string out = writers::write_tei(doc, {});
    CHECK(out.find("<byline>كتب <docAuthor>مازن إسلام</docAuthor></byline>") != std::string::npos);
}

TEST_CASE("tei writer: deep nesting is walked without recursion") {
    Document doc = test::empty_document();
    Section root{"level", 2, {}};
    Section* at = &root;
    for (int i = 0; i < 3000; ++i) {
        at->blocks.push_back(Paragraph{"p"});
        at->blocks.push_back(Section{"level", 3, {}});
        at = &std::get<Section>(at->blocks.back());
    }
    doc.blocks.push_back(std::move(root));
    const std::string out = writers::write_tei(doc, {});
    pugi::xml_document xml;
    REQUIRE(xml.load_buffer(out.data(), out.size()));
    CHECK(out.find("<div type=\"section\">") != std::string::npos);
}

TEST_CASE("tei writer: reachable through the public write()") {
    const Document doc = test::arabic_news();
    CHECK(write(doc, "tei") == writers::write_tei(doc, {}));
}
