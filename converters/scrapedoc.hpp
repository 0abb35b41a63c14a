// scrapedoc public API: read a scraped page into a Document, write a Document
// in a format. Everything the command line does is reachable from here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"

namespace scrapedoc {

// Version of the library and the command line.
const char* version();

// Version of the JSON document shape written and accepted ("version": 1).
inline constexpr int json_shape_version = 1;

// Error raised for input that cannot be converted: empty, too large, not in
// the announced format. `what()` is one line naming the file (and line).
class error : public std::runtime_error {
public:
    error(std::string file, std::string message, std::size_t line = 0);
    const std::string& file() const { return file_; }
    const std::string& message() const { return message_; }
    std::size_t line() const { return line_; }

private:
    std::string file_;
    std::string message_;
    std::size_t line_;
};

// One line of `--explain`: what a reader decided about a piece of input.
struct explain_entry {
    std::size_t line = 0;  // 1-based input line, 0 when not line-based
    std::string kind;      // class given: title, paragraph, heading, dropped:share-widget ...
    std::string reason;    // the feature(s) that decided it
    std::string text;      // the input text, whitespace collapsed
};

// What one learned decision saw on one page: a row of named features for
// each unit it decided on (an HTML block, a text line, the page). Readers fill
// these for the trainer (`make train`, scripts/train/) when asked; a user
// has no need of them.
struct feature_table {
    std::string model;                    // the model's name, e.g. "html-page-type"
    std::vector<std::string_view> names;  // the columns
    std::vector<float> values;            // row after row; NaN when missing
    std::vector<std::string> texts;       // each row's text, to label it against gold
    std::vector<std::size_t> lines;       // each row's input line, 0 when none
};

inline constexpr std::size_t default_max_input = std::size_t{256} << 20;  // 256 MiB

struct read_options {
    std::string format = "auto";  // auto, or a reader name (see reader_names())
    std::string source_name = "-";  // reported in errors and in meta.source.name
    std::size_t max_input = default_max_input;
    std::vector<explain_entry>* explain = nullptr;  // filled when not null
    // The charset the transport declared (the charset of an HTTP
    // Content-Type, for a page from a web archive): the page is read in it
    // when it declares none itself. Empty: none.
    std::string charset;
    // Folder of learned models (<name>.json) to use instead of the compiled-in
    // ones: the trainer's fold models. Empty for the compiled-in models.
    std::filesystem::path models;
    std::vector<feature_table>* features = nullptr;  // filled when not null (the trainer)
};

struct write_options {
    bool front_matter = false;  // Markdown: YAML front matter with the meta fields
};

// Reads raw bytes (any encoding; decoded with ICU) into a Document.
// Throws scrapedoc::error.
Document read(std::string_view bytes, const read_options& options = {});

// The same, taking the bytes: when they are clean UTF-8 (the common case)
// they become the text without a copy.
Document read_owned(std::string bytes, const read_options& options = {});

// Reads a file; source_name defaults to the path as given.
Document read_file(const std::filesystem::path& path, read_options options = {});

// Writes a document in a format (see writer_names()). Throws scrapedoc::error
// for an unknown format.
std::string write(const Document& doc, std::string_view format, const write_options& options = {});

// Writes to a file atomically: a temporary file beside it, then rename.
// A failed write leaves no partial file behind.
void write_file(const Document& doc, const std::filesystem::path& path, std::string_view format,
                const write_options& options = {});

// Writes bytes to a file atomically (temp + rename).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// A file written in pieces (a JSON Lines file of many documents, say) that
// appears under its name only when commit() is called: a failed or
// abandoned write leaves nothing behind. Throws scrapedoc::error naming the
// path when the file cannot be made or written.
class output_file {
public:
    explicit output_file(const std::filesystem::path& path);
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;
    void write(std::string_view bytes);
    void commit();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// ---------------------------------------------------------------- web archives

// One record of a web archive (WARC) that held an HTML page, or a place
// where the archive is damaged: the page's document, or why there is none.
struct warc_entry {
    // Byte offset of the record in the file (of its gzip member in a
    // .warc.gz), as WARC indexes (CDX) give it.
    std::uint64_t offset = 0;
    std::string url;                   // WARC-Target-URI; empty for damage between records
    std::optional<Document> document;  // the page, when it could be converted
    std::optional<error> problem;      // otherwise why not: names the file and the offset
};

// What a WARC held, counted as it is read.
struct warc_summary {
    std::size_t records = 0;    // records found (damaged ones included)
    std::size_t converted = 0;  // HTML pages made documents
    std::size_t failed = 0;     // HTML pages that could not be, and damaged records
    // Records passed over, by kind: "request", "warcinfo", "metadata",
    // "revisit", "response not HTML", "response status 404", ...
    std::map<std::string, std::size_t> skipped;
};

// Reads the HTML pages of a WARC file (1.0 or 1.1, plain or gzip, one
// member per record or several) one record at a time: memory stays that of
// one record however large the file. Each `response` record whose HTTP
// payload is HTML (by its Content-Type, or by its first tag when it has
// none) with a 2xx status becomes a document: the HTTP header stripped,
// chunked transfer and gzip/deflate content encoding undone, the charset of
// the Content-Type used when the page declares none, meta.source.url,
// .retrieved and .record_id from the record. Damage (a corrupt or truncated
// gzip member, a Content-Length the record does not match) is reported as
// an entry with a problem, and reading goes on at the next record found.
//
//     scrapedoc::warc_reader warc(std::filesystem::path("crawl.warc.gz"));
//     while (auto entry = warc.next())
//         if (entry->document) use(*entry->document);
//         else report(entry->problem->what());
class warc_reader {
public:
    // Reads a WARC file; "-" is standard input. options.source_name
    // defaults to the path; options.max_input limits each page's payload.
    // Throws scrapedoc::error when the file cannot be opened.
    explicit warc_reader(const std::filesystem::path& path, read_options options = {});
    // Reads a WARC held in memory, which must outlive the reader.
    static warc_reader from_bytes(std::string_view bytes, read_options options = {});
    // Reads a WARC from a function that puts up to n bytes into buf and
    // returns how many, 0 at the end (a pipe, a socket, a Python file
    // object's readinto). After damage it goes back within the last 16 MiB
    // read at most; a file or memory, as far as it needs.
    static warc_reader from_function(std::function<std::size_t(char* buf, std::size_t n)> pull,
                                     read_options options = {});
    ~warc_reader();
    warc_reader(const warc_reader&) = delete;
    warc_reader& operator=(const warc_reader&) = delete;
    warc_reader(warc_reader&&) noexcept;
    warc_reader& operator=(warc_reader&&) noexcept;

    // The next HTML page or damage; nullopt at the end of the file.
    std::optional<warc_entry> next();
    const warc_summary& summary() const;

private:
    struct impl;
    explicit warc_reader(std::unique_ptr<impl> i);
    std::unique_ptr<impl> impl_;
};

// Whether bytes (the first kilobyte or so of a file) open a WARC: plain, or
// gzip whose first member opens with one. --from auto asks it.
bool looks_like_warc(std::string_view head);

std::vector<std::string> reader_names();
std::vector<std::string> writer_names();

// Writer name for an output file extension (".json" -> "json", ".xml"/".tei" ->
// "tei", ".md" -> "md"); empty when unknown.
std::string writer_for_extension(const std::filesystem::path& path);

// File extension (".json", ".tei.xml", ".md") for a writer.
std::string extension_for_writer(std::string_view writer);

}  // namespace scrapedoc
