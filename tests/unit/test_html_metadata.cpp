// HTML metadata: title, authors, publisher, date and language from the page
// head, JSON-LD and well-known elements.
#include <doctest/doctest.h>

#include <string>

#include "readers/html/metadata.hpp"
#include "readers/html/tree.hpp"

using namespace scrapedoc::html;

namespace {

PageMeta meta_of(const std::string& html) { return read_metadata(parse_html(html)); }

}  // namespace

TEST_CASE("html metadata: the on-page headline when it agrees with the head") {
    PageMeta m = meta_of(
        "<html><head><title>Rain returns to the valley | Daily Bugle</title>"
        "<meta property=\"og:site_name\" content=\"Daily Bugle\">"
        "<meta property=\"og:title\" content=\"Rain returns to the valley\"></head>"
        "<body><h1 class=logo>Daily Bugle</h1><h1>Rain returns to the valley</h1><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Rain returns to the valley");
    CHECK(m.title_node != no_node);
    CHECK(m.publisher == std::optional<std::string>("Daily Bugle"));
}

TEST_CASE("html metadata: og:title without the site, then JSON-LD, then <title>") {
    CHECK(*meta_of("<head><meta property=\"og:title\" content=\"Storm ahead - The Ledger\">"
                   "<meta property=\"og:site_name\" content=\"The Ledger\"></head><body></body>")
               .title == "Storm ahead");
    CHECK(*meta_of("<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"From "
                   "JSON-LD\"}</script></head><body></body>")
               .title == "From JSON-LD");
    CHECK(*meta_of("<head><title>Only the title | Site</title></head><body></body>").title == "Only the title");
}

TEST_CASE("html metadata: the JSON-LD headline gives the punctuation of a visible headline with its words") {
    auto page = [](const std::string& h1, const std::string& headline) {
        return "<html><head><title>" + h1 + " | Tide Post</title>"
               "<meta property=\"og:site_name\" content=\"Tide Post\">"
               "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"" + headline +
               "\"}</script></head><body><h1>" + h1 + "</h1><p>x</p></body></html>";
    };
    // the page sets quotation marks the declared headline leaves out
    PageMeta m = meta_of(page("&quot;We will rebuild&quot;... mayor tours the flooded quay",
                              "We will rebuild... mayor tours the flooded quay"));
    REQUIRE(m.title);
    CHECK(*m.title == "We will rebuild... mayor tours the flooded quay");
    CHECK(m.title_node != no_node);  // the <h1> is still the headline element
    // the same marks set differently (curled on the page only): the page's text
    m = meta_of(page("Harbour\u2019s night ferry returns", "Harbour's night ferry returns"));
    CHECK(*m.title == "Harbour\u2019s night ferry returns");
    // white space and full-width forms are setting too
    m = meta_of(page("Ferry \uFF12 returns", "Ferry\u30002 returns"));
    CHECK(*m.title == "Ferry \uFF12 returns");
    // other words: the visible headline
    m = meta_of(page("Ferry returns to the quay", "Ferry returns"));
    CHECK(*m.title == "Ferry returns to the quay");
}

TEST_CASE("html metadata: without a headline on the page, a JSON-LD headline that agrees with the head first") {
    // the <h1> carries the writer's name, so it agrees with nothing; the
    // declared headline agrees with <title> and comes before og:title
    PageMeta m = meta_of(
        "<html><head><title>Quay works begin (photo: port) : Tide Post Daily</title>"
        "<meta property=\"og:title\" content=\"Quay works begin\">"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
        "\"Quay works begin (photo: port) : Tide Post Daily\"}</script></head>"
        "<body><h1>Quay works begin, staff writer Ann Lee</h1><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Quay works begin (photo: port) : Tide Post Daily");
    // the site's own name comes off it
    m = meta_of(
        "<html><head><meta property=\"og:site_name\" content=\"Tide Post\">"
        "<title>Quay works begin: what changes | Tide Post</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
        "\"Quay works begin: what changes - Tide Post\"}</script></head><body><p>x</p></body></html>");
    CHECK(*m.title == "Quay works begin: what changes");
    // a JSON-LD headline that agrees with nothing on the page gives way to og:title
    m = meta_of(
        "<html><head><meta property=\"og:title\" content=\"Quay works begin\">"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
        "\"Watch: the week in pictures\"}</script></head><body><p>x</p></body></html>");
    CHECK(*m.title == "Quay works begin");
}

