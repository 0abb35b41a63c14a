// scrapedoc::warc_reader: the records of a WARC read one after another from
// a WarcStream, each HTML response made a document through scrapedoc::read.
// Only the record being read is held: memory does not grow with the file.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "scrapedoc.hpp"
#include "text/clean.hpp"
#include "warc/http.hpp"
#include "warc/input.hpp"

namespace scrapedoc {

namespace {

constexpr std::size_t max_record_header = std::size_t{1} << 20;
constexpr std::size_t max_http_header = std::size_t{64} << 10;
constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// "<urn:uuid:...>" -> "urn:uuid:..."; WARC 1.1 writes the target URI bare,
// some 1.0 writers in brackets.
std::string without_brackets(std::string_view v) {
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
    return std::string(v);
}

// Why a record is passed over, or empty when it holds an HTML page.
struct Verdict {
    std::string skipped;
    std::optional<std::string> failure;  // an HTML page that cannot be read
    warc::HttpResponse http;
    warc::MediaType media;
};

}  // namespace

struct warc_reader::impl {
    read_options options;
    int fd = -1;
    bool owns_fd = false;
    std::unique_ptr<warc::RawInput> raw;
    std::unique_ptr<warc::WarcStream> stream;
    std::string buf;     // the WARC's bytes (decompressed), from the current record on
    std::size_t pos = 0; // the next byte to read in buf
    // Where in buf the current gzip member's bytes begin (none when before buf).
    std::size_t member_start = 0;
    bool done = false;
    warc_summary summary;

    ~impl() {
        if (owns_fd) ::close(fd);
    }

    void start() {
        stream = std::make_unique<warc::WarcStream>(*raw);
    }

    const std::string& name() const { return options.source_name; }

    error problem_at(std::uint64_t offset, const std::string& url, const std::string& message) const {
        std::string where = "record at byte " + std::to_string(offset);
        if (!url.empty()) where += " (" + url + ")";
        return error(name(), where + ": " + message);
    }

    void compact() {
        buf.erase(0, pos);
        member_start = member_start != none && member_start >= pos ? member_start - pos : none;
        pos = 0;
    }

    // At least n bytes from pos in buf; false when the file ends first. A
    // record may go on into the next gzip member.
    bool want(std::size_t n) {
        while (buf.size() - pos < n) {
            if (stream->fill(buf) > 0) continue;
            if (!stream->next_member()) return false;
            member_start = buf.size();
        }
        return true;
    }

