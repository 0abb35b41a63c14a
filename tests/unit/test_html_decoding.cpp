// HTML pages in legacy encodings come out exactly as their UTF-8 originals.
// Each page below is written here in UTF-8 and encoded at test time with ICU
// (windows-1256 Arabic, Shift_JIS Japanese, GB18030 Chinese, KOI8-R Russian,
// ISO-8859-1 French); the charset is then declared by <meta charset>, by
// <meta http-equiv>, by a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), or not
// at all, so ICU's detector must find it. Every variant is read through the
// public API with the format left to detection, and its JSON (less the input
// hash and the decoding notes) must equal the UTF-8 original's.
// Also: `--from auto` (format "auto") tells HTML from plain text.
#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include <string>
#include <vector>

#include "scrapedoc.hpp"

using namespace scrapedoc;

namespace {

struct Page {
    const char* lang;
    const char* charset;  // the legacy encoding this page is tested in
    const char* site;
    const char* title;
    std::vector<const char*> nav;
    std::vector<const char*> paragraphs;
};

// Made up for these tests: a few sentences of local news in each language,
// only characters the page's legacy charset has.
const std::vector<Page>& pages() {
    static const std::vector<Page> all = {
        {"ar", "windows-1256", "جريدة المدينة", "مكتبة الحي تفتح أبوابها من جديد",
         {"الرئيسية", "أخبار", "رياضة", "ثقافة"},
         {"أعادت مكتبة الحي القديمة فتح أبوابها صباح السبت بعد عامين من أعمال الترميم، واستقبلت مئات الزوار منذ "
          "الساعات الأولى.",
          "وقالت مديرة المكتبة إن القاعة الكبرى أصبحت أكثر إضاءة، وإن الرفوف الجديدة تتسع لضعف عدد الكتب التي "
          "كانت تضمها من قبل.",
          "وخصصت المكتبة ركنا للأطفال يقرأ فيه المتطوعون القصص بصوت عال كل يوم خميس بعد الظهر.",
          "هل ستعود المكتبة مكانا للقاء والدراسة كما كانت في الماضي؟ يأمل سكان الحي ذلك."}},
        {"ja", "Shift_JIS", "町の新聞", "駅前の古い書店が閉店へ",
         {"ホーム", "ニュース", "スポーツ", "文化"},
         {"駅前で六十年以上営業してきた小さな書店が、来月末で店を閉じることになった。",
          "店主の田中さんは「本を買う人が減ったのは寂しいが、長い間通ってくれたお客さんには感謝している」と話した。",
          "最後の一か月は、常連客が選んだ本を並べる特別な棚を店の入り口に置くという。",
          "閉店後の建物には、地域の人が集まれる読書室を作る計画もある。"}},
        {"zh", "GB18030", "城市日报", "城市河道完成清理工程",
         {"首页", "新闻", "体育", "文化"},
         {"经过半年的施工，流经老城区的河道清理工程于本周正式完成，河水比以前清澈了许多。",
          "附近的居民说，夏天傍晚沿着河边散步的人越来越多，孩子们也喜欢在岸边观察小鱼。",
          "河道管理处的张喆表示，今后每个季度都会检查水质，并在网站上公布结果。",
          "下一步，河道两旁还将种植更多树木，修建供行人休息的长椅。"}},
        {"ru", "KOI8-R", "Городские новости", "В городе открылся новый каток",
         {"Главная", "Новости", "Спорт", "Культура"},
         {"В субботу в центральном парке открылся новый каток, и уже в первый вечер на лёд вышли сотни горожан.",
          "Каток работает каждый день с десяти утра до одиннадцати вечера, а по выходным здесь играет живая музыка.",
          "Коньки можно взять напрокат у входа, а для детей есть отдельная площадка с инструкторами.",
          "Организаторы обещают, что каток будет открыт до конца февраля, если погода позволит."}},
        {"fr", "ISO-8859-1", "Le Journal du Quartier", "Le marché couvert rouvre ses portes",
         {"Accueil", "Actualités", "Sports", "Culture"},
         {"Après deux ans de travaux, le marché couvert du quartier a rouvert samedi matin, à la grande joie des "
          "habitants.",
          "Les étals de fromages, de légumes et de poissons ont retrouvé leur place sous la charpente métallique "
          "restaurée.",
          "« On a retrouvé notre marché », confie une commerçante installée ici depuis vingt ans.",
          "La mairie prévoit aussi des concerts gratuits le dimanche, dès le mois de juin, près de la fontaine."}},
    };
    return all;
}

// The page in UTF-8, with `declaration` (a <meta>, or nothing) on a line of
// its own in its head, so that every variant has the same line numbers (the
// dropped blocks carry them).
std::string html_page(const Page& p, const std::string& declaration) {
    std::string s = "<!DOCTYPE html>\n<html lang=\"" + std::string(p.lang) + "\">\n<head>\n" + declaration +
                    "\n<title>" + p.title + " | " + p.site + "</title>\n" + "<meta property=\"og:site_name\" content=\"" +
                    p.site + "\">\n</head>\n<body>\n<nav class=\"menu\"><ul>";
    for (const char* item : p.nav) s += std::string("<li><a href=\"/section\">") + item + "</a></li>";
    s += "</ul></nav>\n<article>\n<h1>" + std::string(p.title) + "</h1>\n";
    for (const char* para : p.paragraphs) s += std::string("<p>") + para + "</p>\n";
    s += "</article>\n<footer><p><a href=\"/\">" + std::string(p.site) + "</a></p></footer>\n</body>\n</html>\n";
    return s;
}

// UTF-8 -> `charset` with ICU; the conversion must be exact (checked by
// converting back), so a test page cannot silently hold a character the
// charset lacks.
std::string encode(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                             static_cast<int32_t>(utf8.size()), &status);
    REQUIRE_MESSAGE(U_SUCCESS(status), "ICU cannot encode to " << charset << ": " << u_errorName(status));
    out.resize(static_cast<std::size_t>(n));
    std::string back(out.size() * 4 + 16, '\0');
    status = U_ZERO_ERROR;
    n = ucnv_convert("UTF-8", charset, back.data(), static_cast<int32_t>(back.size()), out.data(),
                     static_cast<int32_t>(out.size()), &status);
    REQUIRE(U_SUCCESS(status));
    back.resize(static_cast<std::size_t>(n));
    REQUIRE_MESSAGE(back == utf8, "the page holds a character " << charset << " does not have");
    return out;
}

