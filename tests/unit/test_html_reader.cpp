// The HTML reader end to end (reader level: decoded text in, Document out):
// which subtree is the article, what is kept as which block, what is dropped
// and why, and the explain entries.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "readers/registry.hpp"
#include "scrapedoc.hpp"

using namespace scrapedoc;

namespace {

// The hand rules, as the reader reads without learned models (a folder with
// none): these made-up pages test the rules. What the learned models change
// is tested in test_html_blocks.cpp and test_html_page_type.cpp.
Document read_html(const std::string& html, std::vector<explain_entry>* explain = nullptr) {
    const readers::Reader* r = readers::find("html");
    REQUIRE(r != nullptr);
    static const std::filesystem::path no_models = [] {
        auto p = std::filesystem::temp_directory_path() / "scrapedoc-no-models";
        std::filesystem::create_directories(p);
        return p;
    }();
    readers::ReadContext context{"test.html", explain};
    context.models = no_models;
    return r->read(html, context);
}

// All paragraph, quote and list text in document order, sections included.
void collect(const std::vector<Block>& blocks, std::vector<std::string>& out) {
    for (const auto& b : blocks) {
        if (auto* p = std::get_if<Paragraph>(&b)) out.push_back(p->text);
        else if (auto* q = std::get_if<Quote>(&b)) out.push_back(q->text);
        else if (auto* l = std::get_if<List>(&b)) out.insert(out.end(), l->items.begin(), l->items.end());
        else if (auto* s = std::get_if<Section>(&b)) collect(s->blocks, out);
    }
}

std::string body(const Document& d) {
    std::vector<std::string> parts;
    collect(d.blocks, parts);
    std::string out;
    for (const auto& p : parts) out += p + "\n";
    return out;
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

const Dropped* dropped_with(const Document& d, const std::string& text) {
    for (const auto& x : d.dropped)
        if (has(x.text, text)) return &x;
    return nullptr;
}

const std::string lorem =
    "The council voted on Tuesday to extend the night bus service to the northern districts, "
    "after a year of complaints from shift workers who had no way home after midnight.";

// A typical news page: navigation, a header with the headline and byline,
// the article, a share bar, related links, comments, a sidebar and a footer.
std::string news_page() {
    return R"(<!DOCTYPE html>
<html lang="en">
<head>
<title>Night buses reach the north | City Post</title>
<meta property="og:site_name" content="City Post">
<meta property="og:title" content="Night buses reach the north">
<meta property="article:published_time" content="2021-03-04T08:30:00Z">
<script>window.tracking = "<p>not text</p>";</script>
<style>.x { color: red }</style>
</head>
<body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<article class="story">
  <header>
    <h1>Night buses reach the north</h1>
    <div class="byline">By Ana Lima and Bo Chen</div>
  </header>
  <div class="story-body">
    <p>)" + lorem + R"(</p>
    <figure><img src="bus.jpg" alt="A night bus"><figcaption>The first night bus leaves the depot. <span class="credit">Photo: City Post</span></figcaption></figure>
    <p>Drivers say the new routes are quiet but steady, and the first week saw more riders than the transport office had expected for the season.</p>
    <h2>What changes</h2>
    <p>Buses will run every thirty minutes between midnight and five, stopping at the hospital, the rail yards and the university halls.</p>
    <ul><li>Line N1 to the hospital</li><li>Line N2 to the rail yards</li></ul>
    <blockquote>We finally have a way home, said one nurse who works the late shift at the hospital.</blockquote>
    <h3>Fares</h3>
    <table><thead><tr><th>Ticket</th><th>Price</th></tr></thead><tbody><tr><td>Single</td><td>2.10</td></tr><tr><td>Night pass</td><td>5.00</td></tr></tbody></table>
    <p>The service will be reviewed in the autumn, when the council sets next year's transport budget.</p>
    <p class="hidden-text" hidden>Hidden paragraph that must not appear.</p>
  </div>
  <div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
  <div class="related-articles"><h2>Related</h2><ul><li><a href="/a">Trams to get new seats</a></li><li><a href="/b">Bridge closes for repairs</a></li></ul></div>
</article>
<section id="comments"><h2>Comments</h2><div class="comment"><p>This is a long comment about the buses that goes on and on, with opinions, and more opinions, and even more.</p></div></section>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/x">Something else</a></li></ol></aside>
<footer><p>Copyright 2021 City Post. All rights reserved.</p></footer>
</body>
</html>)";
}

}  // namespace

