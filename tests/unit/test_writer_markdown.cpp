// Markdown writer: parse the output back with cmark and check the node tree;
// the text of every node must equal the document's text (nothing turned into
// markup, no stray escapes).
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <cmark.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "scrapedoc.hpp"
#include "writer_fixtures.hpp"
#include "writers/registry.hpp"

using namespace scrapedoc;

namespace {

struct node_deleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using node_ptr = std::unique_ptr<cmark_node, node_deleter>;

node_ptr parse_markdown(const std::string& markdown) {
    return node_ptr(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
}

std::string type_of(cmark_node* n) { return cmark_node_get_type_string(n); }

// The visible text of a node: text, code and breaks; entities and escapes
// have been resolved by the parser.
std::string text_of(cmark_node* node) {
    std::string out;
    cmark_iter* it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            out += cmark_node_get_literal(n);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += '\n';
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return out;
}

// One line per block-level node: "type" or "type:text" for leaf blocks,
// e.g. "heading2:Title", "paragraph:...", "list:bullet", "item:...".
std::vector<std::string> outline(cmark_node* document) {
    std::vector<std::string> out;
    cmark_iter* it = cmark_iter_new(document);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it);
        const cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HEADING) out.push_back("heading" + std::to_string(cmark_node_get_heading_level(n)) + ":" + text_of(n));
        else if (t == CMARK_NODE_PARAGRAPH) {
            cmark_node* parent = cmark_node_parent(n);
            // Items and quotes hold a paragraph; fold it into their line.
            if (cmark_node_get_type(parent) == CMARK_NODE_ITEM) out.back() += ":" + text_of(n);
            else if (cmark_node_get_type(parent) == CMARK_NODE_BLOCK_QUOTE) out.back() += ":" + text_of(n);
            else out.push_back("paragraph:" + text_of(n));
        } else if (t == CMARK_NODE_LIST)
            out.push_back(std::string("list:") + (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "ordered" : "bullet"));
        else if (t == CMARK_NODE_ITEM) out.push_back("item");
        else if (t == CMARK_NODE_BLOCK_QUOTE) out.push_back("block_quote");
        else if (t == CMARK_NODE_HTML_BLOCK) out.push_back("html_block");
        else if (t == CMARK_NODE_CODE_BLOCK) out.push_back("code_block:" + std::string(cmark_node_get_literal(n)));
        else if (t == CMARK_NODE_THEMATIC_BREAK) out.push_back("thematic_break");
    }
    cmark_iter_free(it);
    return out;
}

cmark_node* nth_block(cmark_node* document, int index) {
    cmark_node* n = cmark_node_first_child(document);
    for (int i = 0; i < index && n; ++i) n = cmark_node_next(n);
    REQUIRE(n != nullptr);
    return n;
}

// Types of a paragraph's inline children, in order.
std::vector<std::string> inline_types(cmark_node* paragraph) {
    std::vector<std::string> out;
    for (cmark_node* n = cmark_node_first_child(paragraph); n; n = cmark_node_next(n)) {
        const std::string t = type_of(n);
        // The parser splits text runs and leaves an empty text node before a
        // hard line break.
        if (t == "text" && (std::strlen(cmark_node_get_literal(n)) == 0 || (!out.empty() && out.back() == "text"))) continue;
        out.push_back(t);
    }
    return out;
}

using lines = std::vector<std::string>;

}  // namespace

