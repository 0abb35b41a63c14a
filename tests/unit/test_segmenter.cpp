// The plain-text segmenter, stage by stage: split_lines, describe_lines,
// classify_lines, assemble_document, and the helpers they use.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "scrapedoc.hpp"

using namespace scrapedoc;
using namespace scrapedoc::readers::text_segmenter;

namespace {

struct Page {
    std::string text;
    TextArena arena;
    std::vector<Line> lines;
    explicit Page(std::string t) : text(std::move(t)) {
        lines = split_lines(text, arena);
        describe_lines(lines, arena);
    }
    const Line& line(std::size_t number) const { return lines.at(number - 1); }
};

// A whole-page dump: menu, site line, headline, byline, date, share widget,
// class residue, caption with credit, paragraphs, a heading, a list, a
// related block and a footer.
const char* const page_text =
    "Home\n"
    "News\n"
    "Sport\n"
    "Weather\n"
    "Riverside Courier | Local\n"
    "Town council approves new footbridge over the Ashford river\n"
    "By Anna Berg and Tom Hale\n"
    "March 4, 2024 10:15 AM\n"
    "Share this\n"
    "post-title\n"
    "The bridge site seen from the east bank. (Photo: Lena Ivers/Courier)\n"
    "\n"
    "The town council voted on Monday to build a footbridge over the Ashford river, ending a debate that has run for "
    "almost ten years and divided the two halves of the town.\n"
    "\n"
    "The bridge will cost about 2.4 million, most of it paid by a regional grant, and should open next spring if the "
    "work starts on time.\n"
    "\n"
    "What residents said\n"
    "\n"
    "Most of the people who spoke at the meeting were in favour, though some worried about parking near the east "
    "bank and about noise during the works.\n"
    "\n"
    "The council listed three conditions:\n"
    "• A survey of the river bed before work starts\n"
    "• No work at night\n"
    "• A public report every three months\n"
    "\n"
    "Work is expected to begin in the autumn, once the survey is done and the contracts are signed, the council "
    "said.\n"
    "\n"
    "Related stories\n"
    "Ferry prices to rise in May\n"
    "New bus timetable for the east bank\n"
    "© 2024 Riverside Courier. All rights reserved.\n";

}  // namespace

TEST_CASE("split_lines: one line per input line, numbered, white space collapsed") {
    TextArena arena;
    std::string text = "  first\tline  \n\nthird\u00A0 line\nlast";
    auto lines = split_lines(text, arena);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].number == 1);
    CHECK(lines[0].text == "first line");
    CHECK(lines[1].text.empty());
    CHECK(lines[2].text == "third line");
    CHECK(lines[3].number == 4);
    // A final newline does not make an extra line.
    std::string with_newline = "a\nb\n";
    CHECK(split_lines(with_newline, arena).size() == 2);
}

TEST_CASE("split_lines: a line longer than a LineView's 16-bit length is kept whole") {
    TextArena arena;
    const std::string long_line(70000, 'x');
    std::string text = "short\n" + long_line + "\n  " + long_line + "  \n";
    auto lines = split_lines(text, arena);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "short");
    CHECK(lines[1].text.size() == long_line.size());
    CHECK(lines[1].text == long_line);
    CHECK(lines[1].text.data() == text.data() + 6);  // a view of the input, not a copy
    CHECK(lines[2].text == long_line);               // the spaces at its ends dropped
    CHECK_FALSE(lines[1].text.empty());
}

TEST_CASE("describe_lines: punctuation, bullets, dates, residue, cues") {
    Page p(page_text);
    CHECK(p.line(1).cue == "navigation");
    CHECK(p.line(6).terminal == false);
    CHECK(p.line(7).byline_cue);
    CHECK(p.line(8).date_like);
    CHECK(p.line(9).cue == "share-widget");
    CHECK(p.line(10).residue);
    CHECK(p.line(11).credit_cue);
    CHECK(p.line(13).terminal);
    CHECK(p.line(13).sentence_marks >= 1);
    CHECK(p.line(13).blank_before);
    CHECK(p.line(21).ends_with_colon);
    CHECK(p.line(22).bullet);
    CHECK_FALSE(p.line(22).numbered);
    CHECK(p.line(28).cue == "related-link");
    CHECK(p.line(31).cue == "footer");
    CHECK(p.line(31).copyright);
}

TEST_CASE("describe_lines: weight counts CJK characters as more than Latin letters") {
    CHECK(text_weight("abcd") == doctest::Approx(4));
    CHECK(text_weight("東京都") > 6);
    // Combining marks do not add length.
    CHECK(text_weight("e\u0301") == doctest::Approx(1));
}

