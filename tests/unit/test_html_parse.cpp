// The HTML tree builder: libxml2's repairs of broken markup, raw text
// bodies, nesting depth, and the text helpers that walk the tree.
#include <doctest/doctest.h>

#include <string>

#include "readers/html/text.hpp"
#include "readers/html/tree.hpp"

using namespace scrapedoc::html;

namespace {

// Visible text of the whole page, as the reader sees it.
std::string page_text(const Tree& t) { return subtree_text(t, 0); }

std::uint32_t first(const Tree& t, Tag tag) {
    for (std::uint32_t i = 0; i < t.size(); ++i)
        if (t.nodes[i].tag == tag) return i;
    return no_node;
}

std::size_t max_depth(const Tree& t) {
    std::size_t best = 0;
    for (std::uint32_t i = 0; i < t.size(); ++i) {
        std::size_t d = 0;
        for (std::uint32_t p = t.nodes[i].parent; p != no_node; p = t.nodes[p].parent) ++d;
        best = std::max(best, d);
        if (best > 10) break;  // enough to know it is deep; the loop is quadratic
    }
    return best;
}

}  // namespace

TEST_CASE("html parse: unclosed paragraphs and list items keep their text in order") {
    Tree t = parse_html("<body><p>one<p>two<ul><li>a<li>b</ul>three");
    CHECK(page_text(t) == "one two a b three");
    CHECK(t.find_all(Tag::p).size() == 2);
    CHECK(t.find_all(Tag::li).size() == 2);
}

TEST_CASE("html parse: mis-nested inline and table markup loses no text") {
    Tree t = parse_html("<body><p><b>bold <i>both</b> italic</i> plain</p>"
                        "<table><tr><td>cell<div>in div</td>stray text<tr><td>2</table>after");
    std::string text = page_text(t);
    for (const char* piece : {"bold", "both", "italic", "plain", "cell", "in div", "stray text", "2", "after"})
        CHECK_MESSAGE(text.find(piece) != std::string::npos, piece);
    CHECK(text.find("after") > text.find("cell"));
}

TEST_CASE("html parse: a button left open over the page is read as a box, a tab label stays a control") {
    // libxml2 ignores </button> while a <div> inside it is open: the rest of
    // the page lands in the button
    Tree t = parse_html("<body><header><button>Menu<div></button></header><main><article><p>The article text.</p>"
                        "</article></main></body>");
    CHECK(page_text(t).find("The article text.") != std::string::npos);
    Tree tab = parse_html("<body><button><h3>Plans</h3></button><p>Body text.</p></body>");
    CHECK(first(tab, Tag::button) != no_node);
    CHECK(page_text(tab).find("Plans") == std::string::npos);
}

TEST_CASE("html parse: tree ranges cover subtrees in document order") {
    Tree t = parse_html("<html lang=\"ar\"><body><div id=a><p>x</p><p>y</p></div><p>z</p></body></html>");
    REQUIRE(t.size() > 0);
    CHECK(t.nodes[0].tag == Tag::html);
    CHECK(t.attr(0, "lang") == "ar");  // the root takes the <html> attributes
    for (std::uint32_t i = 1; i < t.size(); ++i) {
        std::uint32_t p = t.nodes[i].parent;
        CHECK(p < i);
        CHECK(i < t.nodes[p].end);
        CHECK(t.nodes[i].end <= t.nodes[p].end);
    }
    std::uint32_t div = first(t, Tag::div);
    REQUIRE(div != no_node);
    CHECK(t.attr(div, "id") == "a");
    CHECK(subtree_text(t, div) == "x y");
}

TEST_CASE("html parse: script and style bodies never become text; JSON-LD is kept") {
    Tree t = parse_html(
        "<html><head><style>p{color:red}</style>"
        "<script type=\"application/ld+json\">{\"headline\":\"H\"}</script></head>"
        "<body><script>if (a < b) document.write('</div><p>leak</p>');</script><p>ok</p>"
        "<SCRIPT>var s = \"<p>also leak</p>\";</SCRIPT><noscript><p>js off</p></noscript></body></html>");
    std::string text = page_text(t);
    CHECK(text == "ok");
    CHECK(text.find("leak") == std::string::npos);
    CHECK(text.find("color") == std::string::npos);
    std::uint32_t ld = no_node;
    for (std::uint32_t s : t.find_all(Tag::script))
        if (t.attr(s, "type") == "application/ld+json") ld = s;
    REQUIRE(ld != no_node);
    REQUIRE(t.nodes[ld].first_child != no_node);
    CHECK(t.text(t.nodes[ld].first_child) == "{\"headline\":\"H\"}");
}

TEST_CASE("html parse: a <script> inside a comment does not swallow the page") {
    Tree t = parse_html("<body><!-- <script> --><p>kept</p><script>x</script><p>also kept</p></body>");
    CHECK(page_text(t) == "kept also kept");
}

TEST_CASE("html parse: line numbers survive blanked script bodies") {
    Tree t = parse_html("<html><body>\n<script>\nline2\nline3\n</script>\n<p>on line 6</p></body></html>");
    std::uint32_t p = first(t, Tag::p);
    REQUIRE(p != no_node);
    CHECK(t.nodes[p].line == 6);
}

TEST_CASE("html parse: 100 000 nested elements neither overflow the stack nor lose text") {
    const int n = 100000;
    std::string html = "<html><body><p>before</p>";
    for (int i = 0; i < n; ++i) html += "<div>";
    html += "deep text";
    for (int i = 0; i < n; ++i) html += "</div>";
    html += "<p>after</p></body></html>";
    Tree t = parse_html(html);
    CHECK(t.find_all(Tag::div).size() == static_cast<std::size_t>(n));
    CHECK(page_text(t) == "before deep text after");
    CHECK(max_depth(t) > 10);
}

TEST_CASE("html parse: unclosed deep nesting at the end of input") {
    std::string html = "<html><body>";
    for (int i = 0; i < 100000; ++i) html += "<div><span><b>";
    html += "deep";
    Tree t = parse_html(html);
    CHECK(page_text(t) == "deep");
    CHECK(t.nodes[0].end == t.size());
}

TEST_CASE("html parse: NUL bytes and empty input") {
    std::string html("<body><p>a\0b</p></body>", 23);
    Tree t = parse_html(html);
    CHECK(page_text(t).find('\0') == std::string::npos);
    CHECK(page_text(t).find('a') != std::string::npos);
    Tree empty = parse_html("");
    CHECK(empty.size() >= 1);
    CHECK(page_text(empty).empty());
}

TEST_CASE("html text: references to C1 controls read as windows-1252") {
    Tree t = parse_html("<body><p>1990&#150;2000 &#147;quoted&#148;</p></body>");
    CHECK(page_text(t) == "1990\u20132000 \u201Cquoted\u201D");
}

TEST_CASE("html text: hidden elements are left out") {
    Tree t = parse_html("<body><p>shown</p><p hidden>gone</p><div style=\"display: none\">gone too</div>"
                        "<span aria-hidden=\"true\">icon</span></body>");
    CHECK(page_text(t) == "shown");
}

TEST_CASE("html text: counting weighs dense scripts and finds punctuation in any script") {
    TextCount latin = count_text("Hello, world.");
    CHECK(latin.chars == 12);
    CHECK(latin.punct == 2);
    TextCount han = count_text("宇航员。");
    CHECK(han.chars == 7);  // three ideographs count double, the full stop once
    CHECK(han.punct == 1);
    TextCount arabic = count_text("مرحبا، عالم؟");
    CHECK(arabic.punct == 2);
}