TEST_CASE("html reader: sniff tells HTML from plain text") {
    const readers::Reader* r = readers::find("html");
    REQUIRE(r != nullptr);
    CHECK(r->sniff("<!DOCTYPE html><html><body>x</body></html>") >= 90);
    CHECK(r->sniff("\n  <html lang=en><head></head>") >= 90);
    CHECK(r->sniff("<div><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p><p>f</p></div>") >= 50);
    CHECK(r->sniff("Headline\n\nA paragraph of plain text, with no markup at all.\n") <= 10);
    CHECK(r->sniff("<?xml version=\"1.0\"?><TEI xmlns=\"http://www.tei-c.org/ns/1.0\"></TEI>") <= 10);
    CHECK(readers::detect(news_page()).name == "html");
}

TEST_CASE("html reader: a microdata author comes after the head's and before the byline") {
    // the byline element comes first on the page; the microdata names the
    // question's writer
    std::string page =
        "<html><head><title>Which ferry runs at night?</title></head><body><main>"
        "<h1>Which ferry runs at night?</h1><p class=byline>By Bo Chen</p>"
        "<div class=post><p>I have to cross after midnight on Fridays and the timetable at the quay says nothing "
        "about the late boats, so does anyone know which one still runs and where it leaves from?</p>"
        "<span itemprop=author><a href=\"/u/quaywalker203\">quaywalker203</a></span></div>"
        "<div class=post><p>The last boat leaves at half past twelve from the north pier, and on Fridays there is "
        "an extra one at two in the morning that few people know about.</p></div></main></body></html>";
    Document d = read_html(page);
    CHECK(d.meta.authors == std::vector<std::string>{"quaywalker203"});
    // the head's author comes first
    std::string with_head = page;
    with_head.replace(with_head.find("</head>"), 7, "<meta name=author content=\"Kim Park\"></head>");
    CHECK(read_html(with_head).meta.authors == std::vector<std::string>{"Kim Park"});
}

TEST_CASE("html reader: a byline in the page header, apart from the article's body") {
    // the headline and its byline sit in a banner; the article's body is a
    // sibling further down, so the byline is outside the article's scope
    std::string page =
        "<html><head><title>Night ferries return</title></head><body>"
        "<div class=banner><div class=inner><h1>Night ferries return</h1>"
        "<div class=meta><p><time>Feb 6, 2025</time></p><p>Written by</p><p>Ana Lima</p></div></div></div>"
        "<div class=wrap><div class=wrap2><div class=wrap3><div class=prose>"
        "<p>The night ferries return to the harbour on Monday after a winter in the yard, and the first boat "
        "leaves the north pier at half past eleven.</p>"
        "<p>Tickets are sold on board, and the timetable for the summer is posted at the quay and on the "
        "council's pages, with extra boats on Fridays.</p></div></div></div></div></body></html>";
    Document d = read_html(page);
    CHECK(d.meta.authors == std::vector<std::string>{"Ana Lima"});
    CHECK(d.byline == std::optional<std::string>("Written by Ana Lima"));
}

TEST_CASE("html reader: a byline element set as lines gives the names of its first line") {
    auto page = [](const std::string& byline) {
        return "<html><head><title>Night ferries return</title></head><body><article>"
               "<h1>Night ferries return</h1>" + byline +
               "<p>The night ferries return to the harbour on Monday after a winter in the yard, and the first "
               "boat leaves the north pier at half past eleven.</p>"
               "<p>Tickets are sold on board, and the timetable for the summer is posted at the quay and on the "
               "council's pages, with extra boats on Fridays.</p></article></body></html>";
    };
    // the name, then the writer's role on a line of its own
    CHECK(read_html(page("<div class=author-box><div><h4>Ana Lima</h4><p>Former harbour pilot</p></div></div>"))
              .meta.authors == std::vector<std::string>{"Ana Lima"});
    // a label line first
    CHECK(read_html(page("<div class=author><p>Written by</p><p>Bo Chen</p></div>")).meta.authors ==
          std::vector<std::string>{"Bo Chen"});
    // one line: all of it
    CHECK(read_html(page("<p class=byline>By <span>Kim Park</span> and <span>Ana Lima</span></p>")).meta.authors ==
          std::vector<std::string>{"Kim Park", "Ana Lima"});
}