TEST_CASE("html metadata: JSON-LD author, publisher and date, also inside @graph") {
    PageMeta m = meta_of(R"(<head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Site"},
          {"@type":["NewsArticle"],"headline":"H",
           "author":[{"@type":"Person","name":"Ana Lima"},{"@type":"Person","name":"Bo Chen"}],
           "publisher":{"@type":"Organization","name":"The Paper"},
           "datePublished":"2019-11-19T10:15:00+01:00"}]}
        </script></head><body></body>)");
    CHECK(m.authors == std::vector<std::string>{"Ana Lima", "Bo Chen"});
    CHECK(m.publisher == std::optional<std::string>("The Paper"));
    CHECK(m.date == std::optional<std::string>("2019-11-19T10:15:00+01:00"));
}

TEST_CASE("html metadata: JSON-LD authors given by @id, and a Q&A page's question") {
    // an @graph whose article refers to its author by @id
    PageMeta m = meta_of(R"(<head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[
          {"@type":"Article","headline":"Quay works","author":{"@id":"https://tide.example/#/person/7"}},
          {"@type":"Person","@id":"https://tide.example/#/person/7","name":"Ana Lima"}]}
        </script></head><body></body>)");
    CHECK(m.authors == std::vector<std::string>{"Ana Lima"});
    // a QAPage: the question's name and its asker
    m = meta_of(R"(<head><script type="application/ld+json">
        {"@context":"https://schema.org","@type":"QAPage","mainEntity":{"@type":"Question",
         "name":"Which ferry runs at night?","author":{"@type":"Person","name":"quaywalker203"},
         "suggestedAnswer":[{"@type":"Answer","author":{"@type":"Person","name":"Bo Chen"}}]}}
        </script></head><body></body>)");
    CHECK(m.authors == std::vector<std::string>{"quaywalker203"});
    REQUIRE(m.title);
    CHECK(*m.title == "Which ferry runs at night?");
    // an FAQ's questions have no author and are not the page
    m = meta_of(R"(<head><title>Ferry guide</title><script type="application/ld+json">
        {"@type":"FAQPage","mainEntity":[{"@type":"Question","name":"How long is the crossing?"}]}
        </script></head><body></body>)");
    CHECK(m.authors.empty());
    CHECK(*m.title == "Ferry guide");
}

TEST_CASE("html metadata: a JSON-LD organisation's name is whole, a person's keeps its letters") {
    PageMeta m = meta_of(R"(<head><script type="application/ld+json">
        {"@type":"Article","headline":"H","author":[
          {"@type":"Organization","name":"Office for Ferries and Harbours"},
          {"@type":"Person","name":"Ana Lima, MS, RD, FHPA"},
          {"@type":"Person","name":"Bo Chen and Kim Park"}]}
        </script></head><body></body>)");
    CHECK(m.authors == std::vector<std::string>{"Office for Ferries and Harbours", "Ana Lima, MS, RD, FHPA", "Bo Chen",
                                                "Kim Park"});
}

TEST_CASE("html metadata: the writer labelled in the page's card") {
    PageMeta m = meta_of(
        "<head><meta name=\"twitter:label1\" content=\"Est. reading time\">"
        "<meta name=\"twitter:data1\" content=\"4 minutes\">"
        "<meta name=\"twitter:label2\" content=\"Written by\">"
        "<meta name=\"twitter:data2\" content=\"Ana Lima\"></head><body></body>");
    CHECK(m.authors == std::vector<std::string>{"Ana Lima"});
    // a label that is not the writer gives no author
    m = meta_of(
        "<head><meta name=\"twitter:label1\" content=\"Est. reading time\">"
        "<meta name=\"twitter:data1\" content=\"Four minutes\"></head><body></body>");
    CHECK(m.authors.empty());
}

