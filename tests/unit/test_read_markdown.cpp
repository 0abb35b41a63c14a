// Markdown reader: our Markdown back into the model, hand-written CommonMark
// with YAML front matter, and a rendering check: our Markdown rendered to
// HTML by cmark shows exactly the document's text (no stray escapes, no text
// turned into markup).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <cmark.h>
#include <doctest/doctest.h>
#include <pugixml.hpp>

#include "roundtrip_support.hpp"
#include "writer_fixtures.hpp"

using namespace scrapedoc;
using namespace scrapedoc::test;

namespace {

std::string md_error(const std::string& text) {
    try {
        read_with("markdown", text, "doc.md");
    } catch (const scrapedoc::error& e) {
        return e.what();
    }
    return {};
}

// ------------------------------------------------------------ rendering

// The text a browser shows for each block of the HTML cmark renders, in
// order: headings, paragraphs (not those inside list items) and list items.
// cmark writes XHTML-style HTML escaping only & < > ", so pugixml parses it;
// raw HTML let through (CMARK_OPT_UNSAFE) would show as elements or break
// the parse, and either fails the comparison. <br /> and the line end cmark
// writes after it show as nothing.
std::vector<std::string> visible_blocks(const std::string& markdown) {
    char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_UNSAFE);
    const std::string page = "<body>" + std::string(html) + "</body>";
    std::free(html);
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(page.data(), page.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!parsed) return {std::string("HTML that is not well-formed: ") + parsed.description(), page};
    auto is_block = [](pugi::xml_node n) {
        const std::string name = n.name();
        if (name == "p") return std::string(n.parent().name()) != "li";
        return name == "li" || (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6');
    };
    std::vector<std::string> out;
    // Depth-first with an explicit stack; text goes to the innermost block.
    std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{doc.document_element(), std::string::npos}};
    bool after_break = false;
    while (!stack.empty()) {
        auto [n, block] = stack.back();
        stack.pop_back();
        if (n.type() == pugi::node_pcdata) {
            if (block == std::string::npos) continue;
            std::string text = n.value();
            if (after_break && !text.empty() && text[0] == '\n') text.erase(0, 1);
            after_break = false;
            out[block] += text;
            continue;
        }
        if (n.type() != pugi::node_element) continue;
        if (std::string(n.name()) == "br") {
            after_break = true;
            continue;
        }
        if (std::string(n.name()) != "body" && std::string(n.name()) != "p" && std::string(n.name()) != "li" &&
            std::string(n.name()) != "ul" && std::string(n.name()) != "ol" && std::string(n.name()) != "blockquote" &&
            std::string(n.name()) != "em" && std::string(n.name()) != "strong" && std::string(n.name()) != "img" &&
            !is_block(n))
            out.push_back("unexpected element <" + std::string(n.name()) + ">");
        if (is_block(n)) {
            out.emplace_back();
            block = out.size() - 1;
        }
        std::vector<pugi::xml_node> kids;
        for (pugi::xml_node c : n.children()) kids.push_back(c);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, block});
    }
    return out;
}

// What those blocks must show for a document: title, subtitle, byline, then
// each block (a figure shows "caption — credit"; its image shows no text).
std::vector<std::string> expected_blocks(const Document& d) {
    std::vector<std::string> out;
    if (d.meta.title) out.push_back(*d.meta.title);
    if (d.meta.subtitle) out.push_back(*d.meta.subtitle);
    if (d.byline) out.push_back(*d.byline);
    struct Level {
        const std::vector<Block>* blocks;
        std::size_t next;
    };
    std::vector<Level> stack{{&d.blocks, 0}};
    while (!stack.empty()) {
        Level& l = stack.back();
        if (l.next == l.blocks->size()) {
            stack.pop_back();
            continue;
        }
        const Block& b = (*l.blocks)[l.next++];
        if (const auto* s = std::get_if<Section>(&b)) {
            out.push_back(s->heading);
            stack.push_back({&s->blocks, 0});
        } else if (const auto* p = std::get_if<Paragraph>(&b)) {
            out.push_back(p->text);
        } else if (const auto* q = std::get_if<Quote>(&b)) {
            out.push_back(q->text);
        } else if (const auto* list = std::get_if<List>(&b)) {
            out.insert(out.end(), list->items.begin(), list->items.end());
        } else if (const auto* f = std::get_if<Figure>(&b)) {
            if (!f->caption && !f->credit && !f->alt && !f->src) continue;
            std::string shown = f->caption.value_or("");
            if (f->credit) shown += (f->caption ? " — " : "— ") + *f->credit;
            out.push_back(shown);
        }
    }
    return out;
}

