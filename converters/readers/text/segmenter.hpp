// The plain-text segmenter: the text a scraper copied off a rendered page ->
// Document. Stages, each testable on its own:
//   split_lines -> describe_lines -> classify_lines -> assemble_document
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::readers::text_segmenter {

enum class Kind {
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

struct Line {
    std::size_t number = 0;  // 1-based
    std::string text;        // white space collapsed
    std::string key;         // for cue look-up: case-folded, bullets and edge punctuation trimmed

    // Features (describe_lines).
    std::size_t graphemes = 0;
    double weight = 0;       // length in Latin-letter equivalents: a CJK character counts more
    std::size_t words = 0;
    std::size_t sentence_marks = 0;  // sentence-final punctuation anywhere in the line
    std::size_t commas = 0;
    bool terminal = false;   // ends with sentence-final punctuation (quotes and brackets aside)
    bool ends_with_colon = false;
    bool bullet = false;     // starts with a bullet or a list number
    bool numbered = false;   // starts with "1." / "1)" / "(1)"
    bool enclosed_quote = false;  // one quotation from its first character to its last
    bool blank_before = false, blank_after = false;
    bool upper = false;      // written in capitals (Latin, Cyrillic, Greek)
    bool residue = false;    // a CSS class or id left by the scraper ("post-title")
    bool date_like = false;
    bool separator_list = false;  // "Home | News | Sport" or "a · b · c"
    std::size_t repeats = 0;  // other lines of the page with the same key
    std::string_view cue;     // boilerplate reason from a cue list, empty if none
    bool byline_cue = false;
    bool credit_cue = false;  // carries a photo credit (split_credit)
    bool copyright = false;   // a copyright line: what follows is seldom the article

    // Decision (classify_lines).
    Kind kind = Kind::dropped;
    std::string reason;       // why: a dropped reason, or the feature that decided
    std::string caption, credit;  // for figure and credit lines
};

// Stage 1: one Line per input line (LF separated), numbers kept.
std::vector<Line> split_lines(std::string_view text);

// Stage 2: features of every line.
void describe_lines(std::vector<Line>& lines);

// Stage 3: a kind and a reason for every line.
void classify_lines(std::vector<Line>& lines);

// Stage 4: the document from the classified lines; duplicates dropped.
Document assemble_document(std::vector<Line>& lines);

struct CaptionParts {
    std::string caption;  // empty when the line is a credit alone
    std::string credit;   // the credited name, without label words or brackets
};

// A caption line split into caption and credit; nothing when it carries no credit.
std::optional<CaptionParts> split_credit(std::string_view line);
bool is_credit_text(std::string_view part);
std::string strip_credit_label(std::string_view credit);

// The ISO 8601 calendar date (YYYY-MM-DD) a date line names first, or
// nothing. Month names come from cues/date-words.txt; Solar Hijri dates are
// converted to the Gregorian calendar.
std::optional<std::string> parse_date(std::string_view line);

// Length in Latin-letter equivalents; see Line::weight.
double text_weight(std::string_view s);

}  // namespace scrapedoc::readers::text_segmenter