    // Passes over n bytes; false when the file ends first (`left` says how
    // many were missing).
    bool skip(std::uint64_t n, std::uint64_t& left) {
        left = n;
        while (left > 0) {
            if (pos == buf.size()) {
                buf.clear();
                pos = 0;
                member_start = none;
                if (!want(1)) return false;
            }
            const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size() - pos));
            pos += k;
            left -= k;
        }
        return true;
    }

    // After damage at `offset`: reading goes on at the next record found.
    void recover(std::uint64_t offset) {
        buf.clear();
        pos = 0;
        member_start = 0;
        try {
            if (!stream->resync(offset)) done = true;
        } catch (const warc::input_error&) {
            done = true;
        }
    }

    // A record whose length does not fit: in a gzip member holding several
    // records the next one is looked for in what follows it; otherwise
    // reading starts again just after the record's start (going back in
    // the file), so that what a too long Content-Length swallowed is found.
    void recover_framing(std::uint64_t offset, bool first_in_member) {
        if (!stream->compressed() || first_in_member) return recover(offset);
        static constexpr std::string_view start = "\nWARC/1.";
        for (;;) {
            const std::size_t at = std::string_view(buf).find(start, pos > 0 ? pos - 1 : 0);
            if (at != std::string_view::npos) {
                pos = at + 1;
                return;
            }
            // The last bytes may open a record start that the next ones end.
            if (buf.size() - pos > start.size()) pos = buf.size() - (start.size() - 1);
            compact();
            try {
                if (stream->fill(buf) == 0) {
                    pos = buf.size();  // no record in the rest of the member: the next member follows
                    return;
                }
            } catch (const warc::input_error& e) {
                return recover(e.offset());
            }
        }
    }

    // Reads the HTTP header of a response record's block and says what the record is.
    Verdict judge(const warc::RecordHeader& header, std::string_view type) {
        Verdict v;
        if (type != "response") {
            v.skipped = type.empty() ? "record without WARC-Type" : std::string(type);
            return v;
        }
        const auto record_type = header.fields.get("Content-Type");
        if (!record_type || warc::parse_media_type(*record_type).type != "application/http") {
            v.skipped = "response not HTTP";
            return v;
        }
        const std::size_t head = static_cast<std::size_t>(std::min<std::uint64_t>(header.content_length, max_http_header));
        want(head);
        const std::string_view block(buf.data() + pos, std::min(head, buf.size() - pos));
        try {
            v.http = warc::parse_http_response(block);
        } catch (const warc::record_error& e) {
            v.failure = e.what();
            return v;
        }
        if (v.http.status < 200 || v.http.status > 299) {
            v.skipped = "response status " + std::to_string(v.http.status);
            return v;
        }
        const auto content_type = v.http.fields.get("Content-Type");
        if (content_type) v.media = warc::parse_media_type(*content_type);
        const std::string_view payload_start = block.substr(std::min(v.http.size, block.size()));
        if (content_type ? !warc::is_html_type(v.media.type) : !warc::sniffs_as_html(payload_start)) {
            v.skipped = "response not HTML";
            return v;
        }
        if (header.content_length - v.http.size > options.max_input)
            v.failure = "the payload is " + std::to_string(header.content_length - v.http.size) +
                        " bytes, over the limit of " + std::to_string(options.max_input) + " (--max-input)";
        return v;
    }

    // The page of an HTML response record, as the crawler's server sent it.
    Document read_page(std::string payload, const warc::RecordHeader& header, const Verdict& v, const std::string& url) {
        if (auto te = v.http.fields.get("Transfer-Encoding"); te && te->find("chunked") != std::string_view::npos)
            payload = warc::dechunk(payload, options.max_input);
        if (auto ce = v.http.fields.get("Content-Encoding"))
            payload = warc::decode_content(std::move(payload), *ce, options.max_input);
        if (payload.empty()) throw warc::record_error("the HTML payload decodes to nothing");
        if (warc::looks_binary(payload))
            throw warc::record_error("the payload is labelled HTML but is binary data (bytes no text holds)");
        read_options ro = options;
        ro.format = "html";
        ro.charset = v.media.charset;
        ro.explain = nullptr;
        Document doc = read_owned(std::move(payload), ro);
        if (std::string u = url; !u.empty()) {
            // The record's fields are other people's bytes, as the page is.
            text::clean_value(u);
            if (!u.empty()) doc.meta.source.url = std::move(u);
        }
        if (auto date = header.fields.get("WARC-Date")) {
            if (text::is_iso_date(*date)) doc.meta.source.retrieved = std::string(*date);
            else doc.warnings.push_back({"WARC-Date \"" + std::string(*date) + "\" is not an ISO 8601 date; left out", 0});
        }
        if (auto id = header.fields.get("WARC-Record-ID")) {
            std::string id_value = without_brackets(*id);
            text::clean_value(id_value);
            if (!id_value.empty()) doc.meta.source.record_id = std::move(id_value);
        }
        return doc;
    }

    // One record: an entry to hand back, or nullopt when it was passed over
    // (or the file ended: then `done`).
    std::optional<warc_entry> read_record() {
        compact();
        // Lax writers leave extra line ends between records.
        for (;;) {
            if (pos == buf.size() && !want(1)) {
                done = true;
                if (summary.records > 0 || !buf.empty()) return std::nullopt;
                ++summary.records;
                ++summary.failed;
                warc_entry e;
                e.problem = error(name(), "the file is empty: no WARC record in it");
                return e;
            }
            if (buf[pos] != '\r' && buf[pos] != '\n') break;
            if (member_start == pos) ++member_start;
            ++pos;
        }
        const bool first_in_member = stream->compressed() && member_start == pos;
        const std::uint64_t offset = stream->compressed() ? stream->member_offset()
                                                          : stream->plain_offset() - (buf.size() - pos);
        stream->keep_from(offset);

        auto damage = [&](const std::string& url, const std::string& message) {
            ++summary.failed;
            warc_entry e;
            e.offset = offset;
            e.url = url;
            e.problem = problem_at(offset, url, message);
            recover_framing(offset, first_in_member);
            return e;
        };

        // Whatever else is wrong, a record opens with its version line.
        // (The first 80 bytes, to show in the message, however the input came in pieces.)
        want(80);
        if (std::string_view(buf).substr(pos, 5) != "WARC/") {
            ++summary.records;
            const std::string_view first = std::string_view(buf).substr(pos, 80);
            try {
                warc::parse_record_header(first.substr(0, first.find('\n')));
            } catch (const warc::record_error& e) {
                return damage("", e.what());
            }
        }
        std::size_t end;
        while ((end = warc::header_end(std::string_view(buf).substr(pos))) == std::string_view::npos) {
            if (buf.size() - pos > max_record_header) {
                ++summary.records;
                return damage("", "no end to the record header in its first " + std::to_string(max_record_header >> 20) +
                                      " MiB: not a WARC record");
            }
            if (!want(buf.size() - pos + 1)) {
                ++summary.records;
                // Nothing but white space may end a file.
                return damage("", "the file ends inside a record header (truncated)");
            }
        }
        ++summary.records;
        warc::RecordHeader header;
        try {
            header = warc::parse_record_header(std::string_view(buf).substr(pos, end));
        } catch (const warc::record_error& e) {
            return damage("", e.what());
        }
        pos += end;
        const std::string type(header.fields.get("WARC-Type").value_or(""));
        const std::string url = without_brackets(header.fields.get("WARC-Target-URI").value_or(""));

        Verdict verdict = judge(header, type);
        const bool html = verdict.skipped.empty() && !verdict.failure;
        std::string block;
        std::uint64_t missing = 0;
        bool complete;
        if (html) {
            const std::size_t n = static_cast<std::size_t>(header.content_length);
            complete = want(n);
            const std::size_t got = std::min(n, buf.size() - pos);
            block.assign(buf, pos + verdict.http.size, got > verdict.http.size ? got - verdict.http.size : 0);
            pos += got;
            missing = n - got;
        } else {
            complete = skip(header.content_length, missing);
        }
        if (!complete)
            return damage(url, "the " + std::string(stream->compressed() ? "data" : "file") + " ends after " +
                                   std::to_string(header.content_length - missing) + " of the " +
                                   std::to_string(header.content_length) +
                                   " bytes its Content-Length declares (truncated, or a wrong Content-Length)");
        // The record ends with CR LF CR LF; at the end of the file a writer
        // may have left them out.
        want(4);
        const std::string_view trailer = std::string_view(buf).substr(pos, 4);
        if (trailer == "\r\n\r\n") {
            pos += 4;
        } else if (!(trailer.size() < 4 && std::string_view("\r\n\r\n").substr(0, trailer.size()) == trailer)) {
            return damage(url, "Content-Length " + std::to_string(header.content_length) +
                                   " does not match the record: its block is not followed by the record end (CR LF CR LF)");
        } else {
            pos += trailer.size();
        }

        // A 2xx response without a body (204, or a redirect-like 200) has no page.
        if (html && block.empty()) verdict.skipped = "response with an empty payload";
        if (!verdict.skipped.empty()) {
            ++summary.skipped[verdict.skipped];
            return std::nullopt;
        }
        warc_entry e;
        e.offset = offset;
        e.url = url;
        try {
            if (verdict.failure) throw warc::record_error(*verdict.failure);
            e.document = read_page(std::move(block), header, verdict, url);
            ++summary.converted;
        } catch (const warc::record_error& x) {
            e.problem = problem_at(offset, url, x.what());
        } catch (const error& x) {
            e.problem = problem_at(offset, url, x.message());
        }
        if (e.problem) ++summary.failed;
        return e;
    }

    std::optional<warc_entry> next() {
        while (!done) {
            try {
                if (!stream) start();
                if (auto e = read_record()) return e;
            } catch (const warc::input_error& x) {
                // A damaged gzip member (or a read error): reported at the
                // member's offset, and the next member is looked for.
                ++summary.records;
                ++summary.failed;
                warc_entry e;
                e.offset = x.offset();
                e.problem = error(name(), "byte " + std::to_string(x.offset()) + ": " + x.what());
                if (!stream || !stream->compressed()) done = true;
                else recover(x.offset());
                return e;
            }
        }
        return std::nullopt;
    }
};

