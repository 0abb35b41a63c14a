// The WARC reader's pieces (record and HTTP headers, chunks, content
// codings, the binary test) and scrapedoc::warc_reader on the wget-written
// samples/crawl.warc.gz, from a path, memory and a function.
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "scrapedoc.hpp"
#include "warc/http.hpp"

using namespace scrapedoc;

namespace {

std::string sample_warc() {
    std::ifstream in(std::string(SCRAPEDOC_SOURCE_DIR) + "/samples/crawl.warc.gz", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string zlib_compress(const std::string& s, int bits) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, s.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    z.avail_in = static_cast<uInt>(s.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// Every entry of a reader, as text: offset, URL, document as JSON Lines or problem.
std::vector<std::string> entries(warc_reader& r) {
    std::vector<std::string> out;
    while (auto e = r.next())
        out.push_back(std::to_string(e->offset) + " " + e->url + " " +
                      (e->document ? write(*e->document, "jsonl") : std::string(e->problem->what())));
    return out;
}

}  // namespace

TEST_CASE("warc: record header fields, version and Content-Length") {
    const auto h = warc::parse_record_header(
        "WARC/1.1\r\nWARC-Type: response\r\nwarc-target-uri: http://a.example/\r\nContent-Length: 120\r\n"
        "X-Long: one\r\n  two\r\n");
    CHECK(h.version == "1.1");
    CHECK(h.content_length == 120);
    CHECK(h.fields.get("WARC-Target-URI") == "http://a.example/");
    CHECK(h.fields.get("x-long") == "one two");
    CHECK_FALSE(h.fields.get("WARC-Date"));
    CHECK_THROWS_WITH_AS(warc::parse_record_header("HTTP/1.1 200 OK\r\n"), doctest::Contains("not a WARC record"),
                         warc::record_error);
    CHECK_THROWS_WITH_AS(warc::parse_record_header("WARC/1.0\r\nWARC-Type: request\r\n"),
                         doctest::Contains("no Content-Length"), warc::record_error);
    CHECK_THROWS_WITH_AS(warc::parse_record_header("WARC/1.0\r\nContent-Length: -5\r\n"),
                         doctest::Contains("not a number"), warc::record_error);
    CHECK_THROWS_AS(warc::parse_record_header("WARC/1.0\r\nContent-Length: 99999999999999999999\r\n"), warc::record_error);
    CHECK(warc::header_end("WARC/1.0\r\nA: b\r\n\r\nbody") == 18);
    CHECK(warc::header_end("WARC/1.0\nA: b\n\nbody") == 15);
    CHECK(warc::header_end("WARC/1.0\r\nA: b\r\n") == std::string_view::npos);
}

TEST_CASE("warc: HTTP responses, media types and charsets") {
    const auto r = warc::parse_http_response("HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"Shift_JIS\"\r\n\r\n<p>");
    CHECK(r.status == 200);
    CHECK(r.size == std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"Shift_JIS\"\r\n\r\n").size());
    const auto m = warc::parse_media_type(*r.fields.get("content-type"));
    CHECK(m.type == "text/html");
    CHECK(m.charset == "Shift_JIS");
    CHECK(warc::parse_media_type("Application/XHTML+XML").type == "application/xhtml+xml");
    CHECK(warc::is_html_type("application/xhtml+xml"));
    CHECK_FALSE(warc::is_html_type("text/plain"));
    CHECK(warc::parse_http_response("HTTP/1.0 204 No Content\r\n\r\n").size == 27);
    CHECK_THROWS_AS(warc::parse_http_response("GET / HTTP/1.1\r\n\r\n"), warc::record_error);
    CHECK_THROWS_AS(warc::parse_http_response("HTTP/1.1 2x0 OK\r\n\r\n"), warc::record_error);
    CHECK_THROWS_AS(warc::parse_http_response("HTTP/1.1 200 OK\r\nA: b\r\n"), warc::record_error);
    CHECK(warc::sniffs_as_html("\xEF\xBB\xBF\n  <!DOCTYPE html>\n<html>"));
    CHECK(warc::sniffs_as_html("<HTML lang=en>"));
    CHECK_FALSE(warc::sniffs_as_html("<htmlx>"));
    CHECK_FALSE(warc::sniffs_as_html("{\"a\": 1}"));
}

TEST_CASE("warc: chunked payloads and content codings undone, bombs refused") {
    CHECK(warc::dechunk("4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\n", 100) == "Wikipedia");
    CHECK_THROWS_AS(warc::dechunk("4\r\nWi", 100), warc::record_error);
    CHECK_THROWS_AS(warc::dechunk("zz\r\nWiki\r\n0\r\n\r\n", 100), warc::record_error);
    CHECK_THROWS_AS(warc::dechunk("4\r\nWiki\r\n0\r\n\r\n", 3), warc::record_error);
    const std::string page = "<html><body><p>Ferry timetable</p></body></html>";
    CHECK(warc::decode_content(zlib_compress(page, 16 + MAX_WBITS), "gzip", 1000) == page);
    CHECK(warc::decode_content(zlib_compress(page, 16 + MAX_WBITS), " X-GZIP ", 1000) == page);
    CHECK(warc::decode_content(zlib_compress(page, MAX_WBITS), "deflate", 1000) == page);
    CHECK(warc::decode_content(zlib_compress(page, -MAX_WBITS), "deflate", 1000) == page);  // raw, as some servers send
    CHECK(warc::decode_content(page, "identity", 1000) == page);
    // Two gzip members one after the other are one body.
    CHECK(warc::decode_content(zlib_compress("ab", 31) + zlib_compress("cd", 31), "gzip", 100) == "abcd");
    CHECK_THROWS_WITH_AS(warc::decode_content(zlib_compress(std::string(100000, 'a'), 31), "gzip", 1000),
                         doctest::Contains("over the size limit"), warc::record_error);
    CHECK_THROWS_WITH_AS(warc::decode_content(page, "br", 1000), doctest::Contains("not one scrapedoc undoes"),
                         warc::record_error);
    const std::string packed = zlib_compress(page, 31);
    CHECK_THROWS_AS(warc::decode_content(packed.substr(0, packed.size() / 2), "gzip", 1000), warc::record_error);
}

TEST_CASE("warc: binary data whatever its label, text in any charset is not") {
    CHECK(warc::looks_binary(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
    CHECK(warc::looks_binary(std::string("<html>\0", 7)));
    CHECK_FALSE(warc::looks_binary("<html>\t\r\n\f\x1b$B (ISO-2022-JP escapes)</html>"));
    CHECK_FALSE(warc::looks_binary(std::string("\xFF\xFE<\0h\0", 6)));  // UTF-16LE with its BOM
    // Past the first 1445 bytes, as browsers sniff.
    CHECK_FALSE(warc::looks_binary(std::string(1445, 'a') + std::string(1, '\0')));
}

TEST_CASE("warc: transport charset used only where the page declares none") {
    read_options o;
    o.format = "html";
    o.charset = "windows-1252";
    const std::string latin = "<html><body><h1>Caf\xE9 \x93ouvert\x94</h1><p>Un caf\xE9 rouvre ses portes ce matin.</p></body></html>";
    CHECK(read(latin, o).meta.title == "Café “ouvert”");
    // The page's own declaration wins over the transport's.
    const std::string declared = "<html><head><meta charset=\"windows-1251\"></head><body><h1>\xCF\xF0\xE8\xE2\xE5\xF2</h1>"
                                 "<p>\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0.</p></body></html>";
    CHECK(read(declared, o).meta.title == "Привет");
    // Valid UTF-8 with non-ASCII letters is UTF-8, whatever the label.
    CHECK(read("<html><body><h1>Café</h1><p>Un café rouvre ses portes.</p></body></html>", o).meta.title == "Café");
}

TEST_CASE("warc reader: samples/crawl.warc.gz from a path, memory and a function give the same pages") {
    const std::string bytes = sample_warc();
    REQUIRE(bytes.size() > 1000);
    CHECK(looks_like_warc(bytes.substr(0, 4096)));
    CHECK_FALSE(looks_like_warc("<html>"));
    read_options o;
    o.source_name = "crawl.warc.gz";
    warc_reader from_path(std::filesystem::path(SCRAPEDOC_SOURCE_DIR) / "samples" / "crawl.warc.gz", o);
    warc_reader from_memory = warc_reader::from_bytes(bytes, o);
    std::size_t at = 0;
    warc_reader from_function = warc_reader::from_function(
        [&](char* buf, std::size_t n) {
            n = std::min<std::size_t>({n, 1000, bytes.size() - at});
            std::memcpy(buf, bytes.data() + at, n);
            at += n;
            return n;
        },
        o);
    const auto a = entries(from_path), b = entries(from_memory), c = entries(from_function);
    CHECK(a.size() == 15);
    CHECK(a == b);
    CHECK(a == c);
    const warc_summary& s = from_memory.summary();
    CHECK(s.converted == 15);
    CHECK(s.failed == 0);
    CHECK(s.skipped.at("request") == 20);
    CHECK(s.skipped.at("warcinfo") == 1);
    CHECK(s.skipped.at("response not HTML") == 4);
    CHECK(s.skipped.at("response status 404") == 1);
    CHECK(s.records == s.converted + s.failed + 20 + 1 + 4 + 1 + s.skipped.at("metadata") + s.skipped.at("resource"));
    // Every page has its URL, time and record.
    warc_reader again = warc_reader::from_bytes(bytes, o);
    while (auto e = again.next()) {
        REQUIRE(e->document);
        const Source& src = e->document->meta.source;
        CHECK(src.name == "crawl.warc.gz");
        CHECK(src.format == "html");
        CHECK(src.url == e->url);
        CHECK(src.retrieved);
        CHECK(src.record_id->rfind("urn:uuid:", 0) == 0);
    }
}

TEST_CASE("warc reader: damage is an entry naming the offset, and reading goes on") {
    read_options o;
    o.source_name = "mixed.warc";
    const std::string block =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>A ferry leaves at noon.</p></body></html>";
    const std::string good = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/\r\n"
                             "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
                             std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
    const std::string junk = "junk that is no record\r\n";
    const std::string input = good + junk + good;
    warc_reader r = warc_reader::from_bytes(input, o);
    auto first = r.next(), second = r.next(), third = r.next();
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    CHECK(first->document);
    CHECK(second->problem);
    CHECK(std::string(second->problem->what()) ==
          "mixed.warc: record at byte " + std::to_string(good.size()) + ": not a WARC record: it starts with \"junk that is no record\"");
    CHECK(third->document);
    CHECK(third->offset == good.size() + junk.size());
    CHECK_FALSE(r.next());
    CHECK(r.summary().converted == 2);
    CHECK(r.summary().failed == 1);
}

TEST_CASE("warc reader: WARC/1.1, a bare target URI, a record id in brackets, lax line ends between records") {
    const std::string block =
        "HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml; charset=utf-8\r\n\r\n"
        "<html><body><h1>Tide tables</h1><p>High water at the north pier is at 06:40.</p></body></html>";
    const std::string record = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://b.example/tides\r\n"
                               "WARC-Date: 2024-05-01T09:30:12.250000Z\r\n"
                               "WARC-Record-ID: <urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0>\r\n"
                               "Content-Type: application/http;msgtype=response\r\nContent-Length: " +
                               std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
    const std::string input = record + "\r\n" + record;
    warc_reader r = warc_reader::from_bytes(input, {});
    for (int i = 0; i < 2; ++i) {
        auto e = r.next();
        REQUIRE(e);
        REQUIRE(e->document);
        CHECK(e->document->meta.title == "Tide tables");
        CHECK(e->document->meta.source.url == "https://b.example/tides");
        CHECK(e->document->meta.source.retrieved == "2024-05-01T09:30:12.250000Z");
        CHECK(e->document->meta.source.record_id == "urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    }
    CHECK_FALSE(r.next());
    CHECK(r.summary().converted == 2);
}
