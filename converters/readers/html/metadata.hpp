// Page metadata: what the <head>, JSON-LD and a few well-known elements say
// about the article (title, authors, publisher, date, language).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "readers/html/tree.hpp"

namespace scrapedoc::html {

struct PageMeta {
    std::optional<std::string> title;
    std::string title_source;  // og:title, json-ld, h1, title (for --explain)
    std::uint32_t title_node = no_node;  // the <h1> the title was taken from, if any
    std::vector<std::string> authors;
    std::string authors_source;
    std::optional<std::string> publisher;
    std::optional<std::string> date;      // ISO 8601
    std::optional<std::string> language;  // BCP 47, as the page declares it
    std::optional<std::string> canonical_url;
    std::optional<std::string> description;
    std::vector<std::uint32_t> h1_nodes;  // visible <h1> elements, in order
    std::vector<std::string> organisations;  // names the page gives to organisations (publisher, JSON-LD)
    // What the page says it is, for the page-type classifier (page_type.hpp):
    // the @type of every JSON-LD object, in page order, and og:type.
    std::vector<std::string> json_ld_types;
    std::string og_type;
};

// Whether an author name is the site or an organisation rather than a
// person: the publisher, an organisation named in JSON-LD, or the site's
// domain name ("akhbarelyom" on akhbarelyom.com).
bool is_organisation(const PageMeta& meta, std::string_view name);

// The names after a byline word in a short line: "By A and B", "حوار: A",
// "【纠错】 责任编辑： 焦鹏"; empty when the line is not a byline.
std::string byline_tail(std::string_view line);

// Reads what the page declares. Byline elements in the body are looked at by
// the content step, which knows where the article is.
PageMeta read_metadata(const Tree& tree);

// ISO 8601 form of a date as pages write it (ISO variants, "2019/02/24",
// RFC 1123 "Sun, 24 Feb 2019 10:15:00 GMT"); empty when it is not a date.
std::string normalize_date(std::string_view s);

// A BCP 47 tag from a lang attribute or locale ("en_US" -> "en-US");
// empty when it is not one.
std::string normalize_language(std::string_view s);

// Removes a site name from a page title ("Headline | Site" -> "Headline");
// `site` (og:site_name) is used when known, else the shorter side of the last
// separator is taken for the site when it is short.
std::string strip_site_name(std::string_view title, std::string_view site);

// Removes only the site's own name (`site`, og:site_name) when it is one side
// of a separator; other titles come back whole.
std::string strip_known_site_name(std::string_view title, std::string_view site);

// Letters and digits, case-folded: titles that differ only in punctuation,
// spacing or case have the same key.
std::string compare_key(std::string_view s);

// Person names from a byline ("By A, B and C" -> A, B, C).
std::vector<std::string> names_from_byline(std::string_view byline);

// Named and numeric character references left in meta text (JSON-LD strings
// and attribute values that were escaped twice) replaced by their characters.
std::string decode_references(std::string_view s);

}  // namespace scrapedoc::html