TEST_CASE("html reader: a news page becomes the article and nothing else") {
    Document d = read_html(news_page());
    CHECK(d.meta.title == std::optional<std::string>("Night buses reach the north"));
    CHECK(d.meta.authors == std::vector<std::string>{"Ana Lima", "Bo Chen"});
    CHECK(d.meta.publisher == std::optional<std::string>("City Post"));
    CHECK(d.meta.date == std::optional<std::string>("2021-03-04T08:30:00Z"));
    CHECK(d.meta.language == std::optional<std::string>("en"));
    CHECK(d.meta.source.format == "html");
    CHECK(d.byline == std::optional<std::string>("By Ana Lima and Bo Chen"));

    std::string text = body(d);
    CHECK(has(text, "The council voted on Tuesday"));
    CHECK(has(text, "The service will be reviewed in the autumn"));
    for (const char* furniture : {"Home", "cookies", "Facebook", "Trams to get new seats", "long comment", "Most read",
                                  "Copyright", "not text", "color", "Hidden paragraph"})
        CHECK_MESSAGE(!has(text, furniture), furniture);
    CHECK(!has(text, "Night buses reach the north"));  // the title is meta, not body
}

TEST_CASE("html reader: headings, figures, lists, quotes and tables keep their shape") {
    Document d = read_html(news_page());
    // blocks: paragraph, figure, paragraph, then section "What changes"
    REQUIRE(d.blocks.size() >= 4);
    CHECK(std::holds_alternative<Paragraph>(d.blocks[0]));
    auto* fig = std::get_if<Figure>(&d.blocks[1]);
    REQUIRE(fig != nullptr);
    CHECK(fig->caption == std::optional<std::string>("The first night bus leaves the depot."));
    CHECK(fig->credit == std::optional<std::string>("Photo: City Post"));
    CHECK(fig->src == std::optional<std::string>("bus.jpg"));
    CHECK(fig->alt == std::optional<std::string>("A night bus"));
    const Section* s = nullptr;
    for (const auto& b : d.blocks)
        if (auto* x = std::get_if<Section>(&b)) s = x;
    REQUIRE(s != nullptr);
    CHECK(s->heading == "What changes");
    CHECK(s->level == 2);
    bool list = false, quote = false, sub = false;
    for (const auto& b : s->blocks) {
        if (auto* l = std::get_if<List>(&b)) {
            list = true;
            CHECK_FALSE(l->ordered);
            CHECK(l->items == std::vector<std::string>{"Line N1 to the hospital", "Line N2 to the rail yards"});
        }
        if (std::holds_alternative<Quote>(b)) quote = true;
        if (auto* f = std::get_if<Section>(&b)) {
            sub = true;
            CHECK(f->heading == "Fares");
            CHECK(f->level == 3);
            const Table* t = nullptr;
            for (const auto& c : f->blocks)
                if (auto* x = std::get_if<Table>(&c)) t = x;
            REQUIRE(t != nullptr);
            CHECK(t->header);
            REQUIRE(t->rows.size() == 3);
            CHECK(t->rows[0] == std::vector<std::string>{"Ticket", "Price"});
            CHECK(t->rows[2] == std::vector<std::string>{"Night pass", "5.00"});
        }
    }
    CHECK(list);
    CHECK(quote);
    CHECK(sub);
}

TEST_CASE("html reader: dropped material is listed with reasons and source lines") {
    Document d = read_html(news_page());
    const Dropped* nav = dropped_with(d, "Home");
    REQUIRE(nav != nullptr);
    CHECK(nav->reason == "navigation");
    CHECK(nav->line == 12);
    const Dropped* cookies = dropped_with(d, "cookies");
    REQUIRE(cookies != nullptr);
    CHECK(cookies->reason == "cookie-banner");
    REQUIRE(dropped_with(d, "Facebook") != nullptr);
    CHECK(dropped_with(d, "Facebook")->reason == "share-widget");
    REQUIRE(dropped_with(d, "Trams to get new seats") != nullptr);
    CHECK(dropped_with(d, "Trams to get new seats")->reason == "related");
    REQUIRE(dropped_with(d, "long comment") != nullptr);
    CHECK(dropped_with(d, "long comment")->reason == "comments");
    REQUIRE(dropped_with(d, "Copyright") != nullptr);
    CHECK(dropped_with(d, "Copyright")->reason == "footer");
    REQUIRE(dropped_with(d, "By Ana Lima") != nullptr);
    CHECK(dropped_with(d, "By Ana Lima")->reason == "byline");
    for (const auto& x : d.dropped) CHECK(x.line > 0);
    // script and style bodies are not page text, not even dropped text
    CHECK(dropped_with(d, "not text") == nullptr);
    CHECK(dropped_with(d, "color: red") == nullptr);
}

