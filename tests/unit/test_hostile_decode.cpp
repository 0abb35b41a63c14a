// decode() on input in the encodings crawlers bring back, with and without a
// byte-order mark (docs/hardening.md): the text must come out as it went in.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include "scrapedoc.hpp"
#include "text/decode.hpp"

using namespace scrapedoc;

namespace {

// UTF-8 text in another charset, by ICU.
std::string encode(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    const int32_t len = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                     static_cast<int32_t>(utf8.size()), &status);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<std::size_t>(len));
    return out;
}

const std::vector<std::pair<const char*, std::string>> pages = {
    {"Arabic",
     "تحلية مياه البحر في المدن الساحلية\nكتب: سامر الحداد\n\nأعلنت الشركة عن محطة جديدة لتحلية المياه، "
     "تنتج 50 ألف متر مكعب يوميًا.\n\nوقال المدير إن المحطة ستعمل بالطاقة الشمسية.\n"},
    {"Japanese",
     "夜の図書館が開館\n記者 山田花子\n\n市立図書館は金曜日の夜、午後10時まで開館すると発表した。\n\n"
     "利用者からは歓迎の声が上がっている。\n"},
    {"English",
     "Harbor ferry returns\nBy Dana Example\n\nThe ferry carried its first passengers in six weeks on Monday.\n"},
};

}  // namespace

TEST_CASE("hostile decode: UTF-16 and UTF-32, with and without a BOM, give the UTF-8 text back") {
    for (const auto& page : pages) {
        // Not a structured binding: clang does not let CAPTURE's lambda use one.
        const char* language = page.first;
        const std::string& text = page.second;
        for (const char* charset : {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            for (bool bom : {true, false}) {
                CAPTURE(language);
                CAPTURE(charset);
                CAPTURE(bom);
                std::string bytes = encode((bom ? "\xEF\xBB\xBF" : "") + text, charset);
                const text::Decoded d = text::decode(bytes);
                CHECK(d.text == text);
            }
        }
    }
}

TEST_CASE("hostile decode: windows-1256 Arabic and Shift_JIS Japanese are detected") {
    // Long enough for ICU's detector: the page three times over.
    std::string arabic, japanese;
    for (int i = 0; i < 3; ++i) {
        arabic += pages[0].second;
        japanese += pages[1].second;
    }
    CHECK(text::decode(encode(arabic, "windows-1256")).text == arabic);
    CHECK(text::decode(encode(japanese, "Shift_JIS")).text == japanese);
}

TEST_CASE("hostile decode: a page of Unicode white space only has no text") {
    for (const std::string page : {" \t\n", "\xC2\xA0\xC2\xA0\n", "\xE3\x80\x80\n\xE2\x80\x83", "\xEF\xBB\xBF \n"}) {
        CAPTURE(page);
        read_options options;
        options.source_name = "blank.txt";
        CHECK_THROWS_WITH_AS(read(page, options), doctest::Contains("blank.txt: input has no text"), scrapedoc::error);
    }
}
