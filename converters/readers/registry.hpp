// The table of readers: name -> functions. Adding an input format is one
// reader file and one line in registry.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::readers {

struct ReadContext {
    std::string_view source_name;
    std::vector<explain_entry>* explain = nullptr;  // filled when not null
    // When not null, a reader that removed duplicated paragraphs and quotes
    // itself, by passes::find_duplicates over exactly the texts it put in
    // the document, sets it: the shared pass (passes::drop_duplicates) would
    // find none, and need not make every skeleton again.
    bool* duplicates_dropped = nullptr;
    // When not null, a reader whose paragraphs, quotes, headings and list
    // items have their white space collapsed already (text::is_collapsed)
    // sets it: the shared pass (passes::clean_whitespace) need not read them.
    bool* texts_collapsed = nullptr;
    // The caller discards the text unread once read() returns: the reader
    // may hand its memory back to the system as it goes (it then reads as
    // zeros).
    bool input_discarded = false;
    // When not null, the numbers (0-based, in order) of the only lines of
    // the text that may have white space to collapse (text::Decoded::spaced_lines).
    const std::vector<std::size_t>* spaced_lines = nullptr;
    // Where learned models come from (read_options::models; empty: the
    // compiled-in ones) and, when not null, where a reader puts what each
    // learned decision saw (read_options::features).
    std::filesystem::path models;
    std::vector<feature_table>* features = nullptr;
};

struct Reader {
    std::string_view name;           // as given to --from
    std::string_view source_format;  // meta.source.format
    // How sure the reader is that this (decoded) input is its format, 0..100;
    // --from auto takes the highest.
    int (*sniff)(std::string_view text);
    // Reads decoded UTF-8 into a Document. Throws scrapedoc::error for input
    // that is not its format.
    Document (*read)(std::string_view text, const ReadContext& context);
};

const std::vector<Reader>& all();
// By name; "md" is the Markdown reader too, as it is the Markdown writer.
const Reader* find(std::string_view name);
// The reader --from auto picks for this text.
const Reader& detect(std::string_view text);

// One line per reader, declared in its own file.
extern const Reader text_reader;
extern const Reader html_reader;
extern const Reader json_reader;
extern const Reader tei_reader;
extern const Reader markdown_reader;

}  // namespace scrapedoc::readers