warc_reader::warc_reader(const std::filesystem::path& path, read_options options) : impl_(std::make_unique<impl>()) {
    if (options.source_name == "-") options.source_name = path.string();
    impl_->options = std::move(options);
    if (path == "-") {
        impl_->fd = STDIN_FILENO;
    } else {
        impl_->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (impl_->fd < 0) throw error(impl_->name(), std::string("cannot open: ") + std::strerror(errno));
        impl_->owns_fd = true;
    }
    impl_->raw = std::make_unique<warc::RawInput>(impl_->fd);
}

warc_reader::warc_reader(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

warc_reader warc_reader::from_bytes(std::string_view bytes, read_options options) {
    auto i = std::make_unique<impl>();
    i->options = std::move(options);
    i->raw = std::make_unique<warc::RawInput>(bytes);
    return warc_reader(std::move(i));
}

warc_reader warc_reader::from_function(std::function<std::size_t(char*, std::size_t)> pull, read_options options) {
    auto i = std::make_unique<impl>();
    i->options = std::move(options);
    i->raw = std::make_unique<warc::RawInput>(std::move(pull));
    return warc_reader(std::move(i));
}

warc_reader::~warc_reader() = default;
warc_reader::warc_reader(warc_reader&&) noexcept = default;
warc_reader& warc_reader::operator=(warc_reader&&) noexcept = default;

std::optional<warc_entry> warc_reader::next() { return impl_->next(); }

const warc_summary& warc_reader::summary() const { return impl_->summary; }

bool looks_like_warc(std::string_view head) { return warc::looks_like_warc(head); }

}  // namespace scrapedoc