TEST_CASE("html reader: explain says which subtree was chosen and what was dropped") {
    std::vector<explain_entry> ex;
    read_html(news_page(), &ex);
    auto main = std::find_if(ex.begin(), ex.end(), [](const explain_entry& e) { return e.kind == "main-content"; });
    REQUIRE(main != ex.end());
    CHECK(has(main->reason, "story-body"));
    CHECK(has(main->reason, "score"));
    CHECK(std::any_of(ex.begin(), ex.end(), [](const explain_entry& e) { return e.kind == "dropped:navigation"; }));
    CHECK(std::any_of(ex.begin(), ex.end(), [](const explain_entry& e) { return e.kind == "paragraph"; }));
    CHECK(std::any_of(ex.begin(), ex.end(), [](const explain_entry& e) { return e.kind == "title"; }));
}

TEST_CASE("html reader: a class cue on a page-wide wrapper does not hide the article") {
    std::string html = "<html><body><div class=\"page has-sidebar\"><div class=\"content\">";
    for (int i = 0; i < 5; ++i) html += "<p>" + lorem + "</p>";
    html += "</div><div class=\"sidebar\"><a href=/>Link</a></div></div></body></html>";
    Document d = read_html(html);
    CHECK(has(body(d), "The council voted"));
    CHECK(!has(body(d), "Link"));
}

TEST_CASE("html reader: teasers before the headline are not the article") {
    std::string html = "<html><head><meta property=og:title content=\"Bridge reopens\"></head><body><div id=wrap>"
                       "<div class=ticker><ul>";
    for (int i = 0; i < 6; ++i)
        html += "<li><a href=/x>Another story " + std::to_string(i) + "</a> " + lorem + "</li>";
    html += "</ul></div><div class=story><h2>Bridge reopens</h2>";
    html += "<p>The old bridge reopened on Monday after eight months of repairs, and traffic was light all day.</p>"
            "<p>Engineers replaced the deck and the railings, and the city says the work came in under budget.</p>"
            "<p>Cyclists now have their own lane on the north side, separated from cars by a low wall.</p>"
            "</div></div></body></html>";
    Document d = read_html(html);
    std::string text = body(d);
    CHECK(has(text, "The old bridge reopened"));
    CHECK(!has(text, "Another story"));
}

TEST_CASE("html reader: lists of images are galleries of figures, not lists") {
    std::string html = "<html><body><article><p>" + lorem + "</p><ul class=gallery>"
                       "<li><img src=a.jpg><figcaption>First view of the harbour</figcaption></li>"
                       "<li><img src=b.jpg><figcaption>Second view of the harbour</figcaption></li></ul>"
                       "<p>" + lorem + "</p></article></body></html>";
    Document d = read_html(html);
    int figures = 0;
    for (const auto& b : d.blocks)
        if (auto* f = std::get_if<Figure>(&b)) {
            ++figures;
            CHECK(f->src);
            CHECK(f->caption);
        }
    CHECK(figures == 2);
    CHECK(!has(body(d), "view of the harbour"));
}

TEST_CASE("html reader: datelines, related lines and closing calls to action are dropped") {
    std::string html = "<html><body><article><p>November 20, 2019 - 11:28</p><p>" + lorem +
                       "</p><p>Read more: <a href=/x>Trams to get new seats next year</a></p><p>" + lorem +
                       "</p><p>Follow us on Twitter and sign up for our newsletter.</p></article></body></html>";
    Document d = read_html(html);
    std::string text = body(d);
    CHECK(!has(text, "November 20"));
    CHECK(!has(text, "Trams"));
    CHECK(!has(text, "Follow us"));
    REQUIRE(dropped_with(d, "November 20") != nullptr);
    CHECK(dropped_with(d, "November 20")->reason == "dateline");
    CHECK(dropped_with(d, "Trams")->reason == "related");
    CHECK(dropped_with(d, "Follow us")->reason == "call-to-action");
}