TEST_CASE("markdown writer: an Arabic page") {
    const Document doc = test::arabic_news();
    const std::string md = writers::write_markdown(doc, {});
    CHECK(md.rfind("# عبر بوابة الصين", 0) == 0);
    const node_ptr root = parse_markdown(md);
    CHECK(outline(root.get()) == lines{
                                     "heading1:" + *doc.meta.title,
                                     "paragraph:القاهرة الإخبارية - مازن إسلام",
                                     "paragraph:فلاديمير بوتين وشي جين بينج — أرشيفية",
                                     "paragraph:في خطوة تهدف إلى تقليص الاعتماد على التقنيات الغربية، أصدر الرئيس الروسي توجيهًا.",
                                     "paragraph:ويأتي هذا التوجيه في وقت حساس بالنسبة للعلاقات الدولية.",
                                     "heading2:تحدي الهيمنة الغربية",
                                     "paragraph:وتأتي هذه المبادرة في إطار جهود روسيا المُستمرة.",
                                     "block_quote:الذكاء الاصطناعي يُعد أحد الأسلحة الرئيسة في الصراع التكنولوجي.",
                                     "list:bullet",
                                     "item:التعلم الآلي",
                                     "item:الرؤية الحاسوبية",
                                     "heading2:آفاق المستقبل",
                                     "paragraph:ومن المتوقع أن يشمل التعاون مجالات عدة.",
                                 });
    // The byline is one emphasised paragraph; a figure without an image is
    // the caption emphasised, then " — " and the credit emphasised.
    CHECK(inline_types(nth_block(root.get(), 1)) == lines{"emph"});
    cmark_node* figure = nth_block(root.get(), 2);
    CHECK(inline_types(figure) == lines{"emph", "text", "emph"});
    CHECK(text_of(cmark_node_first_child(figure)) == "فلاديمير بوتين وشي جين بينج");
    CHECK(text_of(cmark_node_last_child(figure)) == "أرشيفية");
    // Markdown carries no dropped lines and no warnings.
    CHECK(md.find("مشاركة") == std::string::npos);
    CHECK(md.find("---") == std::string::npos);  // no front matter unless asked
}

TEST_CASE("markdown writer: sections at their levels, lists, tables, image figures") {
    const Document doc = test::nested_english();
    const std::string md = writers::write_markdown(doc, {});
    const node_ptr root = parse_markdown(md);
    CHECK(outline(root.get()) == lines{
                                     "heading1:Harbour ferry returns after twenty years",
                                     "paragraph:The city's oldest crossing reopens",
                                     "paragraph:By Jane Doe and John Roe | Example News",
                                     "paragraph:The ferry crossed at dawn.",
                                     "paragraph:A white ferry\nThe ferry at the north pier — Photo: J. Doe",
                                     "heading2:History",
                                     "paragraph:It first sailed in 1898.",
                                     "heading3:The long pause",
                                     "paragraph:Service stopped in 2004.",
                                     "heading4:Why it stopped",
                                     "list:ordered",
                                     "item:Costs rose",
                                     "item:Riders fell",
                                     "paragraph:The council voted to restore it.",
                                     "paragraph:| Year | Riders |\n| --- | --- |\n| 2003 | 1,200 |\n| 2024 | 3,400 |",
                                     "paragraph:Tickets cost two euros.",
                                     "paragraph:| | |\n| --- | --- |\n| Mon | 07:00 |\n| Tue |",
                                     "heading2:Timetable",
                                     "block_quote:We expect crowds on the first day.",
                                 });
    CHECK(inline_types(nth_block(root.get(), 1)) == lines{"strong"});  // subtitle

    // The figure: image (src, alt), hard line break, emphasised caption,
    // dash, emphasised credit.
    cmark_node* figure = nth_block(root.get(), 4);
    CHECK(inline_types(figure) == lines{"image", "linebreak", "emph", "text", "emph"});
    CHECK(text_of(cmark_node_last_child(figure)) == "Photo: J. Doe");
    cmark_node* image = cmark_node_first_child(figure);
    CHECK(std::string(cmark_node_get_url(image)) == "https://example.org/img/ferry%201.jpg");
    CHECK(text_of(image) == "A white ferry");

    // Ordered lists start at 1 and are tight.
    cmark_node* list = nth_block(root.get(), 10);
    CHECK(cmark_node_get_list_start(list) == 1);
    CHECK(cmark_node_get_list_tight(list) == 1);

    // Pipe tables: a header row (empty cells when the table has none) as
    // wide as the widest row, a delimiter row, rows with their own cells.
    CHECK(md.find("| Year | Riders |\n| --- | --- |\n| 2003 | 1,200 |\n| 2024 | 3,400 |\n") != std::string::npos);
    CHECK(md.find("| | |\n| --- | --- |\n| Mon | 07:00 |\n| Tue |\n") != std::string::npos);
}