struct Result {
    Document doc;
    std::string json;  // without the input hash and the decoding notes
    std::vector<Warning> warnings;
};

Result convert(const std::string& bytes, const std::string& format = "auto") {
    read_options options;
    options.format = format;
    options.source_name = "page.html";
    Result r{read(bytes, options), {}, {}};
    r.warnings = r.doc.warnings;
    r.doc.meta.source.sha256.clear();
    r.doc.warnings.clear();
    r.json = write(r.doc, "json");
    return r;
}

bool has_repairs(const std::vector<Warning>& warnings) {
    for (const auto& w : warnings)
        if (w.message.find("U+FFFD") != std::string::npos || w.message.find("could not decode") != std::string::npos)
            return true;
    return false;
}

std::string warnings_text(const std::vector<Warning>& warnings) {
    std::string s;
    for (const auto& w : warnings) s += w.message + "; ";
    return s;
}

std::string all_text(const std::vector<Block>& blocks) {
    std::string s;
    for (const auto& b : blocks) {
        if (auto* p = std::get_if<Paragraph>(&b)) s += p->text + "\n";
        else if (auto* sec = std::get_if<Section>(&b)) s += sec->heading + "\n" + all_text(sec->blocks);
    }
    return s;
}

}  // namespace

TEST_CASE("html decoding: the UTF-8 originals read as intended") {
    for (const auto& p : pages()) {
        CAPTURE(std::string(p.lang));
        Result r = convert(html_page(p, "<meta charset=\"utf-8\">"));
        CHECK(r.doc.meta.source.format == "html");
        REQUIRE(r.doc.meta.title);
        CHECK(*r.doc.meta.title == p.title);
        CHECK(r.doc.meta.publisher == std::optional<std::string>(p.site));
        CHECK(r.doc.meta.language == std::optional<std::string>(p.lang));
        std::string text = all_text(r.doc.blocks);
        for (const char* para : p.paragraphs) CHECK_MESSAGE(text.find(para) != std::string::npos, para);
        CHECK(text.find(p.nav[1]) == std::string::npos);  // the menu is not article text
        CHECK(r.warnings.empty());
    }
}

TEST_CASE("html decoding: legacy charsets declared by <meta charset> and by http-equiv") {
    for (const auto& p : pages()) {
        std::string reference = convert(html_page(p, "<meta charset=\"utf-8\">")).json;
        const std::string cs = p.charset;
        const std::vector<std::string> declarations = {
            "<meta charset=\"" + cs + "\">",
            "<meta charset=" + cs + ">",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + cs + "\">",
            "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=" + cs + "'>",
            // a description before the declaration, as many pages have
            "<meta name=\"description\" content=\"local news\"> <meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=" + cs + "\">",
        };
        for (const auto& decl : declarations) {
            CAPTURE(std::string(p.lang));
            CAPTURE(decl);
            Result r = convert(encode(html_page(p, decl), p.charset));
            CHECK_MESSAGE(!has_repairs(r.warnings), warnings_text(r.warnings));
            // the declaration decided, not the detector
            CHECK(warnings_text(r.warnings).find("ICU detection") == std::string::npos);
            CHECK(r.doc.meta.source.format == "html");
            CHECK(r.json == reference);
        }
    }
}