TEST_CASE("html reader: <br> splits paragraphs; inline pop-up cards stay out of the line") {
    std::string html = "<html><body><article><p>" + lorem + "<br><br>Second part of the text, also long enough "
                       "to be prose in any reading.</p><p>The mayor, <a href=/p>Ana<span class=\"rollover-card\">"
                       "Card text with links</span></a>, said so on the radio this morning to the listeners.</p>"
                       "</article></body></html>";
    Document d = read_html(html);
    std::vector<std::string> parts;
    collect(d.blocks, parts);
    REQUIRE(parts.size() == 3);
    CHECK(parts[1] == "Second part of the text, also long enough to be prose in any reading.");
    CHECK(parts[2] == "The mayor, Ana, said so on the radio this morning to the listeners.");
}

TEST_CASE("html reader: the declared language yields to the text's script") {
    std::string html = "<html lang=\"en\"><body><article><p>"
                       "قال المجلس البلدي يوم الثلاثاء إن خدمة الحافلات الليلية ستمتد إلى الأحياء الشمالية بعد عام من الشكاوى."
                       "</p><p>وأضاف أن الخطوط الجديدة ستعمل كل ثلاثين دقيقة بين منتصف الليل والخامسة صباحا.</p>"
                       "</article></body></html>";
    Document d = read_html(html);
    CHECK(d.meta.language != std::optional<std::string>("en"));
}

TEST_CASE("html reader: a character reference that adds a combining mark gives NFC text") {
    Document d = read_html("<html><body><article><p>Tarif ge&#x301;ne&#x301;ral de quincaillerie, " + lorem +
                           "</p></article></body></html>");
    CHECK(has(body(d), "Tarif g\u00e9n\u00e9ral"));
}

TEST_CASE("html reader: a page with no prose keeps its body text, minus furniture") {
    Document d = read_html("<html><body><nav><a href=/>Home</a></nav><div>Short line</div><div>Another</div></body></html>");
    std::string text = body(d);
    CHECK(has(text, "Short line"));
    CHECK(!has(text, "Home"));
}

TEST_CASE("html reader: readers' comments named in other languages are comments") {
    for (std::string id : {"comentarios_lectores", "kommentare", "komentarze-czytelnikow"}) {
        std::string html = "<html><body><div class=\"story\"><h1>Night buses</h1><p>" + lorem + "</p><p>" + lorem +
                           "</p><div id=\"" + id + "\"><h3>15 Comentarios</h3><h4>#11</h4><p>Su cara lo dice todo, "
                           "espero que la justicia llegue pronto y que nadie olvide lo que pasó aquella noche.</p>"
                           "</div></div></body></html>";
        Document d = read_html(html);
        CAPTURE(id);
        CHECK(!has(body(d), "Su cara"));
        REQUIRE(dropped_with(d, "Su cara") != nullptr);
        CHECK(dropped_with(d, "Su cara")->reason == "comments");
    }
}

TEST_CASE("html reader: a winning paragraph brings the paragraphs beside it, not what follows a box") {
    std::string html =
        "<html><body><div class=\"x\">"
        "<p>Other story: the harbour festival drew more visitors than ever this year, the organisers said, "
        "and the fireworks ran late into the night.</p>"
        "<h1>Quake shakes the coast</h1>"
        "<p>" + lorem + "</p>"
        "<p>Intensity 5:</p>"
        "<p>North coast: <a href=\"/t/a\">Alvik</a>, <a href=\"/t/b\">Brenna</a></p>"
        "<h3>Aftershocks</h3>"
        "<p>South coast: <a href=\"/t/c\">Calder</a>, <a href=\"/t/d\">Dunmore</a></p>"
        "<div class=\"box\">Become a member to read every article.</div>"
        "<p>Stray line after the box</p>"
        "</div></body></html>";
    std::vector<explain_entry> ex;
    Document d = read_html(html, &ex);
    std::string text = body(d);
    CHECK(has(text, "night bus service"));
    CHECK(has(text, "Intensity 5:"));
    CHECK(has(text, "North coast: Alvik, Brenna"));
    CHECK(has(text, "South coast: Calder, Dunmore"));
    CHECK(!has(text, "harbour festival"));  // before the headline
    CHECK(!has(text, "member"));
    CHECK(!has(text, "Stray line"));
    bool aftershocks = false;
    for (const auto& b : d.blocks)
        if (auto* s = std::get_if<Section>(&b); s && s->heading == "Aftershocks") aftershocks = true;
    CHECK(aftershocks);
    auto main = std::find_if(ex.begin(), ex.end(), [](const explain_entry& e) { return e.kind == "main-content"; });
    REQUIRE(main != ex.end());
    CHECK(has(main->reason, "paragraph-level elements beside it"));
}

