// scrapedoc public API: read a scraped page into a Document, write a Document
// in a format. Everything the command line does is reachable from here.
#pragma once

#include <cstddef>
#include <filesystem>
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

std::vector<std::string> reader_names();
std::vector<std::string> writer_names();

// Writer name for an output file extension (".json" -> "json", ".xml"/".tei" ->
// "tei", ".md" -> "md"); empty when unknown.
std::string writer_for_extension(const std::filesystem::path& path);

// File extension (".json", ".tei.xml", ".md") for a writer.
std::string extension_for_writer(std::string_view writer);

}  // namespace scrapedoc