TEST_CASE("html metadata: the first microdata author") {
    PageMeta m = meta_of(
        "<body><div itemscope itemtype=\"https://schema.org/DiscussionForumPosting\">"
        "<span itemprop=author itemscope itemtype=\"https://schema.org/Person\">"
        "<a href=\"/u/quaywalker203\"><span itemprop=name>quaywalker203</span></a></span>"
        "<div itemprop=text>Which ferry runs at night?</div></div>"
        "<div itemscope itemtype=\"https://schema.org/Comment\"><span itemprop=author>Bo Chen</span></div></body>");
    CHECK(m.microdata_authors == std::vector<std::string>{"quaywalker203"});
    m = meta_of("<body><p>By <span itemprop=\"author creator\">Ana Lima</span></p></body>");
    CHECK(m.microdata_authors == std::vector<std::string>{"Ana Lima"});
    CHECK(meta_of("<body><p itemprop=articleBody>Text</p></body>").microdata_authors.empty());
}

TEST_CASE("html metadata: the first link to a person's page after the headline") {
    using V = std::vector<std::string>;
    auto page = [](const std::string& body) {
        return "<html><head><link rel=canonical href=\"https://forum.harbourtalk.org/t/9\">"
               "<title>Night ferries?</title></head><body><nav><a href=\"/u/admin\">Admin</a></nav>"
               "<h1>Night ferries?</h1>" + body + "</body></html>";
    };
    // a writer's page comes before a member's profile
    CHECK(meta_of(page("<a href=\"/u/quaywalker203\">quaywalker203</a> <a href=\"/author/ana-lima\">Ana Lima</a>"))
              .profile_link_authors == V{"Ana Lima"});
    // the first member after the headline, not the one in the navigation
    CHECK(meta_of(page("<p><a href=\"/u/quaywalker203\">quaywalker203</a></p><p><a href=\"/u/bo\">bo</a></p>"))
              .profile_link_authors == V{"quaywalker203"});
    CHECK(meta_of(page("<a href=\"memberlist.php?mode=viewprofile&u=42\">ferry_fan</a>")).profile_link_authors ==
          V{"ferry_fan"});
    // the site's own pages, other sites and actions are not people
    CHECK(meta_of(page("<a href=\"/user/login\">Log in</a>")).profile_link_authors.empty());
    CHECK(meta_of(page("<a href=\"/profile/x1\">Get started free</a>")).profile_link_authors.empty());
    CHECK(meta_of(page("<a href=\"https://video.example.com/user/harbour\">Harbour</a>")).profile_link_authors.empty());
    CHECK(meta_of(page("<a href=\"https://www.harbourtalk.org/members/kim.7/\">Kim Park</a>")).profile_link_authors ==
          V{"Kim Park"});
    // a product's page links its reviewers, not its writer
    CHECK(meta_of("<html><head><link rel=canonical href=\"https://shop.example.com/p/1\">"
                  "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Oak desk\"}</script>"
                  "</head><body><h1>Oak desk</h1><a href=\"/users/bo\">Bo C</a></body></html>")
              .profile_link_authors.empty());
}

TEST_CASE("html metadata: JSON-LD with raw line breaks in strings still parses") {
    PageMeta m = meta_of("<head><script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"Two\nlines\","
                         "\"author\":\"Kim Park\"}</script></head><body></body>");
    CHECK(*m.title == "Two lines");
    CHECK(m.authors == std::vector<std::string>{"Kim Park"});
}

TEST_CASE("html metadata: meta author, article:published_time, <time datetime>, <html lang>") {
    PageMeta m = meta_of("<html lang=\"pt_BR\"><head><meta name=\"author\" content=\"By Joana Silva and Rui Costa\">"
                         "<meta property=\"article:published_time\" content=\"2018/10/05\"></head><body></body></html>");
    CHECK(m.authors == std::vector<std::string>{"Joana Silva", "Rui Costa"});
    CHECK(m.date == std::optional<std::string>("2018-10-05"));
    CHECK(m.language == std::optional<std::string>("pt-BR"));
    PageMeta t = meta_of("<body><time datetime=\"Sun, 24 Feb 2019 10:15:00 GMT\">Sunday</time></body>");
    CHECK(t.date == std::optional<std::string>("2019-02-24T10:15:00Z"));
}