TEST_CASE("html reader: teaser cards for other pages inside the article are dropped as related") {
    auto card = [](const std::string& n, const std::string& href, const std::string& blurb) {
        return "<div class=\"card\"><a href=\"" + href + "\"><img src=\"/i/" + n + ".jpg\" width=140 height=105></a>"
               "<ul><li><a href=\"/story/" + n + "\">Story " + n + "</a></li></ul><ul><li>" + blurb + "</li></ul></div>";
    };
    std::string blurb = "A short blurb that sells the other story, long enough to look like a sentence of prose.";
    std::string cards;
    for (std::string n : {"one", "two", "three", "four"}) cards += card(n, "/story/" + n, blurb);
    std::string html = "<html><body><div class=\"story\"><h1>Night buses</h1><p>" + lorem + "</p><p>" + lorem +
                       "</p><div class=\"strip\">" + cards + "</div></div></body></html>";
    Document d = read_html(html);
    CHECK(!has(body(d), "sells the other story"));
    REQUIRE(dropped_with(d, "Story one") != nullptr);
    CHECK(dropped_with(d, "Story one")->reason == "related");

    // images that open the picture itself are a gallery, not teasers
    std::string gallery;
    for (std::string n : {"one", "two", "three", "four"}) gallery += card(n, "/i/" + n + ".jpg", blurb);
    html = "<html><body><div class=\"story\"><h1>Night buses</h1><p>" + lorem + "</p><p>" + lorem +
           "</p><div class=\"strip\">" + gallery + "</div></div></body></html>";
    d = read_html(html);
    CHECK(dropped_with(d, "Story one") == nullptr);

    // two cards are not a strip of them
    html = "<html><body><div class=\"story\"><h1>Night buses</h1><p>" + lorem + "</p><p>" + lorem +
           "</p><div class=\"strip\">" + card("one", "/story/one", blurb) + card("two", "/story/two", blurb) +
           "</div></div></body></html>";
    d = read_html(html);
    CHECK(dropped_with(d, "Story one") == nullptr);
}

TEST_CASE("html reader: a heading with a subtitle cue before the text is the subtitle, not a section") {
    std::string html = "<html><body><article><h1>Night buses</h1>"
                       "<h2 class=\"sub-tit\">Three new lines<br>Every thirty minutes after midnight</h2>"
                       "<p>" + lorem + "</p><h2 class=\"subtitle\">What changes</h2><p>" + lorem + "</p>"
                       "</article></body></html>";
    Document d = read_html(html);
    REQUIRE(d.meta.subtitle);
    CHECK(*d.meta.subtitle == "Three new lines Every thirty minutes after midnight");
    std::vector<std::string> headings;
    for (const auto& b : d.blocks)
        if (auto* s = std::get_if<Section>(&b)) headings.push_back(s->heading);
    // after the first paragraph a cued heading is a section heading again
    CHECK(headings == std::vector<std::string>{"What changes"});
    REQUIRE(dropped_with(d, "Three new lines") != nullptr);
    CHECK(dropped_with(d, "Three new lines")->reason == "subtitle");
}

TEST_CASE("html reader: a lead set apart between the headline and the body is the article's, other prose there is not") {
    auto page = [](const std::string& cls) {
        return "<html><body><article><div class=\"top\"><h1>Night buses</h1>"
               "<div class=\"" + cls + "\">The northern districts get three night bus lines from March, after a "
               "year of complaints from shift workers.</div></div>"
               "<div class=\"article__body\"><p>" + lorem + "</p><p>" + lorem + "</p><p>" + lorem + "</p></div>"
               "<div class=\"related\"><a href=\"/a\">Trams to get new seats in the spring, the transport office says</a> "
               "<a href=\"/b\">Bridge closes for repairs over the summer holidays, with a ferry instead</a> "
               "<a href=\"/c\">Cycle lanes on the ring road are finished a year late and over budget</a> "
               "<a href=\"/d\">The harbour festival drew more visitors than ever this year</a></div>"
               "<div class=\"share\">Share on Facebook</div></article></body></html>";
    };
    Document d = read_html(page("article__lead"));
    std::vector<std::string> parts;
    collect(d.blocks, parts);
    REQUIRE(!parts.empty());
    CHECK(has(parts.front(), "three night bus lines"));  // first, before the body
    d = read_html(page("box-x"));
    CHECK(!has(body(d), "three night bus lines"));
}

