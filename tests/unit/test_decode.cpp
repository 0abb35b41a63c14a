// Decoding bytes to clean UTF-8, and the Unicode helpers.
#include <doctest/doctest.h>

#include <string>

#include "text/decode.hpp"
#include "text/unicode.hpp"

using namespace scrapedoc;
using namespace scrapedoc::text;

TEST_CASE("decode: valid UTF-8 passes through, NFC-normalised, LF line ends") {
    auto d = decode("cafe\xCC\x81\r\nsecond\rthird");
    CHECK(d.charset == "utf-8");
    CHECK(d.text == "caf\xC3\xA9\nsecond\nthird");
    CHECK(d.warnings.empty());
}

TEST_CASE("decode: byte-order marks") {
    CHECK(decode("\xEF\xBB\xBFhello").text == "hello");
    auto le = decode(std::string("\xFF\xFEh\0i\0", 6));
    CHECK(le.charset == "utf-16le");
    CHECK(le.text == "hi");
    auto be = decode(std::string("\xFE\xFF\0h\0i", 6));
    CHECK(be.text == "hi");
}

TEST_CASE("decode: UTF-16 without a byte-order mark") {
    std::string s;
    for (char c : std::string("plain ascii text, long enough to tell")) {
        s += c;
        s += '\0';
    }
    auto d = decode(s);
    CHECK(d.charset == "utf-16le");
    CHECK(d.text == "plain ascii text, long enough to tell");
}

TEST_CASE("decode: a declared charset is honoured") {
    // "café" in windows-1252, declared as latin-1 (which browsers read as windows-1252).
    auto d = decode("<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xE9 \x93quoted\x94</body></html>");
    CHECK(d.charset == "windows-1252");
    CHECK(d.text.find("caf\xC3\xA9") != std::string::npos);
    CHECK(d.text.find("\xE2\x80\x9Cquoted\xE2\x80\x9D") != std::string::npos);
    CHECK(declared_charset("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>") == "shift_jis");
}

TEST_CASE("decode: windows-1256 Arabic is detected") {
    // "اللغة العربية جميلة جدا وهي لغة القرآن الكريم" in windows-1256, repeated for the detector.
    std::string ar = "\xC7\xE1\xE1\xDB\xC9 \xC7\xE1\xDA\xD1\xC8\xED\xC9 \xCC\xE3\xED\xE1\xC9 \xCC\xCF\xC7 \xE6\xE5\xED "
                     "\xE1\xDB\xC9 \xC7\xE1\xDE\xD1\xC2\xE4 \xC7\xE1\xDF\xD1\xED\xE3. ";
    std::string bytes;
    for (int i = 0; i < 8; ++i) bytes += ar;
    auto d = decode(bytes);
    CHECK(d.charset == "windows-1256");
    CHECK(d.text.rfind("\xD8\xA7\xD9\x84\xD9\x84\xD8\xBA\xD8\xA9", 0) == 0);  // "اللغة"
    REQUIRE_FALSE(d.warnings.empty());
    CHECK(d.warnings.front().message.find("windows-1256") != std::string::npos);
}

TEST_CASE("decode: broken UTF-8 is repaired with U+FFFD, each repair reported with its offset") {
    auto d = decode("caf\xC3\xA9 ok, na\xC3\xAFve, \xE2\x80\x9Cquoted\xE2\x80\x9D, broken \xFF here");
    CHECK(d.charset == "utf-8");
    CHECK(d.text.find("broken \xEF\xBF\xBD here") != std::string::npos);
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].offset == 39);
    CHECK(d.warnings[0].message.find("byte 39") != std::string::npos);
    // Overlong encodings and lone surrogates are ill-formed too.
    auto overlong = decode("ok \xC0\xAF and \xED\xA0\x80 with caf\xC3\xA9 and na\xC3\xAFve and \xC3\xA0 and \xC3\xA8");
    CHECK(overlong.text.find("\xC0") == std::string::npos);
    CHECK(overlong.text.find("\xED\xA0") == std::string::npos);
    CHECK(valid_utf8(overlong.text));
}

TEST_CASE("decode: control characters XML cannot carry are removed, with a warning") {
    auto d = decode(std::string("a\0b\x01" "c\td\x7F" "e", 9));
    CHECK(d.text == "abc\tde");
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].message.find("3 control") != std::string::npos);
}

TEST_CASE("unicode helpers") {
    CHECK(collapse_whitespace("  a \t b\u3000c\u00A0 ") == "a b c");
    CHECK(collapse_whitespace("zero\u200Cwidth") == "zero\u200Cwidth");  // ZWNJ is not a space
    CHECK(is_collapsed("a b"));
    CHECK_FALSE(is_collapsed("a  b"));
    CHECK_FALSE(is_collapsed("a\u00A0b"));
    CHECK(grapheme_length("e\u0301te\u0301") == 3);
    CHECK(grapheme_length("👍🏽") == 1);
    CHECK(truncate_graphemes("e\u0301te\u0301", 2) == "e\u0301t…");
    CHECK(direction_of("שלום world שלום") == Direction::rtl);
    CHECK(direction_of("hello مرحبا world") == Direction::ltr);
    CHECK(skeleton("Hello, World! 42") == "helloworld42");
    CHECK(to_nfc("e\u0301") == "\u00E9");
    CHECK(repair_utf8("a\xFF" "b") == "a\uFFFDb");
}

TEST_CASE("detect_language: by script, by letters, by words") {
    CHECK(detect_language("هذا نص عربي قصير عن المدينة") == "ar");
    CHECK(detect_language("این یک متن فارسی است که گفته می‌شود") == "fa");
    CHECK(detect_language("Это русский текст, который был написан") == "ru");
    CHECK(detect_language("Це український текст, і він їхній") == "uk");
    CHECK(detect_language("これは日本語の文章です。東京へ行きます。") == "ja");
    CHECK(detect_language("这是一个中文句子，关于城市。") == "zh");
    CHECK(detect_language("이것은 한국어 문장입니다") == "ko");
    CHECK(detect_language("זה טקסט בעברית") == "he");
    CHECK(detect_language("The council said that the work was done and the bridge is open to the public") == "en");
    CHECK(detect_language("El ayuntamiento dijo que la obra de los vecinos es para el pueblo y la ciudad") == "es");
    CHECK(detect_language("12345 !!!").empty());
    // Capitals, accented words and words too long to be frequent ones.
    CHECK(detect_language("ÉL Ayuntamiento DIJO QUE la obra de LOS vecinos ES PARA él pueblo y la ciudad") == "es");
    CHECK(detect_language("Większość mieszkańców nie wie, że to jest dla nich i jak się do tego odnieść") == "pl");
}

TEST_CASE("detect_language with the direction: the same as direction_of, past the 64 KB sample too") {
    std::string s = "שלום world ";
    for (int i = 0; i < 9000; ++i) s += "word ";  // a Latin sample of 64 KB
    for (int i = 0; i < 40000; ++i) s += "שלום ";  // Hebrew beyond it
    for (std::string_view text : {std::string_view(s), std::string_view("hello مرحبا world"),
                                  std::string_view("12345 !!!"), std::string_view("שלום world שלום")}) {
        Direction fused = Direction::ltr;
        CHECK(detect_language(text, &fused) == detect_language(text));
        CHECK(fused == direction_of(text));
    }
    Direction d = Direction::ltr;
    detect_language(s, &d);
    CHECK(d == Direction::rtl);
}
