// TEI reader: our TEI back exactly, ordinary TEI P5 articles read through
// the same elements, and clear errors for what is not TEI.
#include <string>

#include <doctest/doctest.h>

#include "roundtrip_support.hpp"
#include "writer_fixtures.hpp"

using namespace scrapedoc;
using namespace scrapedoc::test;

namespace {

std::string tei_error(const std::string& text) {
    try {
        read_with("tei", text, "doc.xml");
    } catch (const scrapedoc::error& e) {
        return e.what();
    }
    return {};
}

// An ordinary TEI P5 article, pretty-printed, written by hand the way other
// tools write TEI: untyped title, front matter, inline markup, notes, an
// ordered list, a quote of paragraphs, a figure captioned by head.
const char* ordinary_tei = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="fr">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>La halle du marché</title>
        <author>
          <persName><forename>Claire</forename> <surname>Dubois</surname></persName>
        </author>
      </titleStmt>
      <publicationStmt>
        <publisher>Le Journal</publisher>
        <date when="2023-06-01">1 juin 2023</date>
      </publicationStmt>
      <sourceDesc><p>Born digital.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <front>
      <byline>Par <docAuthor>Claire Dubois</docAuthor></byline>
    </front>
    <body>
      <p>La halle <hi rend="italic">rouvre</hi> ses portes<note place="foot">Après deux ans.</note> ce
        samedi.</p>
      <div>
        <head>Les travaux</head>
        <p>Ils ont duré<lb/>deux ans.</p>
        <figure>
          <graphic url="halle.jpg"/>
          <head>La halle restaurée</head>
          <figDesc>Une halle en fer</figDesc>
        </figure>
        <div>
          <head>Le coût</head>
          <list type="ordered">
            <item>Toiture</item>
            <item>Vitres
              <list><item>Nord</item><item>Sud</item></list>
            </item>
          </list>
        </div>
        <quote><p>Un beau jour.</p><p>Enfin.</p></quote>
      </div>
      <div>
        <p>Un paragraphe dans une div sans titre.</p>
      </div>
      <p>Le <choice><sic>marcher</sic><corr>marché</corr></choice> ouvre à 8 h.</p>
    </body>
    <back><div><p>Notes.</p></div></back>
  </text>
</TEI>
)";

}  // namespace

TEST_CASE("read tei: our TEI comes back exactly (but for dropped and warnings)") {
    for (const Document& d : {arabic_news(), markdown_lookalike(), empty_document()}) {
        Document expected = d;
        expected.dropped.clear();
        expected.warnings.clear();
        const Document back = read_tei(write_tei(d));
        CHECK_MESSAGE(back == expected, first_difference(write_json(expected), write_json(back)));
    }
}

TEST_CASE("read tei: a byline that is only the author's name keeps its exact text") {
    // The writer indents element-only content: <byline>\n  <docAuthor>..</docAuthor>\n</byline>.
    Document d = arabic_news();
    d.byline = "مازن إسلام";
    const std::string tei = write_tei(d);
    REQUIRE(tei.find("<byline>\n") != std::string::npos);
    CHECK(read_tei(tei).byline == "مازن إسلام");
    // Two names with one space between them: the space is text, kept.
    d.meta.authors = {"A", "B"};
    d.byline = "A B";
    CHECK(read_tei(write_tei(d)).byline == "A B");
}

