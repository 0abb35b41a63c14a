#include "warc/http.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace scrapedoc::warc {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The first line of `text` (without its CR LF) and the rest after it.
std::pair<std::string_view, std::string_view> first_line(std::string_view text) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return {line, nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1)};
}

// A printable rendering of bytes for an error message: at most 40, others as '?'.
std::string shown(std::string_view bytes) {
    std::string out;
    for (char c : bytes.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (bytes.size() > 40) out += "...";
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::string_view> Fields::get(std::string_view name) const {
    for (const auto& [n, v] : items)
        if (equal_ignoring_case(n, name)) return std::string_view(v);
    return std::nullopt;
}

Fields parse_fields(std::string_view text) {
    Fields f;
    while (!text.empty()) {
        auto [line, rest] = first_line(text);
        text = rest;
        if (line.empty()) continue;
        if ((line.front() == ' ' || line.front() == '\t') && !f.items.empty()) {
            f.items.back().second += ' ';
            f.items.back().second += trim(line);
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // not a field: nothing a reader needs
        f.items.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    return f;
}

std::size_t header_end(std::string_view bytes) {
    // The first blank line, whichever line ends the writer used.
    for (std::size_t nl = bytes.find('\n'); nl != std::string_view::npos; nl = bytes.find('\n', nl + 1)) {
        if (nl + 1 < bytes.size() && bytes[nl + 1] == '\n') return nl + 2;
        if (nl + 2 < bytes.size() && bytes[nl + 1] == '\r' && bytes[nl + 2] == '\n') return nl + 3;
    }
    return std::string_view::npos;
}

RecordHeader parse_record_header(std::string_view text) {
    auto [line, rest] = first_line(text);
    RecordHeader h;
    if (line.substr(0, 5) != "WARC/")
        throw record_error("not a WARC record: it starts with \"" + shown(line) + "\"");
    h.version = std::string(line.substr(5));
    const std::size_t dot = h.version.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == h.version.size() ||
        !std::all_of(h.version.begin(), h.version.end(), [](char c) { return is_digit(c) || c == '.'; }))
        throw record_error("not a WARC version: \"" + shown(line) + "\"");
    h.fields = parse_fields(rest);
    const auto length = h.fields.get("Content-Length");
    if (!length) throw record_error("the record has no Content-Length");
    if (length->empty() || length->size() > 18 || !std::all_of(length->begin(), length->end(), is_digit))
        throw record_error("Content-Length \"" + shown(*length) + "\" is not a number of bytes");
    for (char c : *length) h.content_length = h.content_length * 10 + static_cast<std::uint64_t>(c - '0');
    return h;
}

HttpResponse parse_http_response(std::string_view block) {
    auto [line, rest] = first_line(block);
    // "HTTP/1.1 200 OK"; HTTP/2 and /3 are recorded with the same line.
    if (line.substr(0, 5) != "HTTP/")
        throw record_error("the response record holds no HTTP response: it starts with \"" + shown(line) + "\"");
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos || space + 4 > line.size() || !is_digit(line[space + 1]) ||
        !is_digit(line[space + 2]) || !is_digit(line[space + 3]))
        throw record_error("malformed HTTP status line \"" + shown(line) + "\"");
    HttpResponse r;
    r.status = (line[space + 1] - '0') * 100 + (line[space + 2] - '0') * 10 + (line[space + 3] - '0');
    // A response with no header fields has its blank line right after the status line.
    const std::size_t status_end = block.size() - rest.size();
    if (!rest.empty() && (rest.front() == '\n' || rest.substr(0, 2) == "\r\n")) {
        r.size = status_end + (rest.front() == '\n' ? 1 : 2);
        return r;
    }
    const std::size_t end = header_end(block);
    if (end == std::string_view::npos) throw record_error("the HTTP header has no end (no blank line after it)");
    r.fields = parse_fields(block.substr(status_end, end - status_end));
    r.size = end;
    return r;
}

MediaType parse_media_type(std::string_view value) {
    MediaType m;
    const std::size_t semicolon = value.find(';');
    for (char c : trim(value.substr(0, semicolon))) m.type += lower(c);
    std::string_view params = semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon + 1);
    while (!params.empty()) {
        const std::size_t next = params.find(';');
        std::string_view param = trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        const std::size_t eq = param.find('=');
        if (eq == std::string_view::npos || !equal_ignoring_case(trim(param.substr(0, eq)), "charset")) continue;
        std::string_view v = trim(param.substr(eq + 1));
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
        m.charset = std::string(trim(v));
        break;
    }
    return m;
}

bool is_html_type(std::string_view media_type) { return media_type == "text/html" || media_type == "application/xhtml+xml"; }

bool sniffs_as_html(std::string_view payload) {
    std::size_t i = 0;
    if (payload.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < payload.size() && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\r' || payload[i] == '\n' ||
                                  payload[i] == '\f'))
        ++i;
    auto opens = [&](std::string_view tag) {
        if (payload.size() - i < tag.size() + 1) return false;
        for (std::size_t k = 0; k < tag.size(); ++k)
            if (lower(payload[i + k]) != tag[k]) return false;
        const char after = payload[i + tag.size()];
        return after == ' ' || after == '>' || after == '\t' || after == '\n' || after == '\r';
    };
    return opens("<!doctype html") || opens("<html") || opens("<head");
}