TEST_CASE("html metadata: dates as pages write them") {
    CHECK(normalize_date("2019-02-24") == "2019-02-24");
    CHECK(normalize_date("2019-02-24 10:15:07") == "2019-02-24T10:15:07");
    CHECK(normalize_date("2019-02-24T10:15:07.123-0500") == "2019-02-24T10:15:07-05:00");
    CHECK(normalize_date("24 Feb 2019") == "2019-02-24");
    CHECK(normalize_date("February 24, 2019") == "2019-02-24");
    CHECK(normalize_date("yesterday").empty());
    CHECK(normalize_date("2019-13-40").empty());
}

TEST_CASE("html metadata: language tags") {
    CHECK(normalize_language("en") == "en");
    CHECK(normalize_language("EN_us") == "en-US");
    CHECK(normalize_language("zh-Hant-TW") == "zh-Hant-TW");
    CHECK(normalize_language("x").empty());
    CHECK(normalize_language("").empty());
}

TEST_CASE("html metadata: site names come off titles, hyphens inside words stay") {
    CHECK(strip_site_name("Headline here | Site", "") == "Headline here");
    CHECK(strip_site_name("Site - Headline that is long", "Site") == "Headline that is long");
    CHECK(strip_site_name("COVID-19 cases rise again", "") == "COVID-19 cases rise again");
    CHECK(strip_site_name("武汉的声音：有英勇的你，才有英雄的城！-新华网", "") == "武汉的声音：有英勇的你，才有英雄的城！");
    CHECK(strip_site_name("Short - Also short", "") == "Short - Also short");
}

TEST_CASE("html metadata: the host's main label") {
    CHECK(host_label("https://forums.harbourtalk.com/t/1") == "harbourtalk");
    CHECK(host_label("http://www.tidepost.co.uk/news?id=2") == "tidepost");
    CHECK(host_label("https://quay.example.org:8080/") == "example");
    CHECK(host_label("localhost").empty());
    CHECK(host_label("").empty());
}

TEST_CASE("html metadata: title parts that name the site come off either end") {
    SiteNames site;
    site.keys = {compare_key("Tide Post")};
    site.host_label = host_label("https://news.harbourtalk.org/a");
    CHECK(site.names("Tide Post"));
    CHECK(site.names("HarbourTalk"));
    CHECK(site.names("Harbour Talk Forums"));  // the label and a word
    CHECK(site.names("Harbour"));              // a word of the label
    CHECK_FALSE(site.names("Harbour Talk: the ferry timetable for the winter"));
    CHECK_FALSE(site.names("Ferry news"));
    // the last part, then the first, several times
    CHECK(strip_site_name("Ferry timetable changes | Tide Post", site) == "Ferry timetable changes");
    CHECK(strip_site_name("Harbour Talk Forums - Ferries - Winter timetable | Tide Post", site) ==
          "Ferries - Winter timetable");
    // a title that is only the site keeps its last part
    CHECK(strip_site_name("Tide Post", site) == "Tide Post");
}

TEST_CASE("html metadata: a title from the head is its leading part") {
    CHECK(leading_title_part("Standing desks | Height adjustable, delivered free") == "Standing desks");
    CHECK(leading_title_part("Ferry review: the new boat - and the old quay") == "Ferry review: the new boat");
    CHECK(leading_title_part("Review: the new ferry") == "Review: the new ferry");  // the colon stays
    CHECK(leading_title_part("COVID-19 cases rise") == "COVID-19 cases rise");
    // no site on either side: og:title's leading part
    PageMeta m = meta_of(
        "<html><head><meta property=\"og:title\" content=\"Standing desks | Height adjustable, delivered free\">"
        "</head><body><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Standing desks");
    // a visible <h1> that agrees with the leading part is the title
    m = meta_of(
        "<html><head><title>Oak standing desk - Solid wood, two motors | Deskshop</title></head>"
        "<body><h1>Oak standing desk</h1><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Oak standing desk");
    CHECK(m.title_node != no_node);
}

