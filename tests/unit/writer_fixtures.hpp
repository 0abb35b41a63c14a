// Hand-built documents for the writer tests: each exercises a part of the
// model the readers may not produce yet (tables, nested sections, blocks after
// a subsection, Markdown-looking text, absent fields).
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"

namespace scrapedoc::test {

inline Source test_source(std::string name, std::string format = "text") {
    // Any 64 lower-case hex digits will do: the writers copy it as it is.
    return Source{std::move(name), std::move(format), "5d41402abc4b2a76b9719d911017c592aa08a4b0e6d9f0e3c8a5b7c9d1e2f3a4"};
}

// An Arabic news page shaped like the seed: RTL, byline with the author's
// name inside, a captioned photo with an archive credit, sections.
inline Document arabic_news() {
    Document d;
    d.meta.title = "عبر بوابة الصين.. روسيا تبحث عن الريادة في \"الذكاء الاصطناعي\"";
    d.meta.authors = {"مازن إسلام"};
    d.meta.publisher = "القاهرة الإخبارية";
    d.meta.date = "2024-11-05";
    d.meta.language = "ar";
    d.meta.direction = Direction::rtl;
    d.meta.page_type = PageType::article;
    d.meta.source = test_source("000_seed.txt");
    d.byline = "القاهرة الإخبارية - مازن إسلام";
    d.blocks = {
        Figure{"فلاديمير بوتين وشي جين بينج", "أرشيفية", std::nullopt, std::nullopt},
        Paragraph{"في خطوة تهدف إلى تقليص الاعتماد على التقنيات الغربية، أصدر الرئيس الروسي توجيهًا."},
        Paragraph{"ويأتي هذا التوجيه في وقت حساس بالنسبة للعلاقات الدولية."},
        Section{"تحدي الهيمنة الغربية", 2,
                {Paragraph{"وتأتي هذه المبادرة في إطار جهود روسيا المُستمرة."},
                 Quote{"الذكاء الاصطناعي يُعد أحد الأسلحة الرئيسة في الصراع التكنولوجي."},
                 List{false, {"التعلم الآلي", "الرؤية الحاسوبية"}}}},
        Section{"آفاق المستقبل", 2, {Paragraph{"ومن المتوقع أن يشمل التعاون مجالات عدة."}}},
    };
    d.dropped = {{"• مشاركة :", "share-widget", 5}, {"post-title", "markup-residue", 2}};
    d.warnings = {{"repaired an invalid byte", 17}};
    return d;
}

// An English page with deep structure: sections at three levels, blocks after
// a subsection (at section level and at the top level), tables with and
// without a header row, an image figure with alt text, two authors.
inline Document nested_english() {
    Document d;
    d.meta.title = "Harbour ferry returns after twenty years";
    d.meta.subtitle = "The city's oldest crossing reopens";
    d.meta.authors = {"Jane Doe", "John Roe"};
    d.meta.publisher = "Example News";
    d.meta.date = "2024-05-01T09:30:00Z";
    d.meta.language = "en";
    d.meta.page_type = PageType::documentation;
    d.meta.source = test_source("harbour ferry.html", "html");
    d.byline = "By Jane Doe and John Roe | Example News";
    d.blocks = {
        Paragraph{"The ferry crossed at dawn."},
        Figure{"The ferry at the north pier", "Photo: J. Doe", "https://example.org/img/ferry 1.jpg", "A white ferry"},
        Section{"History", 2,
                {Paragraph{"It first sailed in 1898."},
                 Section{"The long pause", 3,
                         {Paragraph{"Service stopped in 2004."},
                          Section{"Why it stopped", 4, {List{true, {"Costs rose", "Riders fell"}}}}}},
                 Paragraph{"The council voted to restore it."},
                 Table{true, {{"Year", "Riders"}, {"2003", "1,200"}, {"2024", "3,400"}}}}},
        Paragraph{"Tickets cost two euros."},
        Table{false, {{"Mon", "07:00"}, {"Tue"}}},
        Section{"Timetable", 2, {Quote{"We expect crowds on the first day."}}},
    };
    d.dropped = {{"Share this", "share-widget", 3}};
    return d;
}

// Text that looks like Markdown or markup in every place text goes.
inline Document markdown_lookalike() {
    Document d;
    d.meta.title = "# Not *a* heading <b>";
    d.meta.authors = {"A_B"};
    d.meta.language = "ar";
    d.meta.direction = Direction::rtl;
    d.meta.page_type = PageType::other;
    d.meta.source = test_source("lookalike.txt");
    d.byline = "كتب *A_B* [x](y)";
    d.blocks = {
        Paragraph{"*not emphasis* _nor this_ **nor this**"},
        Paragraph{"# not a heading"},
        Paragraph{"<b>not html</b> <!-- nor a comment --> &amp; &#123; &copy"},
        Paragraph{"[x](y) ![img](z) <https://example.org>"},
        Paragraph{"a | b | c"},
        Paragraph{"1. not a list"},
        Paragraph{"2) nor this"},
        Paragraph{"- nor a bullet"},
        Paragraph{"+ nor this"},
        Paragraph{"> not a quote"},
        Paragraph{"~~~ not a fence ~~struck~~"},
        Paragraph{"``` not a fence either `code`"},
        Paragraph{"---"},
        Paragraph{"==="},
        Paragraph{"back\\slash\\"},
        Paragraph{"النص العربي mixed with English *stars* و1. رقم | عمود"},
        Quote{"> *quoted* # text"},
        List{false, {"* star item", "1. numbered-looking item", "~~~"}},
        Section{"## section *title*", 2, {Paragraph{"[link]: /not-a-definition"}}},
        Table{true, {{"a|b", "*c*"}, {"\\", "~~d~~"}, {"1. e", "<f>"}}},
        Figure{"*caption* [x](y)", "_credit_", "https://example.org/a(1).jpg", "alt *text* [x]"},
    };
    return d;
}

// A page read from a web archive record: its source has the URL (with a
// space and non-ASCII letters, as crawlers store them), the retrieval time
// with a fraction of a second and the record's id.
inline Document archived_page() {
    Document d;
    d.meta.title = "Ferry timetable";
    d.meta.language = "en";
    d.meta.source = test_source("crawl.warc.gz", "html");
    d.meta.source.url = "http://127.0.0.1:8080/fähre/time table.html?a=1&b=<2>";
    d.meta.source.retrieved = "2024-05-01T09:30:12.250Z";
    d.meta.source.record_id = "urn:uuid:3f2b6c1e-8a0d-4c55-9f3e-1d2c3b4a5f60";
    d.blocks = {Paragraph{"Boats leave every forty minutes."}};
    return d;
}

// A forum thread whose language is not known: the page type alone in
// TEI's profileDesc (textClass without langUsage).
inline Document forum_without_language() {
    Document d;
    d.meta.title = "Which tide table do you trust?";
    d.meta.page_type = PageType::forum;
    d.meta.source = test_source("thread.html", "html");
    d.blocks = {Paragraph{"I sail from the north pier most weekends."}, Paragraph{"The harbour office one, every time."}};
    return d;
}

// A thread of posts: sections that name their writer and date (an ISO date,
// a date as the page gave it, none), a reply inside a post, a writer's name
// that looks like the end of an HTML comment, and a plain section after.
inline Document forum_thread() {
    Document d;
    d.meta.title = "Which tide table do you trust?";
    d.meta.language = "en";
    d.meta.page_type = PageType::forum;
    d.meta.source = test_source("thread-with-posts.html", "html");
    Section first{"harbourfan · November 8, 2024, 7:33pm", 2, {Paragraph{"I sail from the north pier most weekends."}}};
    first.author = "harbourfan";
    first.date = "2024-11-08T19:33:00Z";
    Section reply{"Re: tide tables", 3, {Quote{"The harbour office one."}, Paragraph{"Every time, and check it twice."}}};
    reply.author = "old salt -->";
    reply.date = "last Tuesday";
    Section second{"pier_ranger", 2, {Paragraph{"The app is wrong at spring tides."}, reply}};
    second.author = "pier_ranger";
    Section dated{"March 2024", 2, {Paragraph{"Closed: answered."}}};
    dated.date = "2024-03";
    d.blocks = {first, second, dated, Section{"Related threads", 2, {List{false, {"Moorings", "Fuel docks"}}}}};
    return d;
}

// Nothing known but the source: every optional field absent, no blocks.
inline Document empty_document() {
    Document d;
    d.meta.source = test_source("-");
    return d;
}

// Fields present but degenerate: a figure with nothing, an empty list and
// table (no TEI or Markdown form), a caption-only figure first, no title.
inline Document sparse_document() {
    Document d;
    d.meta.authors = {"Ana Pérez"};
    d.meta.language = "es";
    d.meta.date = "2024-02";
    d.meta.source = test_source("sparse.txt");
    d.blocks = {
        Figure{"Solo un pie de foto", std::nullopt, std::nullopt, std::nullopt},
        Figure{},
        List{true, {}},
        Table{false, {}},
        Paragraph{"Un párrafo."},
    };
    return d;
}

}  // namespace scrapedoc::test