TEST_CASE("read tei: an ordinary TEI P5 article") {
    const Document d = read_tei(ordinary_tei);
    CHECK(d.meta.title == "La halle du marché");
    REQUIRE(d.meta.authors.size() == 1);
    CHECK(d.meta.authors[0].find("Claire") != std::string::npos);
    CHECK(d.meta.authors[0].find("Dubois") != std::string::npos);
    CHECK(d.meta.publisher == "Le Journal");
    CHECK(d.meta.date == "1 juin 2023");
    CHECK(d.meta.language == "fr");
    CHECK(d.byline == "Par Claire Dubois");
    REQUIRE(d.blocks.size() == 4);
    const auto& first = std::get<Paragraph>(d.blocks[0]);
    CHECK(first.text.find("rouvre ses portes ce") != std::string::npos);  // the note is left out
    CHECK(first.text.find("Après") == std::string::npos);

    const auto& works = std::get<Section>(d.blocks[1]);
    CHECK(works.heading == "Les travaux");
    CHECK(works.level == 2);
    REQUIRE(works.blocks.size() == 5);
    CHECK(std::get<Paragraph>(works.blocks[0]).text == "Ils ont duré\ndeux ans.");
    const auto& figure = std::get<Figure>(works.blocks[1]);
    CHECK(figure.src == "halle.jpg");
    CHECK(figure.caption == "La halle restaurée");
    CHECK(figure.alt == "Une halle en fer");
    const auto& cost = std::get<Section>(works.blocks[2]);
    CHECK(cost.heading == "Le coût");
    CHECK(cost.level == 3);  // from nesting: no rend="h3"
    const auto& list = std::get<List>(cost.blocks.at(0));
    CHECK(list.ordered);
    REQUIRE(list.items.size() == 4);
    CHECK(list.items[0] == "Toiture");
    CHECK(list.items[1].find("Vitres") != std::string::npos);
    CHECK(list.items[1].find("Nord") == std::string::npos);  // the nested list follows as items
    CHECK(list.items[2] == "Nord");
    CHECK(list.items[3] == "Sud");
    // Blocks after a subsection stay at their own level; a quote of two
    // paragraphs is two quotes.
    CHECK(std::get<Quote>(works.blocks[3]).text == "Un beau jour.");
    CHECK(std::get<Quote>(works.blocks[4]).text == "Enfin.");
    // A div without a head folds into its parent level.
    CHECK(std::get<Paragraph>(d.blocks[2]).text == "Un paragraphe dans une div sans titre.");
    CHECK(std::get<Paragraph>(d.blocks[3]).text == "Le marché ouvre à 8 h.");
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].message.find("<back>") != std::string::npos);
}

TEST_CASE("read tei: through scrapedoc::read the passes collapse pretty-printing white space") {
    read_options options;
    options.source_name = "article.xml";
    const Document d = scrapedoc::read(ordinary_tei, options);
    CHECK(d.meta.source.format == "tei");
    CHECK(d.meta.authors == std::vector<std::string>{"Claire Dubois"});
    CHECK(std::get<Paragraph>(d.blocks[0]).text == "La halle rouvre ses portes ce samedi.");
}

TEST_CASE("read tei: errors name the file and the line") {
    CHECK(tei_error("<?xml version=\"1.0\"?>\n<TEI>\n<teiHeader>\n</TEI>").starts_with("doc.xml:4: not well-formed XML: "));
    CHECK(tei_error("<html><body><p>x</p></body></html>") ==
          "doc.xml: not a TEI document: the root element is <html>, not <TEI>");
    CHECK(tei_error("<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"/>").find("teiCorpus") != std::string::npos);
}

TEST_CASE("read tei: the page type is our scheme's classCode; other classifications are not read") {
    const std::string head = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title/></titleStmt>"
                             "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>"
                             "<profileDesc><textClass>";
    const std::string tail = "</textClass></profileDesc></teiHeader><text><body><p>Text.</p></body></text></TEI>";
    CHECK(read_tei(head + "<classCode scheme=\"scrapedoc:page-type\">listing</classCode>" + tail).meta.page_type ==
          PageType::listing);
    CHECK_FALSE(read_tei(head + "<classCode scheme=\"http://example.org/ddc\">641.5</classCode>" + tail).meta.page_type);
    CHECK(tei_error(head + "<classCode scheme=\"scrapedoc:page-type\">blog</classCode>" + tail).find("\"blog\"") !=
          std::string::npos);
}

TEST_CASE("read tei: sniffing beats HTML for TEI, and only for TEI") {
    const std::string ours = write_tei(arabic_news());
    CHECK(readers::detect(ours).name == "tei");
    CHECK(readers::detect(ordinary_tei).name == "tei");
    CHECK(readers::detect("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><head>x</head></body></text></TEI>").name == "tei");
    CHECK(readers::detect("<!DOCTYPE html><html><body><p>TEI is a format</p></body></html>").name == "html");
    CHECK(readers::find("tei")->sniff("<TEIX>") == 0);
}