TEST_CASE("html metadata: a declared article is titled by its visible headline") {
    // the head's SEO title and the headline differ in their words
    auto page = [](const std::string& declare) {
        return "<html><head><title>Best night ferries 2026 | Tide Post</title>"
               "<meta property=\"og:title\" content=\"Best night ferries 2026\">" + declare +
               "</head><body><h1 class=logo><a href=\"/\">Tide Post</a></h1>"
               "<h1>Seven night ferries worth the late crossing</h1><p>x</p></body></html>";
    };
    PageMeta m = meta_of(page("<meta property=\"og:type\" content=\"article\">"));
    REQUIRE(m.title);
    CHECK(*m.title == "Seven night ferries worth the late crossing");
    CHECK(m.title_node != no_node);
    m = meta_of(page("<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\",\"author\":\"Ana Lima\"}</script>"));
    CHECK(*m.title == "Seven night ferries worth the late crossing");
    // a page that does not say what it is keeps the head's title
    m = meta_of(page(""));
    CHECK(*m.title == "Best night ferries 2026");
    CHECK(m.title_node == no_node);
}

TEST_CASE("html metadata: a heading's permalink mark and the site's name are not its title") {
    PageMeta m = meta_of(
        "<html><head><title>Quickstart - Harbour docs</title></head><body>"
        "<h1>Quickstart<a class=headerlink href=\"#quickstart\">\u00B6</a></h1><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Quickstart");
    m = meta_of(
        "<html><head><title>Usage - Harbour docs</title></head><body>"
        "<h1>Usage <a href=\"#usage\">#</a></h1><p>x</p></body></html>");
    CHECK(*m.title == "Usage");
    // "C#" is a name, not a mark
    m = meta_of("<html><head><title>Learning C# - Harbour docs</title></head><body><h1>Learning C#</h1></body></html>");
    CHECK(*m.title == "Learning C#");
    // an <h1> that repeats the <title> with the site's name
    m = meta_of(
        "<html><head><link rel=canonical href=\"https://www.tidepost.com/ferries\">"
        "<title>Ferry news and reporting | Tide Post</title></head><body>"
        "<h1>Ferry news and reporting | TidePost</h1><p>x</p></body></html>");
    CHECK(*m.title == "Ferry news and reporting");
    // the site's name on its own is not the title
    m = meta_of(
        "<html><head><link rel=canonical href=\"https://www.tidepost.com/ferries\">"
        "<title>Ferries return</title></head><body><h1>Tide Post</h1><h1>Ferries return</h1></body></html>");
    CHECK(*m.title == "Ferries return");
}

TEST_CASE("html metadata: an <h2> agrees only with a whole title, not a leading part") {
    // a section heading repeats the title's first word; the page's title is
    // og:title's leading part, and no heading element is the headline
    PageMeta m = meta_of(
        "<html><head><meta property=\"og:title\" content=\"Webcams - live views of the quay and the harbour\">"
        "</head><body><h2>Webcams</h2><p>x</p></body></html>");
    REQUIRE(m.title);
    CHECK(*m.title == "Webcams");
    CHECK(m.title_node == no_node);
    // with the whole title it is the headline
    m = meta_of(
        "<html><head><meta property=\"og:title\" content=\"Live views of the quay\">"
        "</head><body><h2>Live views of the quay</h2><p>x</p></body></html>");
    CHECK(*m.title == "Live views of the quay");
    CHECK(m.title_node != no_node);
}

TEST_CASE("html metadata: names from bylines in several languages") {
    CHECK(names_from_byline("By Dana A. Ford, James S.A. Corey and Tom Watkins, CNN") ==
          std::vector<std::string>{"Dana A. Ford", "James S.A. Corey", "Tom Watkins", "CNN"});
    CHECK(names_from_byline("بقلم مازن إسلام") == std::vector<std::string>{"مازن إسلام"});
    CHECK(names_from_byline("Byron Smith") == std::vector<std::string>{"Byron Smith"});
    CHECK(names_from_byline("By Seth Fiegerman2014-01-26 21:32 UTC") == std::vector<std::string>{"Seth Fiegerman"});
}