TEST_CASE("html reader: a page that shows nothing until its script runs is read from what it hides") {
    // the whole thread inside <noscript>, the crawler's view of a script app
    Document forum = read_html("<html><body><div id=\"app\"></div><noscript><div id=\"main-outlet\"><h1>Night buses</h1><p>" +
                               lorem + "</p><p>" + lorem + " Shift workers agree.</p></div></noscript></body></html>");
    CHECK(has(body(forum), "extend the night bus service"));
    // a React streaming chunk is shown by the page's script: it is not hidden
    Document streamed = read_html("<html><body><template id=\"B:0\"></template><div hidden id=\"S:0\"><article><p>" +
                                  lorem + "</p></article></div></body></html>");
    CHECK(has(body(streamed), "extend the night bus service"));
    // a page covered by a loader keeps its text under visibility:hidden
    Document covered = read_html("<html><body><div style=\"visibility:hidden;min-height:100vh\"><article><p>" + lorem +
                                 "</p><p>" + lorem + " Shift workers agree.</p></article></div><div>Loading</div></body></html>");
    CHECK(has(body(covered), "extend the night bus service"));
}

TEST_CASE("html reader: hidden text stays out when the page shows its text, even a hidden copy of it") {
    // a microdata copy of the article, hidden, is not more text than the page shows
    std::string article = "<p>" + lorem + "</p><p>Drivers say the new routes are quiet but steady, and the first week saw "
                          "more riders than expected.</p>";
    Document d = read_html("<html><body><article>" + article + "</article><div style=\"display:none\">" + article +
                           "</div><div style=\"display:none\">" + article + "</div></body></html>");
    std::string text = body(d);
    CHECK(text.find("extend the night bus") == text.rfind("extend the night bus"));
    // a hidden tab beside the article stays hidden
    Document tab = read_html("<html><body><article><p>" + lorem + "</p></article><div hidden><p>Secret tab text that "
                             "nobody sees on the page.</p></div></body></html>");
    CHECK(!has(body(tab), "Secret tab"));
    REQUIRE(dropped_with(tab, "Secret tab") != nullptr);
    CHECK(dropped_with(tab, "Secret tab")->reason == "hidden");
}

TEST_CASE("html reader: a product's declared description is read when the page does not show it") {
    const std::string ld = R"(<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",
"name":"Harbour Wool Blanket","description":"<p>A heavy blanket woven from the wool of island sheep, warm enough for winter crossings and soft enough for a child.</p>"}</script>)";
    // nothing visible but the name, a price and a button
    Document bare = read_html("<html><head>" + ld + "</head><body><h1>Harbour Wool Blanket</h1><div class=\"price\">$89</div>"
                              "<button>Add to cart</button></body></html>");
    CHECK(has(body(bare), "woven from the wool of island sheep"));
    CHECK(!has(body(bare), "<p>"));
    // the page shows it: not twice
    Document shown = read_html("<html><head>" + ld + "</head><body><h1>Harbour Wool Blanket</h1><div class=\"product-description\">"
                               "<p>A heavy blanket woven from the wool of island sheep, warm enough for winter crossings and "
                               "soft enough for a child.</p></div></body></html>");
    std::string text = body(shown);
    CHECK(text.find("island sheep") != std::string::npos);
    CHECK(text.find("island sheep") == text.rfind("island sheep"));
}