// Tables are GFM; cmark's core renders them as a paragraph of pipes.
Document without_tables(Document d) {
    std::vector<std::vector<Block>*> todo{&d.blocks};
    while (!todo.empty()) {
        auto* blocks = todo.back();
        todo.pop_back();
        std::erase_if(*blocks, [](const Block& b) { return std::holds_alternative<Table>(b); });
        for (auto& b : *blocks)
            if (auto* s = std::get_if<Section>(&b)) todo.push_back(&s->blocks);
    }
    return d;
}

void check_rendering(const std::string& name, const Document& d) {
    const std::vector<std::string> shown = visible_blocks(write_md(d)), expected = expected_blocks(d);
    std::string a, b;
    for (const auto& s : expected) (a += s) += '\n';
    for (const auto& s : shown) (b += s) += '\n';
    CHECK_MESSAGE(a == b, name, ": ", first_difference(a, b));
}

// Text that Markdown would take for markup, in every place text goes.
Document tricky_page() {
    Document d;
    d.meta.title = "Prices *rise* _again_ # 3 <b>";
    d.meta.subtitle = "**not bold** [x](y)";
    d.byline = "By A_B | *Staff*";
    d.blocks = {
        Paragraph{"Use <tag> and </tag> and <!-- c --> and &amp; &#123; literally."},
        Paragraph{"1. not a list item"},
        Paragraph{"2024. A year that starts a line"},
        Paragraph{"3) nor this"},
        Paragraph{"# not a heading, ## nor this"},
        Paragraph{"[x](y) and ![i](j) and <https://example.org> and [ref]"},
        Paragraph{"a | b | c, and | at the start"},
        Paragraph{"النص العربي mixed with English *stars*، و1. رقم | عمود _تحته خط_"},
        Paragraph{"עברית and English: <span dir=\"rtl\">x</span>"},
        Paragraph{"* star, - dash, + plus, > angle, ~~~ tilde, ``` fence"},
        Paragraph{"back\\slash and \\*escaped\\*"},
        Quote{"> *quoted* # text | pipe"},
        List{true, {"1. item that looks numbered", "* item that looks bulleted", "_under_"}},
        List{false, {"[link](x)", "<i>tag</i>"}},
        Figure{"*caption* [x](y) | pipe", "_credit_ <b>", "https://example.org/a(1).jpg", "alt *text*"},
        Figure{"Only a caption_with_underscores", std::nullopt, std::nullopt, std::nullopt},
        // Last: in Markdown a section runs to the next heading, so blocks
        // after a subsection would read back inside it.
        Section{"## heading *with* stars", 2,
                {Paragraph{"---"}, Paragraph{"==="}, Section{"3. numbered heading", 3, {Paragraph{"1986. Leading digits."}}}}},
    };
    return d;
}

}  // namespace

TEST_CASE("markdown rendering: cmark's HTML shows exactly the document's text") {
    check_rendering("tricky page", tricky_page());
    check_rendering("markdown-lookalike", without_tables(markdown_lookalike()));
    check_rendering("arabic-news", arabic_news());
    check_rendering("nested-english", without_tables(nested_english()));
    bool corpus_found = false;
    for (const auto& [name, d] : pipeline_documents(corpus_found)) check_rendering(name, without_tables(d));
}

TEST_CASE("read markdown: the tricky page reads back as written") {
    const Document d = tricky_page();
    const Document back = read_md(write_md(d));
    CHECK(back.meta.title == d.meta.title);
    CHECK(back.meta.subtitle == d.meta.subtitle);
    CHECK(back.byline == d.byline);
    Document expected = d, actual = back;
    expected.meta = actual.meta = Meta{};
    CHECK_MESSAGE(back.blocks == d.blocks, first_difference(write_json(expected), write_json(actual)));
}