TEST_CASE("html decoding: byte-order marks, which outrank a <meta> that says otherwise") {
    for (const auto& p : pages()) {
        std::string reference = convert(html_page(p, "<meta charset=\"utf-8\">")).json;
        // A page re-saved as Unicode that still declares its old charset:
        // the BOM decides, as in browsers.
        for (const std::string decl : {std::string(), "<meta charset=\"" + std::string(p.charset) + "\">"}) {
            std::string page = html_page(p, decl);
            struct Variant {
                const char* name;
                std::string bytes;
            };
            const std::vector<Variant> variants = {
                {"UTF-8 BOM", "\xEF\xBB\xBF" + page},
                {"UTF-16LE BOM", "\xFF\xFE" + encode(page, "UTF-16LE")},
                {"UTF-16BE BOM", "\xFE\xFF" + encode(page, "UTF-16BE")},
            };
            for (const auto& v : variants) {
                CAPTURE(std::string(p.lang));
                CAPTURE(std::string(v.name));
                CAPTURE(decl);
                Result r = convert(v.bytes);
                CHECK_MESSAGE(!has_repairs(r.warnings), warnings_text(r.warnings));
                CHECK(warnings_text(r.warnings).find("ICU detection") == std::string::npos);
                CHECK(r.doc.meta.source.format == "html");
                CHECK(r.json == reference);
            }
        }
    }
}

TEST_CASE("html decoding: undeclared legacy charsets are found by ICU detection") {
    for (const auto& p : pages()) {
        CAPTURE(std::string(p.lang));
        std::string reference = convert(html_page(p, "<meta charset=\"utf-8\">")).json;
        Result r = convert(encode(html_page(p, ""), p.charset));
        CHECK_MESSAGE(!has_repairs(r.warnings), warnings_text(r.warnings));
        CHECK(r.doc.meta.source.format == "html");
        CHECK_MESSAGE(r.json == reference, warnings_text(r.warnings));
        // the detection is reported
        CHECK(warnings_text(r.warnings).find("ICU detection") != std::string::npos);
    }
}

TEST_CASE("html decoding: --from auto tells HTML from plain text") {
    const Page& fr = pages().back();
    // An HTML page, in UTF-8 and in latin-1: the html reader.
    CHECK(convert(html_page(fr, "")).doc.meta.source.format == "html");
    CHECK(convert(encode(html_page(fr, ""), fr.charset)).doc.meta.source.format == "html");
    // A fragment without <html>, <head> or <body>, but full of tags.
    std::string fragment = "<div class=\"story\">\n<h1>" + std::string(fr.title) + "</h1>\n";
    for (const char* para : fr.paragraphs) fragment += std::string("<p>") + para + "</p>\n";
    for (const char* para : fr.paragraphs) fragment += std::string("<p><em>") + para + "</em></p>\n";
    fragment += "</div>\n";
    CHECK(convert(fragment).doc.meta.source.format == "html");
    // The same article as plain text: the text reader, even with a stray
    // angle bracket or two in it.
    std::string text = std::string(fr.title) + "\n\n";
    for (const char* para : fr.paragraphs) text += std::string(para) + "\n\n";
    text += "Horaires : 7 h < 13 h, et la fontaine <b> reste ouverte.\n";
    Result t = convert(text);
    CHECK(t.doc.meta.source.format == "text");
    REQUIRE(t.doc.meta.title);
    CHECK(*t.doc.meta.title == fr.title);
    CHECK(convert(encode(text, fr.charset)).doc.meta.source.format == "text");
    // A named format is obeyed: the page read as text keeps its markup.
    CHECK(convert(html_page(fr, ""), "text").doc.meta.source.format == "text");
}

// ICU's "gb2312" is strict EUC-CN and its "euc-kr" strict KS X 1001, while
// pages with those labels are GBK and windows-949 (UHC), as browsers read
// them: decode() maps such labels as the WHATWG Encoding Standard does.
TEST_CASE("html decoding: gb2312 and euc-kr labels on GBK and UHC bytes") {
    const Page& zh = pages()[2];
    REQUIRE(std::string(zh.lang) == "zh");
    std::string reference = convert(html_page(zh, "<meta charset=\"utf-8\">")).json;
    // 喆 in the page is GBK, not GB2312
    Result gb = convert(encode(html_page(zh, "<meta charset=\"gb2312\">"), "GB18030"));
    bool gb_same = gb.json == reference;
    CHECK_MESSAGE(gb_same, "gb2312 label: " << warnings_text(gb.warnings));
    // 똠 is a UHC syllable outside KS X 1001
    const Page ko = {"ko", "windows-949", "동네 소식", "시장 골목에 새 가게가 문을 열었다",
                     {"홈", "뉴스"},
                     {"똠양꿍을 파는 작은 가게가 시장 골목에 새로 문을 열었고, 첫날부터 손님이 줄을 섰다.",
                      "주인은 십 년 동안 요리를 배웠다고 말하며, 동네 사람들이 편하게 들르는 곳이 되기를 바란다고 했다."}};
    std::string ko_reference = convert(html_page(ko, "<meta charset=\"utf-8\">")).json;
    Result kr = convert(encode(html_page(ko, "<meta charset=\"euc-kr\">"), "windows-949"));
    bool kr_same = kr.json == ko_reference;
    CHECK_MESSAGE(kr_same, "euc-kr label: " << warnings_text(kr.warnings));
}
