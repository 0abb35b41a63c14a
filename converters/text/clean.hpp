// The characters a document never holds, whichever reader made it
// (docs/hardening.md, "Output safety"). decode() removes them from the input
// bytes; readers of formats with escapes (JSON "\u0001", XML and HTML
// "&#xFFFE;", Markdown "&#1;") can make them again from clean input, so
// every document read goes through clean_document() as well.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/document.hpp"

namespace scrapedoc::text {

// Whether c may be in a document: not a C0 control but tab and line feed, not
// DEL, not a C1 control, not a surrogate, not a noncharacter (U+FDD0..U+FDEF
// and the last two code points of every plane, U+FFFE and U+FFFF among them).
// Every character this allows is allowed in XML 1.0.
constexpr bool is_document_char(char32_t c) {
    if (c < 0x20) return c == '\t' || c == '\n';
    if (c >= 0x7F && c <= 0x9F) return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) return false;
    return c <= 0x10FFFF;
}

// Removes from s every character is_document_char() refuses; a carriage
// return or CR LF becomes a line feed, as decode() does, and ill-formed UTF-8
// becomes U+FFFD. Returns how many characters were removed or replaced
// (0, and s untouched, when it was clean).
std::size_t clean_value(std::string& s);

// clean_value() on every string of the document (meta, byline, blocks at
// every depth, dropped lines; not the warnings). Returns the total.
std::size_t clean_document(Document& doc);

// clean_document(), and a warning in the document saying how many
// characters went, when any did. What readers call on what they made.
void clean_read_document(Document& doc);

// The shapes schema/scrapedoc.schema.json gives some fields, which readers
// of other people's files (a TEI <date>, a JSON "reason") cannot promise:
// an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm,
// :ss, .fraction and a zone Z or +hh[:mm]);
bool is_iso_date(std::string_view s);
// a language tag of the shape XML Schema's language type (and TEI's
// xml:lang) accepts, [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*;
bool is_language_tag(std::string_view s);
// a drop reason: lower-case ASCII words joined by hyphens. reason_token()
// makes one of any text ("Nav(igation" -> "nav-igation"; "other" when no
// letter or digit is left).
bool is_reason_token(std::string_view s);
std::string reason_token(std::string_view s);

// A date or language of another shape is left out of the document (the
// passes then detect the language from the text), and a drop reason is made
// a token; each change is reported as a warning. Called by scrapedoc::read
// on every document, whatever its reader.
void fit_field_shapes(Document& doc);

}  // namespace scrapedoc::text