std::string dechunk(std::string_view body, std::size_t max) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t nl = body.find('\n', pos);
        if (nl == std::string_view::npos) throw record_error("chunked payload cut short (no chunk size line)");
        std::string_view size_line = trim(body.substr(pos, nl - pos));
        size_line = size_line.substr(0, size_line.find(';'));  // chunk extensions
        std::uint64_t size = 0;
        if (size_line.empty() || size_line.size() > 15) throw record_error("malformed chunk size \"" + shown(size_line) + "\"");
        for (char c : size_line) {
            const char l = lower(c);
            if (!is_digit(l) && !(l >= 'a' && l <= 'f')) throw record_error("malformed chunk size \"" + shown(size_line) + "\"");
            size = size * 16 + static_cast<std::uint64_t>(is_digit(l) ? l - '0' : l - 'a' + 10);
        }
        pos = nl + 1;
        if (size == 0) return out;  // trailer fields after the last chunk are not needed
        if (size > body.size() - pos) throw record_error("chunked payload cut short (a chunk runs past the record)");
        if (out.size() + size > max) throw record_error("payload over the size limit once its chunks are joined");
        out.append(body.substr(pos, static_cast<std::size_t>(size)));
        pos += static_cast<std::size_t>(size);
        if (body.substr(pos, 2) == "\r\n") pos += 2;
        else if (body.substr(pos, 1) == "\n") pos += 1;
        else throw record_error("malformed chunked payload (no line end after a chunk)");
    }
}

namespace {

// Inflates `body` with zlib's window bits `bits` (31: gzip, 15: zlib, -15:
// raw deflate); false, with `why`, when the data is not of that kind.
bool inflate_all(std::string_view body, int bits, std::size_t max, std::string& out, std::string& why) {
    z_stream z{};
    if (inflateInit2(&z, bits) != Z_OK) throw std::bad_alloc();
    out.clear();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    int rc = Z_OK;
    char buf[64 * 1024];
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = sizeof buf - z.avail_out;
        if (out.size() + produced > max) {
            inflateEnd(&z);
            why = "decoded payload over the size limit";
            return false;
        }
        out.append(buf, produced);
        // gzip members may follow one another (RFC 1952): each is inflated.
        if (rc == Z_STREAM_END && bits > 15 && z.avail_in > 0 && *z.next_in == 0x1f) {
            inflateReset(&z);
            rc = Z_OK;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    const bool ended = rc == Z_STREAM_END;
    if (!ended) why = z.msg ? z.msg : (rc == Z_BUF_ERROR ? "data cut short" : "damaged data");
    inflateEnd(&z);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    return ended;
}

}  // namespace

std::string decode_content(std::string body, std::string_view encoding, std::size_t max) {
    std::string coding;
    for (char c : trim(encoding)) coding += lower(c);
    if (coding.empty() || coding == "identity") return body;
    std::string out, why;
    if (coding == "gzip" || coding == "x-gzip") {
        if (inflate_all(body, 16 + MAX_WBITS, max, out, why)) return out;
        throw record_error("Content-Encoding gzip: the payload does not inflate (" + why + ")");
    }
    if (coding == "deflate") {
        // RFC 9110 says zlib; some servers send raw deflate.
        if (inflate_all(body, MAX_WBITS, max, out, why)) return out;
        std::string raw_why;
        if (why != "decoded payload over the size limit" && inflate_all(body, -MAX_WBITS, max, out, raw_why)) return out;
        throw record_error("Content-Encoding deflate: the payload does not inflate (" + why + ")");
    }
    throw record_error("Content-Encoding \"" + shown(encoding) + "\" is not one scrapedoc undoes (gzip, deflate)");
}

bool looks_binary(std::string_view payload) {
    if (payload.substr(0, 2) == "\xFE\xFF" || payload.substr(0, 2) == "\xFF\xFE") return false;  // UTF-16 (and UTF-32LE)
    if (payload.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) return false;          // UTF-32BE
    for (char ch : payload.substr(0, 1445)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F)) return true;
    }
    return false;
}

}  // namespace scrapedoc::warc