TEST_CASE("markdown writer: text that looks like Markdown stays literal") {
    const Document doc = test::markdown_lookalike();
    const std::string md = writers::write_markdown(doc, {});
    INFO(md);
    const node_ptr root = parse_markdown(md);
    const lines got = outline(root.get());

    lines want = {"heading1:" + *doc.meta.title, "paragraph:" + *doc.byline};
    for (std::size_t i = 0; i < 16; ++i) want.push_back("paragraph:" + std::get<Paragraph>(doc.blocks[i]).text);
    want.push_back("block_quote:> *quoted* # text");
    want.push_back("list:bullet");
    want.push_back("item:* star item");
    want.push_back("item:1. numbered-looking item");
    want.push_back("item:~~~");
    want.push_back("heading2:## section *title*");
    want.push_back("paragraph:[link]: /not-a-definition");
    // The table's text as a CommonMark reader sees it (GFM renders a table).
    want.push_back("paragraph:| a|b | *c* |\n| --- | --- |\n| \\ | ~~d~~ |\n| 1. e | <f> |");
    want.push_back("paragraph:alt *text* [x]\n*caption* [x](y) — _credit_");
    CHECK(got == want);

    // No node of the parsed document is markup made from page text: the only
    // inline types are text, the byline's, caption's and credit's emphasis,
    // and the figure's image and line break.
    cmark_iter* it = cmark_iter_new(root.get());
    cmark_event_type ev;
    int emph = 0, images = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it);
        const std::string t = type_of(n);
        CAPTURE(t);
        CHECK(t != "html_inline");
        CHECK(t != "html_block");
        CHECK(t != "link");
        CHECK(t != "code");
        CHECK(t != "strong");
        if (t == "emph") ++emph;
        if (t == "image") ++images;
    }
    cmark_iter_free(it);
    CHECK(emph == 3);
    CHECK(images == 1);

    cmark_node* figure = cmark_node_last_child(root.get());
    cmark_node* image = cmark_node_first_child(figure);
    CHECK(std::string(cmark_node_get_url(image)) == "https://example.org/a(1).jpg");
}

TEST_CASE("markdown writer: table cells keep their text under a GFM pipe split") {
    // Split the written table rows on unescaped pipes the way GFM does, then
    // parse each cell on its own: it must read back as the cell's text.
    const Document doc = test::markdown_lookalike();
    const std::string md = writers::write_markdown(doc, {});
    const std::size_t start = md.find("| a\\|b |");
    REQUIRE(start != std::string::npos);
    std::vector<std::string> cells;
    for (std::size_t line_start = start; line_start < md.size() && md[line_start] == '|';) {
        const std::size_t line_end = md.find('\n', line_start);
        const std::string line = md.substr(line_start, line_end - line_start);
        std::string cell;
        for (std::size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                // GFM: "\|" is a pipe inside the cell; other escapes stay for the inline parser.
                if (line[i + 1] != '|') cell += '\\';
                cell += line[++i];
            } else if (line[i] == '|') {
                cells.push_back(cell);
                cell.clear();
            } else {
                cell += line[i];
            }
        }
        line_start = line_end + 1;
    }
    REQUIRE(cells.size() == 8);
    const std::vector<std::string> want = {"a|b", "*c*", "---", "---", "\\", "~~d~~", "1. e", "<f>"};
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i == 2 || i == 3) continue;  // the delimiter row
        const node_ptr cell = parse_markdown(cells[i]);
        CHECK(text_of(cell.get()) == want[i]);
    }
}

TEST_CASE("markdown writer: blanks at the ends and line breaks inside text survive") {
    Document doc = test::empty_document();
    doc.blocks = {Paragraph{"    four spaces would be code"}, Paragraph{"trailing  "}, Paragraph{"two\nlines"}};
    const node_ptr root = parse_markdown(writers::write_markdown(doc, {}));
    CHECK(outline(root.get()) ==
          lines{"paragraph:    four spaces would be code", "paragraph:trailing  ", "paragraph:two\nlines"});
}

TEST_CASE("markdown writer: consecutive lists and quotes stay separate") {
    Document doc = test::empty_document();
    doc.blocks = {List{true, {"a"}}, List{true, {"b"}}, Quote{"q1"}, Quote{"q2"}};
    const node_ptr root = parse_markdown(writers::write_markdown(doc, {}));
    // cmark separates two adjacent lists with an HTML comment block.
    CHECK(outline(root.get()) ==
          lines{"list:ordered", "item:a", "html_block", "list:ordered", "item:b", "block_quote:q1", "block_quote:q2"});
}