TEST_CASE("classify_lines: the article, its headline and what stands around it") {
    Page p(page_text);
    classify_lines(p.lines, p.arena);
    CHECK(p.line(1).kind == Kind::dropped);
    CHECK(p.line(1).reason == "navigation");
    CHECK(p.line(5).reason == "site-name");
    CHECK(p.line(6).kind == Kind::title);
    CHECK(p.line(7).kind == Kind::byline);
    CHECK(p.line(8).kind == Kind::date);
    CHECK(p.line(9).reason == "share-widget");
    CHECK(p.line(10).reason == "markup-residue");
    CHECK(p.line(11).kind == Kind::figure);
    CHECK(p.line(13).kind == Kind::paragraph);
    CHECK(p.line(17).kind == Kind::heading);
    CHECK(p.line(21).kind == Kind::paragraph);
    CHECK(p.line(22).kind == Kind::list_item);
    CHECK(p.line(26).kind == Kind::paragraph);
    CHECK(p.line(28).reason == "related-link");
    CHECK(p.line(29).reason == "related-link");
    CHECK(p.line(30).reason == "related-link");
    CHECK(p.line(31).reason == "footer");
}

TEST_CASE("assemble_document: meta, sections, lists, figures; every line accounted for") {
    Page p(page_text);
    classify_lines(p.lines, p.arena);
    Document doc = assemble_document(p.lines, p.arena);
    CHECK(doc.meta.title == "Town council approves new footbridge over the Ashford river");
    CHECK(doc.meta.authors == std::vector<std::string>{"Anna Berg", "Tom Hale"});
    CHECK(doc.meta.publisher == "Riverside Courier");
    CHECK(doc.meta.date == "2024-03-04");
    CHECK(doc.byline == "By Anna Berg and Tom Hale");
    REQUIRE(doc.blocks.size() == 4);
    const auto& fig = std::get<Figure>(doc.blocks[0]);
    CHECK(fig.caption == "The bridge site seen from the east bank.");
    CHECK(fig.credit == "Lena Ivers/Courier");
    CHECK(std::holds_alternative<Paragraph>(doc.blocks[1]));
    const auto& section = std::get<Section>(doc.blocks[3]);
    CHECK(section.heading == "What residents said");
    CHECK(section.level == 2);
    REQUIRE(section.blocks.size() == 4);
    const auto& list = std::get<List>(section.blocks[2]);
    CHECK_FALSE(list.ordered);
    CHECK(list.items == std::vector<std::string>{"A survey of the river bed before work starts", "No work at night",
                                                 "A public report every three months"});
    // Each non-blank line is meta, a block, or dropped with its number (the
    // date line is both: meta.date holds it normalised).
    std::size_t nonblank = 0;
    for (const auto& l : p.lines) nonblank += l.kind != Kind::blank;
    std::size_t in_blocks = 1 /*figure*/ + 2 + 1 /*heading*/ + 2 + 3 /*items*/ + 1;
    std::size_t in_meta = 2;  // title, byline
    CHECK(doc.dropped.size() + in_blocks + in_meta == nonblank);
    CHECK(doc.dropped.size() == 12);
}

TEST_CASE("duplicates: the exact copy and the near copy are dropped, the well-formed one kept") {
    std::string text =
        "Headline about the harbour works that will take two years\n\n"
        "The harbour works will start in June, the port authority said on Monday, after years of delay.\n\n"
        "The new quay will be longer than the old one, which was damaged in a storm three winters ago.\n\n"
        "The new quay will be longer than the old one which was damaged in a storm three wintersago.\n\n"
        "The harbour works will start in June, the port authority said on Monday, after years of delay.\n";
    TextArena arena;
    auto lines = split_lines(text, arena);
    describe_lines(lines, arena);
    classify_lines(lines, arena);
    Document doc = assemble_document(lines, arena);
    REQUIRE(doc.dropped.size() == 2);
    CHECK(doc.dropped[0].line == 7);  // the near copy missing a comma and a space
    CHECK(doc.dropped[0].reason == "duplicate");
    CHECK(doc.dropped[1].line == 9);  // the exact copy
    CHECK(doc.blocks.size() == 2);
}

