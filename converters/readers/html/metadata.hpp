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
    // The first schema.org microdata author (itemprop=author) on the page:
    // the first post's writer on a forum or Q&A page.
    std::vector<std::string> microdata_authors;
    // The text of the first link to a writer's page (/author/...), else to a
    // member's profile (/members/..., /u/...), after the headline.
    std::vector<std::string> profile_link_authors;
    std::string profile_link_source;
    std::string host_label;  // SiteNames::host_label of the page's URL; empty when unknown
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

// What names the site rather than one of its pages: the names the page
// gives its site (og:site_name, application-name, the JSON-LD publisher and
// WebSite or Organization names) and the main label of its host name
// ("raspberrypi" for forums.raspberrypi.com).
struct SiteNames {
    std::vector<std::string> keys;  // compare_key of each name
    std::string host_label;         // compare_key of the host's main label; empty when unknown
    // Whether a title part names the site: one of its names, the host label
    // or a word of it ("CDC" on cdc.gov), or the label with a few letters
    // more ("Raspberry Pi Forums", "Liberty University" on liberty.edu).
    bool names(std::string_view part) const;
};

// Whether a link goes to a person's page on the site itself: its href holds
// one of `parts` (profile-links.txt) followed by a name or number, not by
// one of the site's own pages (/user/login), and it stays on the site
// (`site_label`, a host label; a video site's /user/ is not the writer).
bool is_profile_link(std::string_view href, const std::vector<std::string>& parts, const std::string& site_label);

// Whether a link's text reads as a name or a user name rather than an
// action ("Sign in", "Get started free", "My account"): one word, or words
// that each open with a capital or are short particles ("van", "de"), and
// not one of the site's own pages.
bool reads_as_name(std::string_view text);

// The main label of a URL's host, lower-case: the one before the public
// suffix ("bbc" for https://www.bbc.co.uk/news); empty when there is none.
std::string host_label(std::string_view url);

// Removes a site name from a page title ("Headline | Site" -> "Headline",
// "Site - Section - Headline" -> "Section - Headline"): parts at either end
// that name the site, then, when none did, the shorter side of the last
// separator when it is short.
std::string strip_site_name(std::string_view title, const SiteNames& site);
// The same with one known site name (og:site_name), or none.
std::string strip_site_name(std::string_view title, std::string_view site);

// The part of a title before its first title separator (title-separators.txt:
// "Page | Section" -> "Page"; not the colon, which headlines use); the whole
// title when it has none.
std::string leading_title_part(std::string_view title);

// The text of a heading taken for the page title: without a trailing
// permalink mark ("Quickstart¶", "Usage #") and without parts that name the
// site ("Headline | Site").
std::string heading_title_text(const Tree& tree, std::uint32_t heading, const SiteNames& site);

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
