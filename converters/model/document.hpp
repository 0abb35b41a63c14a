// The document model: the one thing readers produce and writers consume.
// Plain value types compared with ==, so round trips are testable.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace scrapedoc {

enum class Direction { ltr, rtl };

// What kind of page the input was, as the web's pages come: a news or blog
// article, a forum thread, a product page, a collection (a category or a
// gallery of items), a listing (search results, an index of posts), a
// documentation page, a service page (what a business offers), or other
// when the reader is unsure. A reader with no idea leaves it unset.
enum class PageType { article, forum, product, collection, listing, documentation, service, other };
inline constexpr std::size_t page_type_count = 8;
// The name of this vocabulary where a format wants one (TEI classCode@scheme).
inline constexpr const char* page_type_scheme = "scrapedoc:page-type";

struct Source {
    std::string name = "-";  // input file name, or "-" for stdin
    std::string format;      // text | html | markdown | json | tei
    std::string sha256;      // hex of the raw input bytes
    // Known for a page read from a web archive (WARC): the URL it was
    // fetched from (WARC-Target-URI), when (WARC-Date, ISO 8601) and the
    // archive record it came from (WARC-Record-ID, without its <>).
    std::optional<std::string> url;
    std::optional<std::string> retrieved;
    std::optional<std::string> record_id;
    bool operator==(const Source&) const = default;
};

struct Meta {
    std::optional<std::string> title;
    std::optional<std::string> subtitle;
    std::vector<std::string> authors;
    std::optional<std::string> publisher;
    std::optional<std::string> date;      // ISO 8601
    std::optional<std::string> language;  // BCP 47
    Direction direction = Direction::ltr;
    std::optional<PageType> page_type;  // unset: the reader cannot tell
    Source source;
    bool operator==(const Meta&) const = default;
};

struct Paragraph {
    std::string text;
    bool operator==(const Paragraph&) const = default;
};

struct Quote {
    std::string text;
    bool operator==(const Quote&) const = default;
};

struct List {
    bool ordered = false;
    std::vector<std::string> items;
    bool operator==(const List&) const = default;
};

struct Figure {
    std::optional<std::string> caption;
    std::optional<std::string> credit;  // e.g. an archive note or photo agency
    std::optional<std::string> src;
    std::optional<std::string> alt;
    bool operator==(const Figure&) const = default;
};

// Rows of cells; when `header` is set the first row holds column headings.
struct Table {
    bool header = false;
    std::vector<std::vector<std::string>> rows;
    bool operator==(const Table&) const = default;
};

struct Section;
using Block = std::variant<Paragraph, Figure, Quote, List, Table, Section>;

// A part of the document under a heading. A part someone wrote at some
// time (a forum post, a reply, a review) names them: `author` and `date`
// (ISO 8601 when known, else as the page gives it); its heading is the line
// that introduces it on the page.
struct Section {
    std::string heading;
    int level = 2;  // 2..6; the document title is level 1
    std::vector<Block> blocks;
    std::optional<std::string> author;
    std::optional<std::string> date;
    bool is_post() const { return author.has_value() || date.has_value(); }
    bool operator==(const Section&) const;
};

// An input line (or HTML fragment) that is not part of the document, and why.
struct Dropped {
    std::string text;
    std::string reason;  // share-widget | duplicate | site-name | markup-residue | navigation | ...
    std::size_t line = 0;  // 1-based input line; 0 when the reader has no lines
    bool operator==(const Dropped&) const = default;
};

// Something the reader repaired or guessed; reported to the user, not part of
// the written document.
struct Warning {
    std::string message;
    std::size_t offset = 0;  // byte offset in the raw input, when it applies
    bool operator==(const Warning&) const = default;
};

struct Document {
    Meta meta;
    std::optional<std::string> byline;
    std::vector<Block> blocks;
    std::vector<Dropped> dropped;
    std::vector<Warning> warnings;
    bool operator==(const Document&) const = default;
};

inline bool Section::operator==(const Section& o) const {
    return heading == o.heading && level == o.level && blocks == o.blocks && author == o.author && date == o.date;
}

const char* to_string(Direction d);

// Name of a page type as written in every format ("article", "forum", ...).
const char* to_string(PageType t);
// The page type of a name; unset when the name is none of them.
std::optional<PageType> page_type_from_string(std::string_view name);

// Name of a block's type as written in JSON ("paragraph", "figure", ...).
const char* block_type_name(const Block& b);

}  // namespace scrapedoc