TEST_CASE("read markdown: tables come back, pipes and all") {
    Document d;
    d.blocks = {Table{true, {{"a|b", "*c*"}, {"\\", "~~d~~"}, {"1. e", "<f>"}, {"\\|", ""}}},
                Table{false, {{"Mon", "07:00"}, {"Tue", "08:00"}}}};
    const Document back = read_md(write_md(d));
    CHECK(back.blocks == d.blocks);
}

TEST_CASE("read markdown: hand-written YAML front matter") {
    const std::string md = "---\n"
                           "title: The ferry returns\n"
                           "authors:\n"
                           "  - Jane Doe\n"
                           "  - John Roe\n"
                           "date: 2024-05-01\n"
                           "language: en\n"
                           "publisher: 'Example News'\n"
                           "---\n"
                           "\n"
                           "The ferry crossed at dawn.\n";
    const Document d = read_md(md);
    CHECK(d.meta.title == "The ferry returns");
    CHECK(d.meta.authors == std::vector<std::string>{"Jane Doe", "John Roe"});
    CHECK(d.meta.date == "2024-05-01");
    CHECK(d.meta.language == "en");
    CHECK(d.meta.publisher == "Example News");
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Paragraph>(d.blocks[0]).text == "The ferry crossed at dawn.");
}

TEST_CASE("read markdown: broken front matter is an error with its line") {
    const std::string e = md_error("---\ntitle: ok\nauthors: [unclosed\n---\n\ntext\n");
    CHECK(e.starts_with("doc.md:"));
    CHECK(e.find("front matter is not valid YAML") != std::string::npos);
    CHECK(md_error("---\ndirection: sideways\n---\n").find("direction") != std::string::npos);
    CHECK(md_error("---\npage_type: blog\n---\n").find("page_type is \"blog\"") != std::string::npos);
}

TEST_CASE("read markdown: hand-written CommonMark") {
    const std::string md = "# Title\n"
                           "\n"
                           "Intro with [a link](http://x) and `code`.\n"
                           "\n"
                           "## One\n"
                           "\n"
                           "Para one.\n"
                           "\n"
                           "### One point one\n"
                           "\n"
                           "- a\n"
                           "  - a1\n"
                           "- b\n"
                           "\n"
                           "> First quoted.\n"
                           ">\n"
                           "> Second quoted.\n"
                           "\n"
                           "# Another top heading\n"
                           "\n"
                           "<div class=\"ad\">Buy now</div>\n"
                           "\n"
                           "    code block\n"
                           "\n"
                           "***\n"
                           "\n"
                           "Text with ![inline](img.png) image.\n";
    const Document d = read_md(md);
    CHECK(d.meta.title == "Title");
    REQUIRE(d.blocks.size() == 3);
    CHECK(std::get<Paragraph>(d.blocks[0]).text == "Intro with a link and code.");
    const auto& one = std::get<Section>(d.blocks[1]);
    CHECK(one.heading == "One");
    CHECK(one.level == 2);
    const auto& sub = std::get<Section>(one.blocks.at(1));
    CHECK(sub.level == 3);
    REQUIRE(sub.blocks.size() == 3);
    CHECK(std::get<List>(sub.blocks[0]).items == std::vector<std::string>{"a", "a1", "b"});
    CHECK(std::get<Quote>(sub.blocks[1]).text == "First quoted.");
    CHECK(std::get<Quote>(sub.blocks[2]).text == "Second quoted.");
    // A later level-1 heading is a section at level 2, the model's highest.
    const auto& another = std::get<Section>(d.blocks[2]);
    CHECK(another.level == 2);
    REQUIRE(another.blocks.size() == 3);
    CHECK(std::get<Paragraph>(another.blocks[0]).text == "code block");
    CHECK(std::get<Paragraph>(another.blocks[1]).text == "Text with  image.");
    CHECK(std::get<Figure>(another.blocks[2]).src == "img.png");
    // Raw HTML is not text of the document: it is listed as dropped, with its line.
    REQUIRE(d.dropped.size() == 1);
    CHECK(d.dropped[0].reason == "html-block");
    CHECK(d.dropped[0].line == 21);
}