TEST_CASE("markdown writer: degenerate and empty documents") {
    CHECK(writers::write_markdown(test::empty_document(), {}).empty());

    const node_ptr root = parse_markdown(writers::write_markdown(test::sparse_document(), {}));
    // A caption-only figure is a paragraph all in emphasis; first on a page
    // without a byline, after a comment that says there is none (it would
    // read as the byline). The empty figure, list and table have nothing to
    // write.
    CHECK(outline(root.get()) == lines{"html_block", "paragraph:Solo un pie de foto", "paragraph:Un párrafo."});
    CHECK(std::string(cmark_node_get_literal(cmark_node_first_child(root.get()))) == "<!-- no byline -->\n");
    CHECK(inline_types(nth_block(root.get(), 1)) == lines{"emph"});

    Document doc = test::empty_document();
    doc.blocks = {Figure{std::nullopt, std::string("AP"), std::nullopt, std::string("only alt")}};
    const node_ptr alt_only = parse_markdown(writers::write_markdown(doc, {}));
    cmark_node* paragraph = cmark_node_first_child(alt_only.get());
    CHECK(inline_types(paragraph) == lines{"image", "linebreak", "text", "emph"});
    CHECK(std::string(cmark_node_get_url(cmark_node_first_child(paragraph))).empty());
    CHECK(text_of(paragraph) == "only alt\n— AP");
}

TEST_CASE("markdown writer: front matter holds the meta fields as YAML-compatible JSON values") {
    const Document doc = test::nested_english();
    write_options options;
    options.front_matter = true;
    const std::string md = writers::write_markdown(doc, options);
    REQUIRE(md.rfind("---\n", 0) == 0);
    const std::size_t end = md.find("\n---\n", 4);
    REQUIRE(end != std::string::npos);
    // The body after the front matter is exactly the Markdown without it.
    CHECK(md.substr(end + 5) == "\n" + writers::write_markdown(doc, {}));

    nlohmann::json fields = nlohmann::json::object();
    std::vector<std::string> order;
    std::size_t pos = 4;
    while (pos < end + 1) {
        const std::size_t eol = md.find('\n', pos);
        const std::string line = md.substr(pos, eol - pos);
        const std::size_t colon = line.find(": ");
        REQUIRE(colon != std::string::npos);
        order.push_back(line.substr(0, colon));
        fields[line.substr(0, colon)] = nlohmann::json::parse(line.substr(colon + 2));
        pos = eol + 1;
    }
    CHECK(order == lines{"title", "subtitle", "authors", "publisher", "date", "language", "direction", "page_type",
                         "source", "byline"});
    CHECK(fields["page_type"] == "documentation");
    CHECK(fields["title"] == *doc.meta.title);
    CHECK(fields["authors"] == nlohmann::json::array({"Jane Doe", "John Roe"}));
    CHECK(fields["date"] == "2024-05-01T09:30:00Z");
    CHECK(fields["direction"] == "ltr");
    CHECK(fields["source"]["name"] == "harbour ferry.html");
    CHECK(fields["byline"] == *doc.byline);

    // Absent values are YAML nulls; quotes, colons, '#' and newlines stay
    // inside a double-quoted scalar.
    Document odd = test::empty_document();
    odd.meta.title = "Title: \"quoted\" # not a comment\nsecond line";
    const std::string odd_md = writers::write_markdown(odd, options);
    CHECK(odd_md.find("title: \"Title: \\\"quoted\\\" # not a comment\\nsecond line\"\n") != std::string::npos);
    CHECK(odd_md.find("subtitle: null\n") != std::string::npos);
    CHECK(odd_md.find("authors: []\n") != std::string::npos);
}

TEST_CASE("markdown writer: heading levels come from the model") {
    Document doc = test::empty_document();
    doc.blocks = {Section{"three", 3, {Section{"six", 6, {Paragraph{"x"}}}}}, Section{"two", 2, {}}};
    const node_ptr root = parse_markdown(writers::write_markdown(doc, {}));
    CHECK(outline(root.get()) == lines{"heading3:three", "heading6:six", "paragraph:x", "heading2:two"});
}

TEST_CASE("markdown writer: deep nesting is walked without recursion") {
    Document doc = test::empty_document();
    Section root{"s", 2, {}};
    Section* at = &root;
    for (int i = 0; i < 3000; ++i) {
        at->blocks.push_back(Section{"s", 3, {}});
        at = &std::get<Section>(at->blocks.back());
    }
    doc.blocks.push_back(std::move(root));
    const std::string md = writers::write_markdown(doc, {});
    CHECK(md.size() > 3000 * 6);
}

TEST_CASE("markdown writer: reachable through the public write()") {
    const Document doc = test::arabic_news();
    CHECK(write(doc, "md") == writers::write_markdown(doc, {}));
    write_options options;
    options.front_matter = true;
    CHECK(write(doc, "md", options) == writers::write_markdown(doc, options));
}
