// The plain-text segmenter: the text a scraper copied off a rendered page ->
// Document. Stages, each testable on its own:
//   split_lines -> describe_lines -> classify_lines -> assemble_document
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::readers::text_segmenter {

enum class Kind : std::uint8_t {
    blank,
    title,
    subtitle,
    byline,
    date,
    figure,     // a caption line, with its credit when the line carries one
    credit,     // a credit line that belongs to the figure before or after it
    heading,
    paragraph,
    list_item,
    quote,
    dropped,
};

const char* kind_name(Kind k);

// Storage for the texts and keys of lines that differ from the input (white
// space collapsed, case folded). Views into it stay valid while it lives.
class TextArena {
public:
    std::string_view store(std::string_view s);

private:
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
    std::size_t chunk_size_ = 16 * 1024;  // grows as chunks fill, so small pages stay small
};

// Text that only a few lines carry (captions, credits, notes for --explain):
// allocated when set, so every other line pays one pointer for it. Reads as
// a std::string.
class RareText {
public:
    RareText() = default;
    RareText(const RareText& o) { *this = o; }
    RareText(RareText&&) noexcept = default;
    RareText& operator=(const RareText& o) { return *this = o.str(); }
    RareText& operator=(RareText&&) noexcept = default;
    RareText& operator=(std::string s) {
        if (s.empty()) text_.reset();
        else if (text_) *text_ = std::move(s);
        else text_ = std::make_unique<std::string>(std::move(s));
        return *this;
    }
    RareText& operator=(std::string_view s) { return *this = std::string(s); }
    RareText& operator=(const char* s) { return *this = std::string(s); }

    bool empty() const { return !text_; }
    const std::string& str() const { return text_ ? *text_ : none(); }
    operator const std::string&() const { return str(); }
    operator std::string_view() const { return str(); }

private:
    static const std::string& none() {
        static const std::string empty;
        return empty;
    }
    std::unique_ptr<std::string> text_;
};

// One input line with its features and, after classify_lines, its kind. The
// page's lines are all held at once, so the fields are kept compact: counts
// in 32 bits (an input is at most a few hundred MB), flags in bits.
struct Line {
    std::string_view text;   // white space collapsed; into the input or the arena
    std::string_view key;    // for cue look-up (cue_key): into the input or the arena; empty for long lines
    std::uint32_t number = 0;  // 1-based

    // Features (describe_lines).
    std::uint32_t graphemes = 0;
    double weight = 0;       // length in Latin-letter equivalents: a CJK character counts more
    std::uint32_t words = 0;
    std::uint32_t sentence_marks = 0;  // sentence-final punctuation anywhere in the line
    std::uint32_t commas = 0;
    std::uint32_t repeats = 0;  // other lines of the page with the same key
    std::string_view cue;       // boilerplate reason from a cue list, empty if none
    bool terminal : 1 = false;  // ends with sentence-final punctuation (quotes and brackets aside)
    bool ends_with_colon : 1 = false;
    bool bullet : 1 = false;    // starts with a bullet or a list number
    bool numbered : 1 = false;  // starts with "1." / "1)" / "(1)"
    bool enclosed_quote : 1 = false;  // one quotation from its first character to its last
    bool blank_before : 1 = false;
    bool blank_after : 1 = false;
    bool upper : 1 = false;     // written in capitals (Latin, Cyrillic, Greek)
    bool residue : 1 = false;   // a CSS class or id left by the scraper ("post-title")
    bool date_like : 1 = false;
    bool separator_list : 1 = false;  // "Home | News | Sport" or "a · b · c"
    bool byline_cue : 1 = false;
    bool credit_cue : 1 = false;  // carries a photo credit (split_credit)
    bool copyright : 1 = false;   // a copyright line: what follows is seldom the article

    // Decision (classify_lines).
    bool joined : 1 = false;  // a credit or quote attribution merged into the block above
    Kind kind = Kind::dropped;
    std::string_view reason;  // why: a dropped reason, or the feature that decided (static text)
    RareText note;            // details for --explain ("line 12", "score 3.20")
    RareText caption, credit;  // for figure and credit lines
};


// Stage 1: one Line per input line (LF separated), numbers kept. The lines
// view `text` and `arena`, which must outlive them.
std::vector<Line> split_lines(std::string_view text, TextArena& arena);

// Stage 2: features of every line.
void describe_lines(std::vector<Line>& lines, TextArena& arena);

// Stage 3: a kind and a reason for every line.
void classify_lines(std::vector<Line>& lines);

// Stage 4: the document from the classified lines; duplicates dropped.
Document assemble_document(std::vector<Line>& lines);

struct CaptionParts {
    std::string caption;  // empty when the line is a credit alone
    std::string credit;   // the credited name, without label words or brackets
};

struct KeyWords;

// A caption line split into caption and credit; nothing when it carries no credit.
std::optional<CaptionParts> split_credit(std::string_view line);
// The same, given the line's key split into words (cue_key).
std::optional<CaptionParts> split_credit(std::string_view line, const KeyWords& key);
bool is_credit_text(std::string_view part);
std::string strip_credit_label(std::string_view credit);

// The ISO 8601 calendar date (YYYY-MM-DD) a date line names first, or
// nothing. Month names come from cues/date-words.txt; Solar Hijri dates are
// converted to the Gregorian calendar.
std::optional<std::string> parse_date(std::string_view line);

// Length in Latin-letter equivalents; see Line::weight.
double text_weight(std::string_view s);

}  // namespace scrapedoc::readers::text_segmenter