TEST_CASE("html metadata: where a byline's names end") {
    using V = std::vector<std::string>;
    // a date after the names, and the month, weekday and linking words before it
    CHECK(names_from_byline("Ana Lima Apr 12, 2024") == V{"Ana Lima"});
    CHECK(names_from_byline("Posted by Bo Chen on Friday December 19, 2025") == V{"Bo Chen"});
    CHECK(names_from_byline("Kim Park Last updated on 3 May 2024") == V{"Kim Park"});
    // a month name that is not followed by a date is a name
    CHECK(names_from_byline("By Theresa May") == V{"Theresa May"});
    // a mark after which a role or a date follows
    CHECK(names_from_byline("Ana Lima \u00B7 Dec 18") == V{"Ana Lima"});
    CHECK(names_from_byline("Bo Chen - Staff writer") == V{"Bo Chen"});
    CHECK(names_from_byline("Kim Park | Editor") == V{"Kim Park"});
    // digits inside a word are a user name's, not a date
    CHECK(names_from_byline("quaywalker203") == V{"quaywalker203"});
    CHECK(names_from_byline("Author: ferry_fan42") == V{"ferry_fan42"});
    // a bracket that closes one the name opens stays
    CHECK(names_from_byline("Jean-Luc Roux (Tide Post)") == V{"Jean-Luc Roux (Tide Post)"});
    // a name that opens with digits is a name; an ordinal is a date's
    CHECK(names_from_byline("By 3i Global") == V{"3i Global"});
    CHECK(names_from_byline("Tide Post November 26th, 2025") == V{"Tide Post"});
    // a name a page writes twice for two layouts, once
    CHECK(names_from_byline("Ana Lima Ana Lima") == V{"Ana Lima"});
    CHECK(names_from_byline("Ana Ana Lima") == V{"Ana Ana Lima"});
    // a date's word on its own names no one
    CHECK(names_from_byline("Updated").empty());
    CHECK(names_from_byline("Ana Lima, Dec") == V{"Ana Lima"});
}

TEST_CASE("html metadata: letters after a name belong to it") {
    using V = std::vector<std::string>;
    CHECK(names_from_byline("By Ana Lima, MD, PhD") == V{"Ana Lima, MD, PhD"});
    CHECK(names_from_byline("Bo Chen, Ph.D.") == V{"Bo Chen, Ph.D."});
    CHECK(names_from_byline("Kim Park, CFP\u00AE and Ana Lima, MS, RD") == V{"Kim Park, CFP\u00AE", "Ana Lima, MS, RD"});
    // an organisation after the names is not a degree
    CHECK(names_from_byline("Ana Lima and Bo Chen, Tide Post") == V{"Ana Lima", "Bo Chen", "Tide Post"});
}

TEST_CASE("html metadata: byline lines") {
    CHECK(byline_tail("By Ana Lima") == "Ana Lima");
    CHECK(byline_tail("By 3i Global") == "3i Global");
    CHECK(byline_tail("حوار: آسيا العتروس") == "آسيا العتروس");
    CHECK(byline_tail("【纠错】 责任编辑： 焦鹏") == "焦鹏");
    CHECK(byline_tail("By the way, this is not a byline.").empty());
    CHECK(byline_tail("The committee met today.").empty());
}

TEST_CASE("html metadata: the site and organisations are not people") {
    PageMeta m;
    m.publisher = "The Paper";
    m.organisations = {"Newsroom Inc"};
    m.canonical_url = "https://www.akhbarelyom.com/news/1";
    CHECK(is_organisation(m, "The Paper"));
    CHECK(is_organisation(m, "newsroom inc."));
    CHECK(is_organisation(m, "akhbarelyom"));
    CHECK_FALSE(is_organisation(m, "Ana Lima"));
}

TEST_CASE("html metadata: references escaped twice in meta tags and <title>") {
    PageMeta m = meta_of("<head><meta property=\"og:title\" content=\"Ferries &amp;amp; quays &amp;#8217;24\">"
                         "</head><body></body>");
    CHECK(*m.title == "Ferries & quays \u201924");
    m = meta_of("<head><title>The Cream with TFC8&amp;reg; - Tide Shop</title></head><body></body>");
    CHECK(*m.title == "The Cream with TFC8\u00AE");
}

TEST_CASE("html metadata: references left in JSON-LD text") {
    CHECK(decode_references("Tom &amp; Jerry&#8217;s &hellip;") == "Tom & Jerry\u2019s \u2026");
    CHECK(decode_references("AT&T; &bogus; & more") == "AT&T; &bogus; & more");
}