namespace {

// A thread of three posts, each with its writer (a profile link), its date
// (<time>) and text, in repeated boxes; a sidebar of other threads.
std::string thread_page(const std::string& box_class) {
    std::string posts;
    const char* who[] = {"harbourfan", "pier_ranger", "old_salt"};
    const char* when[] = {"2024-11-08T19:33:00Z", "2024-11-08T20:42:00Z", "2024-11-09T07:15:00Z"};
    const char* said[] = {"Which tide table do you trust when you sail from the north pier in the early morning?",
                          "The harbour office one, every time, and I check it twice before the spring tides.",
                          "The app is wrong at spring tides, so I keep the printed table in the boat as well."};
    for (int i = 0; i < 3; ++i)
        posts += "<div class=\"" + box_class + "\"><div class=\"meta\"><a href=\"/u/" + who[i] + "\">" + who[i] +
                 "</a> <time datetime=\"" + when[i] + "\">Nov " + std::to_string(8 + i / 2) + "</time></div><p>" +
                 said[i] + "</p></div>";
    return "<html><body><h1>Which tide table do you trust?</h1><div class=\"thread\">" + posts +
           "</div><aside><a href=\"/t/1\">Moorings</a></aside></body></html>";
}

std::vector<const Section*> posts_of(const Document& d) {
    std::vector<const Section*> out;
    for (const auto& b : d.blocks)
        if (auto* s = std::get_if<Section>(&b); s && s->is_post()) out.push_back(s);
    return out;
}

}  // namespace

TEST_CASE("html reader: the posts of a thread come out as posts with their writer and date") {
    Document d = read_html(thread_page("post"));
    auto posts = posts_of(d);
    REQUIRE(posts.size() == 3);
    CHECK(posts[0]->author == std::optional<std::string>("harbourfan"));
    CHECK(posts[0]->date == std::optional<std::string>("2024-11-08T19:33:00Z"));
    CHECK(has(posts[0]->heading, "harbourfan"));
    REQUIRE(!posts[0]->blocks.empty());
    CHECK(has(std::get<Paragraph>(posts[0]->blocks[0]).text, "tide table do you trust"));
    CHECK(posts[2]->author == std::optional<std::string>("old_salt"));
    // the writer's line is the post's heading, not a paragraph of it
    CHECK(!has(body(d), "harbourfan"));
    // boxes that give a date but no writer are items (events, news), not posts
    std::string events = thread_page("event");
    for (const char* who : {"harbourfan", "pier_ranger", "old_salt"}) {
        std::string link = std::string("<a href=\"/u/") + who + "\">" + who + "</a>";
        events.replace(events.find(link), link.size(), who);
    }
    CHECK(posts_of(read_html(events)).empty());
}

// A post's writer is a name, not a control of the posts' template: a
// "Reply with quote" link under a class that reads as the writer's is passed
// over, and so is a text that every post repeats (a label); a line around
// the writer's profile link ("by <a>name</a> » date") gives the link's name.
TEST_CASE("html reader: a post's controls and repeated labels are not its writer") {
    const char* who[] = {"harbourfan", "pier_ranger", "old_salt"};
    const char* said[] = {"Which tide table do you trust when you sail from the north pier in the early morning?",
                          "The harbour office one, every time, and I check it twice before the spring tides.",
                          "The app is wrong at spring tides, so I keep the printed table in the boat as well."};
    std::string quoted, labelled;
    for (int i = 0; i < 3; ++i) {
        quoted += std::string("<div class=\"post\"><ul class=\"profile-icons\"><li><a href=\"./posting.php?mode=quote&amp;p=") +
                  std::to_string(i) + "\">Reply with quote</a></li></ul><p class=\"author\">by <strong><a " +
                  "href=\"./memberlist.php?mode=viewprofile&amp;u=" + std::to_string(40 + i) + "\">" + who[i] +
                  "</a></strong> &raquo; Tue Aug 27, 2019 1:47 am</p><p>" + said[i] + "</p></div>";
        labelled += std::string("<div class=\"review\"><div class=\"user-note\">This review is posted in Harbours</div>") +
                    "<span class=\"username\">" + who[i] + "</span><p>" + said[i] + "</p></div>";
    }
    for (const std::string& page : {quoted, labelled}) {
        Document d = read_html("<html><body><h1>Which tide table do you trust?</h1><div class=\"thread\">" + page +
                               "</div></body></html>");
        auto posts = posts_of(d);
        REQUIRE(posts.size() == 3);
        for (int i = 0; i < 3; ++i) {
            CHECK(posts[static_cast<std::size_t>(i)]->author == std::optional<std::string>(who[i]));
            CHECK(!has(posts[static_cast<std::size_t>(i)]->heading, "Reply with quote"));
        }
    }
}