TEST_CASE("parse_date: calendars and orders") {
    CHECK(parse_date("March 11, 2025 4:07 PM GMT") == "2025-03-11");
    CHECK(parse_date("15 марта 2024, 12:40") == "2024-03-15");
    CHECK(parse_date("2024年6月12日 10時05分") == "2024-06-12");
    CHECK(parse_date("GMT 17:27 17.03.2020") == "2020-03-17");
    CHECK(parse_date("2020-02-19 20:29:58") == "2020-02-19");
    CHECK(parse_date("الأربعاء، 07 أكتوبر 2020 - 12:09 م") == "2020-10-07");
    CHECK(parse_date("יום שלישי, 14 במאי 2024, 08:12") == "2024-05-14");
    // Solar Hijri, converted to the Gregorian calendar.
    CHECK(parse_date("۱۲ اردیبهشت ۱۴۰۳ - ۰۹:۴۰") == "2024-05-01");
    CHECK_FALSE(parse_date("Updated 2 hours ago").has_value());
    CHECK_FALSE(parse_date("0 21").has_value());
    CHECK_FALSE(parse_date("2024-13-45").has_value());
}

TEST_CASE("split_credit: credits in brackets, after a dash, after the last sentence, alone") {
    auto a = split_credit("Crowds at the gate (Photo: A. Smith/AP)");
    REQUIRE(a);
    CHECK(a->caption == "Crowds at the gate");
    CHECK(a->credit == "A. Smith/AP");
    auto b = split_credit("فلاديمير بوتين وشي جين بينج - أرشيفية");
    REQUIRE(b);
    CHECK(b->caption == "فلاديمير بوتين وشي جين بينج");
    CHECK(b->credit == "أرشيفية");
    auto c = split_credit("The tram at the pier. Фото: пресс-служба");
    REQUIRE(c);
    CHECK(c->caption == "The tram at the pier.");
    CHECK(c->credit == "пресс-служба");
    auto d = split_credit("Foto: Javier Ruiz / Reuters");
    REQUIRE(d);
    CHECK(d->caption.empty());
    CHECK(d->credit == "Javier Ruiz / Reuters");
    auto e = split_credit("屋顶菜园的“管理员”由居民轮流担任（王晓 摄）");
    REQUIRE(e);
    CHECK(e->credit == "王晓");
    CHECK_FALSE(split_credit("The council met on Monday - and voted").has_value());
    CHECK_FALSE(split_credit("Photo").has_value());
}

TEST_CASE("describe_lines: the credit cue is split_credit's answer, given the label it already looked up") {
    // describe_lines hands split_credit the length of the credit label a
    // line opens with; split_credit(line) looks it up itself.
    const std::vector<std::string> texts = {"Photo: A. Smith",
                                            "Фото: пресс-служба",
                                            "Photo",
                                            "Foto: Javier Ruiz / Reuters",
                                            "Crowds at the gate (Photo: A. Smith/AP)",
                                            "The tram at the pier. Фото: пресс-служба",
                                            "© Reuters",
                                            "Getty Images",
                                            "The council met on Monday - and voted"};
    std::string page;
    for (const std::string& t : texts) page += t + "\n\n";
    Page p(page);
    std::size_t credits = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const Line& line = p.line(2 * i + 1);
        REQUIRE(line.text == texts[i]);
        if (!line.cue.empty()) continue;
        CHECK_MESSAGE(line.credit_cue == split_credit(texts[i]).has_value(), texts[i]);
        credits += line.credit_cue;
    }
    CHECK(p.line(1).credit_cue);
    CHECK(p.line(3).credit_cue);
    CHECK_FALSE(p.line(5).credit_cue);
    CHECK(credits >= 6);
}

TEST_CASE("cue_key and cue lists") {
    CHECK(cue_key("  • Share This:  ") == "share this");
    CHECK(cue_key("اقرأ أيضًا:") == cue_key("اقرأ أيضا"));  // vowel marks do not count
    CHECK(boilerplate_reason(cue_key("Read more: the ferry returns")) == "related-link");
    CHECK(boilerplate_reason(cue_key("We use cookies to improve this site"), true) == "cookie-banner");
    CHECK(boilerplate_reason(cue_key("The ferry returns in May")).empty());
    const CueList& byline = cue_list("byline");
    CHECK(byline.prefix_length(cue_key("By Anna Berg")) == 2);
    CHECK(byline.prefix_length(cue_key("Bypass opens")) == 0);  // a word boundary is needed
    CHECK(cue_list("byline-suffix").suffix_length(cue_key("구현모 기자")) > 0);
}

TEST_CASE("text reader: language, direction and explain through the public API") {
    std::vector<explain_entry> explain;
    read_options options;
    options.explain = &explain;
    options.format = "text";
    Document doc = read(page_text, options);
    CHECK(doc.meta.language == "en");
    CHECK(doc.meta.direction == Direction::ltr);
    CHECK(doc.meta.source.format == "text");
    CHECK(doc.meta.source.sha256.size() == 64);
    CHECK(explain.size() == 24);  // every non-blank line
    CHECK(explain.front().kind == "dropped:navigation");

    Document ar = read("عنوان المقال عن المدينة\n\nهذه فقرة طويلة بما يكفي لتكون نصًا، وهي مكتوبة باللغة العربية من اليمين إلى "
                       "اليسار، وتتحدث عن المدينة وسكانها.\n");
    CHECK(ar.meta.language == "ar");
    CHECK(ar.meta.direction == Direction::rtl);
}