TEST_CASE("read markdown: the opening without front matter") {
    // Emphasised paragraph right after the title: the byline.
    Document d = read_md("# T\n\n**Sub**\n\n*By X*\n\n*A caption*\n\nText.\n");
    CHECK(d.meta.subtitle == "Sub");
    CHECK(d.byline == "By X");
    REQUIRE(d.blocks.size() == 2);
    CHECK(std::get<Figure>(d.blocks[0]).caption == "A caption");
    // With front matter saying there is no byline, it is a figure.
    d = read_md("---\nbyline: null\n---\n# T\n\n*A caption*\n");
    CHECK(!d.byline);
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Figure>(d.blocks[0]).caption == "A caption");
}

TEST_CASE("read markdown: the writer's mark for a missing byline") {
    // Where a byline would be, the comment says there is none: the
    // emphasised paragraph after it is a figure's caption.
    Document d = read_md("# T\n\n<!-- no byline -->\n\n*A caption*\n\nText.\n");
    CHECK(!d.byline);
    REQUIRE(d.blocks.size() == 2);
    CHECK(std::get<Figure>(d.blocks[0]).caption == "A caption");
    CHECK(d.dropped.empty());
    // Also on a page without a title.
    d = read_md("<!-- no byline -->\n\n*A caption*\n");
    CHECK(!d.byline);
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Figure>(d.blocks[0]).caption == "A caption");
}

TEST_CASE("read markdown: figures as people write them") {
    // The caption on the image's next line without a hard break (as an
    // editor that trims trailing blanks leaves our output).
    Document d = read_md("![A ferry](f.jpg)\n*The north pier* — *J. Doe*\n");
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Figure>(d.blocks[0]) == Figure{"The north pier", "J. Doe", "f.jpg", "A ferry"});
    // A credit not in emphasis after a caption or an image (the writer's
    // earlier form).
    d = read_md("*The north pier* — J. Doe\n\n![A ferry](f.jpg)  \n— J. Doe\n");
    REQUIRE(d.blocks.size() == 2);
    CHECK(std::get<Figure>(d.blocks[0]) == Figure{"The north pier", "J. Doe", std::nullopt, std::nullopt});
    CHECK(std::get<Figure>(d.blocks[1]) == Figure{std::nullopt, "J. Doe", "f.jpg", "A ferry"});
    // A credit alone is in emphasis after the dash.
    d = read_md("Text.\n\n— *Reuters*\n");
    REQUIRE(d.blocks.size() == 2);
    CHECK(std::get<Figure>(d.blocks[1]) == Figure{std::nullopt, "Reuters", std::nullopt, std::nullopt});
    // Emphasis in the middle of a paragraph does not make it a figure.
    d = read_md("Text.\n\n— *Yes*, he said.\n\n*This* — and *that*, too.\n");
    REQUIRE(d.blocks.size() == 3);
    CHECK(std::get<Paragraph>(d.blocks[1]).text == "— Yes, he said.");
    CHECK(std::get<Paragraph>(d.blocks[2]).text == "This — and that, too.");
}

TEST_CASE("read markdown: a paragraph that starts with a dash stays a paragraph") {
    const Document d = read_md("— Ты придёшь? — спросил он.\n");
    REQUIRE(d.blocks.size() == 1);
    CHECK(std::get<Paragraph>(d.blocks[0]).text == "— Ты придёшь? — спросил он.");
}

TEST_CASE("read markdown: sniffing") {
    const readers::Reader* md = readers::find("markdown");
    REQUIRE(md);
    CHECK(readers::find("md") == md);  // --from md, as --to md
    CHECK(md->sniff(write_md(arabic_news(), true)) == 95);
    // Page text about HTML in our Markdown with front matter is still Markdown.
    Document about_html = arabic_news();
    about_html.blocks.insert(about_html.blocks.begin(), Paragraph{"<!doctype html><html><head></head><body></body></html>"});
    CHECK(readers::detect(write_md(about_html, true)).name == "markdown");
    CHECK(readers::detect(write_md(arabic_news())).name == "markdown");
    CHECK(md->sniff("Headline\n\nBy Jane Doe\n\nA paragraph. #hashtag\n") == 0);
    CHECK(md->sniff("") == 0);
}
