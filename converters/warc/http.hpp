// What is inside a WARC record: its header, and in a response record the
// HTTP response the crawler received (status, header fields, the payload as
// sent: chunked, gzip- or deflate-encoded). Plain functions on bytes, so
// each can be tested alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scrapedoc::warc {

// A record or payload that is not what its header says; the message is one line.
class record_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Named fields of a WARC record header or an HTTP header, in order.
struct Fields {
    std::vector<std::pair<std::string, std::string>> items;
    // The first field named `name` (ASCII case ignored).
    std::optional<std::string_view> get(std::string_view name) const;
};

// Parses "Name: value" lines (a line opening with a space or tab continues
// the one before); `text` ends before the blank line.
Fields parse_fields(std::string_view text);

// Where the header that opens `bytes` ends: just after its blank line
// (CRLF CRLF, or LF LF from lax writers); npos when not within `bytes`.
std::size_t header_end(std::string_view bytes);

struct RecordHeader {
    std::string version;  // "1.0", "1.1"
    Fields fields;
    std::uint64_t content_length = 0;
};

// A WARC record header, from its version line to the blank line (not
// included). Throws record_error when it is not one.
RecordHeader parse_record_header(std::string_view text);

struct HttpResponse {
    int status = 0;
    Fields fields;
    std::size_t size = 0;  // bytes of the status line and header fields, blank line included
};

// The HTTP response header that opens a response record's block. Throws
// record_error when there is none (no status line, or no end within `block`).
HttpResponse parse_http_response(std::string_view block);

// A Content-Type value: its media type (lower case, no parameters) and
// charset parameter (as given, unquoted; empty when none).
struct MediaType {
    std::string type;
    std::string charset;
};
MediaType parse_media_type(std::string_view value);

// text/html and application/xhtml+xml.
bool is_html_type(std::string_view media_type);

// A payload with no Content-Type: HTML when its first tag is a doctype or <html>.
bool sniffs_as_html(std::string_view payload);

// Transfer-Encoding: chunked undone (chunk extensions and trailer fields
// ignored). Throws record_error when the chunks are malformed or undone
// they pass `max` bytes.
std::string dechunk(std::string_view body, std::size_t max);

// Content-Encoding undone: gzip (x-gzip) and deflate (zlib, or raw deflate
// as some servers send), "identity" as it is. Throws record_error for
// another coding, damaged data, or more than `max` bytes decoded (a
// decompression bomb is refused, not inflated).
std::string decode_content(std::string body, std::string_view encoding, std::size_t max);

// Whether a payload is binary data whatever its label says: a byte no text
// holds (NUL and the C0 controls but tab, line feed, form feed, carriage
// return and escape; the WHATWG MIME Sniffing "binary data byte") among its
// first 1445 bytes, and no byte-order mark of UTF-16 or UTF-32.
bool looks_binary(std::string_view payload);

}  // namespace scrapedoc::warc