TEST_CASE("text reader: a text without paragraphs keeps every line") {
    Document doc = read("Shopping list\n- eggs\n- milk\n- bread\n");
    CHECK(doc.meta.title == "Shopping list");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(std::get<List>(doc.blocks[0]).items.size() == 3);
}

TEST_CASE("text reader: duplicates of lines are dropped by the reader, of joined quotes by the shared pass") {
    const std::string page =
        "Harbor towns weigh the cost of a longer ferry season\n\n"
        "The council met on Monday to weigh the cost of running the ferry for two more months each year, a plan "
        "that would need new crews.\n\n"
        "“The ferry is the only way most of us get to work in winter.”\n— Mara Lindqvist\n\n"
        "The plan would cost the town about four hundred thousand a year, most of it for fuel and the wages of the "
        "extra crews it needs.\n\n"
        "“The ferry is the only way most of us get to work in winter.” — Mara Lindqvist\n\n"
        "The council met on Monday to weigh the cost of running the ferry for two more months each year, a plan "
        "that would need new crews.\n";
    Document doc = read(page, read_options{.format = "text"});
    std::vector<std::pair<std::string, std::size_t>> duplicates;
    for (const auto& d : doc.dropped)
        if (d.reason == "duplicate") duplicates.emplace_back(d.text, d.line);
    REQUIRE(duplicates.size() == 2);
    CHECK(duplicates[0].second == 12);  // the repeated paragraph: by the reader, with its line
    // The quote joined with its attribution equals the one-line paragraph:
    // only the shared pass sees that text.
    CHECK(duplicates[1].first == "“The ferry is the only way most of us get to work in winter.” — Mara Lindqvist");
    CHECK(duplicates[1].second == 0);
}

TEST_CASE("classify_lines: without notes, every line gets the same kind and reason") {
    // Without notes the headline's words are counted only when the counts
    // can change which line wins; the outcome must be the one the counts give.
    std::vector<std::string> pages = {page_text};
    for (const auto& entry : std::filesystem::directory_iterator(SCRAPEDOC_SOURCE_DIR "/samples")) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        pages.push_back(text.str());
    }
    // Variants that move the candidates: each of the first lines left out,
    // the first two swapped, the first line repeated.
    const std::size_t originals = pages.size();
    for (std::size_t k = 0; k < originals; ++k) {
        std::vector<std::string> lines;
        std::stringstream in(pages[k]);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        auto join = [](const std::vector<std::string>& ls) {
            std::string out;
            for (const auto& l : ls) (out += l) += '\n';
            return out;
        };
        for (std::size_t drop = 0; drop < std::min<std::size_t>(lines.size(), 10); ++drop) {
            auto v = lines;
            v.erase(v.begin() + static_cast<std::ptrdiff_t>(drop));
            pages.push_back(join(v));
        }
        // A headline-shaped line whose words the article does not use, put
        // before each of the first lines: the counts tell it from the
        // headline.
        for (std::size_t at = 0; at < std::min<std::size_t>(lines.size(), 8); ++at) {
            auto v = lines;
            v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), "Quarterly garden festival draws record crowds downtown");
            pages.push_back(join(v));
        }
        if (lines.size() > 2) {
            auto v = lines;
            std::swap(v[0], v[1]);
            pages.push_back(join(v));
            v = lines;
            v.insert(v.begin(), lines[0]);
            pages.push_back(join(v));
        }
    }
    std::size_t counted = 0, not_counted = 0;
    for (const auto& text : pages) {
        Page with(text), without(text);
        classify_lines(with.lines, with.arena, true);
        classify_lines(without.lines, without.arena, false);
        REQUIRE(with.lines.size() == without.lines.size());
        for (std::size_t i = 0; i < with.lines.size(); ++i) {
            CAPTURE(text.substr(0, 80));
            CAPTURE(i + 1);
            CHECK(with.lines[i].kind == without.lines[i].kind);
            CHECK(std::string_view(with.lines[i].reason) == std::string_view(without.lines[i].reason));
            if (without.lines[i].kind == Kind::title) ++(without.lines[i].note().empty() ? not_counted : counted);
        }
    }
    // Both ways were taken: some headlines needed the counts, some did not.
    CHECK(counted > 0);
    CHECK(not_counted > 0);
}
