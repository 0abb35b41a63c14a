#include "readers/html/page_type.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "data/embedded.hpp"
#include "learned/model.hpp"
#include "readers/html/cues.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

constexpr std::string_view model_name = "html-page-type";

// Counts and shares of the markup, in their column order (after the URL,
// schema and class cue columns, whose names come from the data files).
enum Dom : std::size_t {
    url_known, url_depth, url_last_bytes, url_last_hyphens, url_year, url_number, url_query, url_page_file,
    og_article, og_product, og_website, og_other,
    has_author, has_date, description_bytes, words,
    elements, text_bytes, link_share, p_share, long_paragraphs, paragraphs, h1, h2_h3, h4_h6, list_items,
    linked_list_items, tables, table_rows, definition_lists, pre_blocks, code_share, forms, inputs, textareas,
    selects, buttons, images, links, articles, sections, navs, asides, times, iframes, videos, figures,
    blockquotes, prices,
    item_count, item_image_count, item_groups, largest_run_share, largest_run_items, largest_run_text,
    largest_run_link_share, heading_items, priced_items, dated_items, linked_headings, dated_texts, tel_links,
    mailto_links, prose_block_share, paragraph_average, links_per_kb, headings_per_kb,
    dom_count
};

constexpr std::string_view dom_names[] = {
    "url-known", "url-depth", "url-last-bytes", "url-last-hyphens", "url-year", "url-number", "url-query",
    "url-page-file",
    "og-article", "og-product", "og-website", "og-other",
    "has-author", "has-date", "description-bytes", "words",
    "elements", "text-bytes", "link-share", "p-share", "long-paragraphs", "paragraphs", "h1", "h2-h3", "h4-h6",
    "list-items", "linked-list-items", "tables", "table-rows", "definition-lists", "pre-blocks", "code-share",
    "forms", "inputs", "textareas", "selects", "buttons", "images", "links", "articles", "sections", "navs",
    "asides", "times", "iframes", "videos", "figures", "blockquotes", "prices",
    "item-count", "item-image-count", "item-groups", "largest-run-share", "largest-run-items", "largest-run-text",
    "largest-run-link-share", "heading-items", "priced-items", "dated-items", "linked-headings", "dated-texts",
    "tel-links", "mailto-links", "prose-block-share", "paragraph-average", "links-per-kb", "headings-per-kb",
};
static_assert(std::size(dom_names) == dom_count);

// The three cue files: each line `name: cue cue ...` is one feature.
struct PageTypeCues {
    std::vector<std::string> url_names, schema_names, class_names, phrase_names, word_names;
    std::vector<std::pair<std::string, std::uint64_t>> words;    // word -> bits, sorted
    std::size_t longest_word = 0;
    CueIndex url, classes;
    std::vector<std::pair<std::string, std::uint64_t>> schema;   // type -> bits, sorted
    std::vector<std::pair<std::string, std::uint64_t>> phrases;  // phrase -> bits, sorted
    std::vector<std::string> column_storage;
    std::vector<std::string_view> columns;

    static const PageTypeCues& get();
};

template <class Each>
void read_cue_lines(std::string_view path, std::vector<std::string>& names, Each&& each, char separator = ' ') {
    const std::string_view content = data::embedded_file(path);
    if (content.empty()) throw std::logic_error("data file " + std::string(path) + " is missing");
    data::for_each_line(content, [&](std::string_view line) {
        if (line.empty() || line[0] == '#') return;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        std::string name(line.substr(0, colon));
        std::size_t index = std::find(names.begin(), names.end(), name) - names.begin();
        if (index == names.size()) names.push_back(name);
        if (index >= 64) throw std::logic_error(std::string(path) + ": more than 64 features");
        std::string_view rest = line.substr(colon + 1);
        while (!rest.empty()) {
            const std::size_t start = rest.find_first_not_of(' ');
            if (start == std::string_view::npos) break;
            rest.remove_prefix(start);
            std::size_t end = std::min(rest.find(separator), rest.size());
            std::string_view cue = rest.substr(0, end);
            while (!cue.empty() && cue.back() == ' ') cue.remove_suffix(1);
            if (!cue.empty()) each(cue, std::uint64_t{1} << index);
            rest.remove_prefix(std::min(end + 1, rest.size()));
        }
    });
}

const PageTypeCues& PageTypeCues::get() {
    static const PageTypeCues cues = [] {
        PageTypeCues c;
        read_cue_lines("html/page-type-url.txt", c.url_names, [&](std::string_view cue, std::uint64_t bit) { c.url.add(cue, bit); });
        read_cue_lines("html/page-type-schema.txt", c.schema_names,
                       [&](std::string_view type, std::uint64_t bit) { c.schema.emplace_back(type, bit); });
        read_cue_lines("html/page-type-classes.txt", c.class_names,
                       [&](std::string_view cue, std::uint64_t bit) { c.classes.add(cue, bit); });
        read_cue_lines(
            "html/page-type-phrases.txt", c.phrase_names,
            [&](std::string_view phrase, std::uint64_t bit) { c.phrases.emplace_back(phrase, bit); }, '|');
        read_cue_lines("html/page-type-words.txt", c.word_names, [&](std::string_view word, std::uint64_t bit) {
            c.words.emplace_back(word, bit);
            c.longest_word = std::max(c.longest_word, word.size());
        });
        std::sort(c.words.begin(), c.words.end());
        c.url.finish();
        c.classes.finish();
        std::sort(c.schema.begin(), c.schema.end());
        std::sort(c.phrases.begin(), c.phrases.end());
        for (const auto& n : c.url_names) c.column_storage.push_back("url:" + n);
        for (const auto& n : c.url_names) c.column_storage.push_back("url-last:" + n);
        for (const auto& n : c.url_names) c.column_storage.push_back("title:" + n);
        for (const auto& n : c.schema_names) c.column_storage.push_back("schema:" + n);
        for (const auto& n : c.class_names) c.column_storage.push_back("class:" + n);
        for (const auto& n : c.phrase_names) c.column_storage.push_back("text:" + n);
        for (const auto& n : c.word_names) c.column_storage.push_back("words:" + n);
        for (auto n : dom_names) c.column_storage.emplace_back(n);
        for (const auto& s : c.column_storage) c.columns.push_back(s);
        return c;
    }();
    return cues;
}

std::uint64_t schema_bits(const PageTypeCues& cues, std::string_view type) {
    // "http://schema.org/Product" and "schema:Product" name the type too.
    const std::size_t cut = type.find_last_of("/:#");
    if (cut != std::string_view::npos) type.remove_prefix(cut + 1);
    auto it = std::lower_bound(cues.schema.begin(), cues.schema.end(), type,
                               [](const auto& e, std::string_view t) { return e.first < t; });
    std::uint64_t bits = 0;
    for (; it != cues.schema.end() && it->first == type; ++it) bits |= it->second;
    return bits;
}

// The phrase bits of a short text: lower-cased, without the digits,
// punctuation and arrows at either end ("Read more »" -> "read more").
std::uint64_t phrase_bits(const PageTypeCues& cues, std::string_view s) {
    if (s.size() > 40) return 0;
    char buffer[40];
    std::size_t b = 0, e = s.size();
    auto letter = [](unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
    // Non-ASCII bytes stay (words of other scripts), except the arrows and
    // guillemets of "more" links: E2 80 xx, E2 86 xx, C2 AB, C2 BB.
    auto mark_at_start = [&](std::size_t i) -> std::size_t {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) return letter(c) ? 0 : 1;
        if (c == 0xC2 && i + 1 < e && (s[i + 1] == '\xAB' || s[i + 1] == '\xBB')) return 2;
        if (c == 0xE2 && i + 2 < e && (s[i + 1] == '\x80' || s[i + 1] == '\x86')) return 3;
        return 0;
    };
    auto mark_at_end = [&](std::size_t end) -> std::size_t {
        const auto c = static_cast<unsigned char>(s[end - 1]);
        if (c < 0x80) return letter(c) || c == '?' || c == '!' ? 0 : 1;
        if (end >= 2 + b && s[end - 2] == '\xC2' && (c == 0xAB || c == 0xBB)) return 2;
        if (end >= 3 + b && s[end - 3] == '\xE2' && (s[end - 2] == '\x80' || s[end - 2] == '\x86')) return 3;
        return 0;
    };
    while (b < e) {
        const std::size_t m = mark_at_start(b);
        if (m == 0) break;
        b += m;
    }
    while (e > b) {
        const std::size_t m = mark_at_end(e);
        if (m == 0) break;
        e -= m;
    }
    if (b == e) return 0;
    std::size_t n = 0;
    bool space = false;
    for (std::size_t i = b; i < e; ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space) buffer[n++] = ' ', space = false;
        if (n == sizeof buffer) return 0;
        buffer[n++] = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    const std::string_view key(buffer, n);
    auto it = std::lower_bound(cues.phrases.begin(), cues.phrases.end(), key,
                               [](const auto& x, std::string_view k) { return x.first < k; });
    std::uint64_t bits = 0;
    for (; it != cues.phrases.end() && it->first == key; ++it) bits |= it->second;
    return bits;
}

// A year of the last century or this one in a short text: a date line.
bool has_year(std::string_view s) {
    if (s.size() > 60) return false;
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))) continue;
        if (s[i + 2] < '0' || s[i + 2] > '9' || s[i + 3] < '0' || s[i + 3] > '9') continue;
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
        if (i + 4 < s.size() && s[i + 4] >= '0' && s[i + 4] <= '9') continue;
        return true;
    }
    return false;
}

void add_bits(std::uint64_t bits, float* counts);

// Counts the words of a text, and those of the word lists (word_counts).
void count_words(const PageTypeCues& cues, std::string_view s, float& total, float* word_counts) {
    char buffer[16];
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        const bool part = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '\'';
        if (!part) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        std::size_t n = 0;
        for (; i < s.size(); ++i) {
            c = static_cast<unsigned char>(s[i]);
            if (!(c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '\'')) break;
            if (n < sizeof buffer) buffer[n] = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            ++n;
        }
        total += 1;
        if (i - start > cues.longest_word) continue;
        const std::string_view key(buffer, n);
        auto it = std::lower_bound(cues.words.begin(), cues.words.end(), key,
                                   [](const auto& x, std::string_view k) { return x.first < k; });
        if (it != cues.words.end() && it->first == key) add_bits(it->second, word_counts);
    }
}

void add_bits(std::uint64_t bits, float* counts) {
    for (std::size_t i = 0; bits != 0; ++i, bits >>= 1)
        if (bits & 1) counts[i] += 1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The URL's tokens and shape. The host's labels before the registrable name
// count as tokens too (docs.example.com, forum.example.org).
void url_features(const PageTypeCues& cues, std::string_view url, float* url_counts, float* dom) {
    if (url.empty()) return;
    dom[url_known] = 1;
    const std::size_t scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    else if (url.starts_with("//")) url.remove_prefix(2);
    const std::size_t cut = url.find_first_of("?#");
    if (cut != std::string_view::npos) {
        if (url[cut] == '?') dom[url_query] = 1;
        url = url.substr(0, cut);
    }
    const std::size_t slash = url.find('/');
    std::string_view host = url.substr(0, slash), path = slash == std::string_view::npos ? "" : url.substr(slash);
    // Leave out the registrable name: the last two labels, three under a
    // country's second level ("bbc.co.uk"). Close enough for a cue.
    std::size_t labels = static_cast<std::size_t>(std::count(host.begin(), host.end(), '.')) + 1;
    std::size_t keep = labels > 2 ? labels - 2 : 0;
    if (labels >= 3 && host.size() > 3 && host[host.size() - 3] == '.') {
        const std::size_t before = host.rfind('.', host.size() - 4);
        const std::string_view second = host.substr(before + 1, host.size() - 4 - before);
        if (second.size() <= 3) keep = keep > 0 ? keep - 1 : 0;
    }
    std::string prefix;
    for (std::size_t i = 0, start = 0; i < keep; ++i) {
        const std::size_t dot = host.find('.', start);
        const std::string_view label = host.substr(start, dot - start);
        if (label != "www" && label != "m") (prefix += label) += ' ';
        start = dot + 1;
    }
    add_bits(cues.url.match(class_tokens(prefix)), url_counts);

    std::string_view last;
    std::size_t depth = 0;
    for (std::size_t i = 0; i < path.size();) {
        const std::size_t end = std::min(path.find('/', i), path.size());
        const std::string_view segment = path.substr(i, end - i);
        if (!segment.empty()) {
            ++depth;
            last = segment;
            std::size_t digits = 0;
            while (digits < segment.size() && is_digit(segment[digits])) ++digits;
            if (digits == segment.size()) {
                if (digits == 4 && (segment.starts_with("19") || segment.starts_with("20"))) dom[url_year] = 1;
                else dom[url_number] = 1;
            }
        }
        i = end + 1;
    }
    // Path tokens: split at every non-alphanumeric byte; no camelCase split
    // (paths are lower case, and an ID's humps mean nothing).
    std::string tokens = "-";
    for (char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || is_digit(ch) || c >= 0x80) tokens += ch;
        else if (c >= 'A' && c <= 'Z') tokens += static_cast<char>(c | 0x20);
        else if (tokens.back() != '-') tokens += '-';
    }
    if (tokens.back() != '-') tokens += '-';
    // Each matching token counts (a path "forum/thread" says forum twice).
    for (std::size_t i = 1; i < tokens.size();) {
        const std::size_t j = tokens.find('-', i);
        if (j == std::string::npos) break;
        if (j > i) add_bits(cues.url.match(std::string_view(tokens).substr(i - 1, j - i + 2)), url_counts);
        i = j + 1;
    }
    // The last segment's tokens again on their own: /news is a listing of
    // news, /news/2024/some-story an article.
    std::string last_tokens = class_tokens(last);
    add_bits(cues.url.match(last_tokens), url_counts + cues.url_names.size());
    dom[url_depth] = static_cast<float>(depth);
    dom[url_last_bytes] = static_cast<float>(last.size());
    dom[url_last_hyphens] = static_cast<float>(std::count(last.begin(), last.end(), '-'));
    for (std::string_view ext : {".html", ".htm", ".php", ".aspx", ".asp", ".shtml", ".jsp"})
        if (last.size() > ext.size() && last.ends_with(ext)) dom[url_page_file] = 1;
}

// A price: a currency sign next to a digit ("$12", "12,50 €", "£ 9").
bool has_price(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t sign = 0;  // bytes of the sign at i
        if (c == '$') sign = 1;
        else if (c == 0xC2 && i + 1 < s.size() && (s[i + 1] == '\xA3' || s[i + 1] == '\xA5')) sign = 2;  // £ ¥
        else if (c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x82') {
            const auto d = static_cast<unsigned char>(s[i + 2]);
            // € ₹ ₽ ₩ ₺ ₫ ₪ ₴ ₱
            if (d == 0xAC || d == 0xB9 || d == 0xBD || d == 0xA9 || d == 0xBA || d == 0xAB || d == 0xAA || d == 0xB4 ||
                d == 0xB1)
                sign = 3;
        }
        if (sign == 0) continue;
        std::size_t after = i + sign;
        while (after < s.size() && s[after] == ' ') ++after;
        if (after < s.size() && is_digit(s[after])) return true;
        std::size_t before = i;
        while (before > 0 && s[before - 1] == ' ') --before;
        if (before > 0 && is_digit(s[before - 1])) return true;
        i += sign - 1;
    }
    return false;
}

std::size_t non_space_bytes(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += !(c == ' ' || c == '\n' || c == '\t' || c == '\r');
    return n;
}

float share(float part, float whole) { return whole > 0 ? part / whole : 0; }

}  // namespace

float PageTypeResult::probability_of(PageType t) const {
    for (std::size_t i = 0; i < classified_type_count; ++i)
        if (classified_types[i] == t) return probability[i];
    return 0;
}

const std::vector<std::string_view>& page_type_feature_names() { return PageTypeCues::get().columns; }

std::vector<float> page_type_features(const Tree& tree, const PageMeta& meta) {
    const PageTypeCues& cues = PageTypeCues::get();
    std::vector<float> values(cues.columns.size(), 0.0f);
    float* url_counts = values.data();
    float* title_counts = url_counts + 2 * cues.url_names.size();
    float* schema_counts = url_counts + 3 * cues.url_names.size();
    float* class_counts = schema_counts + cues.schema_names.size();
    float* phrase_counts = class_counts + cues.class_names.size();
    float* word_counts = phrase_counts + cues.phrase_names.size();
    float* dom = word_counts + cues.word_names.size();

    if (meta.canonical_url) url_features(cues, *meta.canonical_url, url_counts, dom);
    // The title's words against the URL's cue lists: "Forums", "Shop all",
    // "Search results", "Documentation", "Our services".
    if (meta.title) add_bits(cues.url.match(class_tokens(*meta.title)), title_counts);
    for (const auto& t : meta.json_ld_types) add_bits(schema_bits(cues, t), schema_counts);
    if (!meta.og_type.empty()) {
        const std::string_view og = meta.og_type;
        if (og == "article" || og.starts_with("article") || og == "blog" || og.starts_with("news")) dom[og_article] = 1;
        else if (og.find("product") != std::string_view::npos) dom[og_product] = 1;
        else if (og == "website") dom[og_website] = 1;
        else dom[og_other] = 1;
    }
    dom[has_author] = meta.authors.empty() ? 0 : 1;
    dom[has_date] = meta.date ? 1 : 0;
    dom[description_bytes] = meta.description ? static_cast<float>(meta.description->size()) : 0;

    // One walk in document order: counts, and each node's own visible text;
    // then one walk backwards sums every subtree.
    const std::size_t n = tree.size();
    // Per node, summed over its subtree once the walk is done.
    struct Sums {
        std::uint32_t text = 0, link_text = 0, anchors = 0, pictures = 0, headings = 0, prices = 0, dates = 0;
        std::uint32_t p_children = 0;  // text of the <p> children (not summed)
        std::uint32_t signature = 0;   // tag and class (not summed)
    };
    std::vector<Sums> sums(n);
    std::unordered_map<std::string_view, std::uint64_t> class_bits;
    std::uint32_t skip_end = 0, link_end = 0, code_end = 0;
    float p_text = 0, code_text = 0, link_bytes = 0, total = 0;
    for (std::uint32_t i = 1; i < n; ++i) {
        const Node& node = tree.nodes[i];
        if (i < skip_end) continue;
        if (node.tag == Tag::text) {
            const std::string_view s = tree.text(i);
            const auto bytes = static_cast<std::uint32_t>(non_space_bytes(s));
            if (bytes == 0) continue;
            Sums& own = sums[i];
            own.text = bytes;
            total += static_cast<float>(bytes);
            if (i < link_end) {
                own.link_text = bytes;
                link_bytes += static_cast<float>(bytes);
            }
            if (i < code_end) code_text += static_cast<float>(bytes);
            if (has_price(s)) dom[prices] += 1, own.prices = 1;
            count_words(cues, s, dom[words], word_counts);
            if (s.size() <= 60) {
                if (has_year(s)) dom[dated_texts] += 1, own.dates = 1;
                add_bits(phrase_bits(cues, s), phrase_counts);
            }
            continue;
        }
        dom[elements] += 1;
        // Class, id and itemprop cues; itemtype names a schema.org type.
        std::uint32_t hash = static_cast<std::uint32_t>(node.tag) * 0x9E3779B1u;
        for (std::uint32_t a = node.attr_begin; a < node.attr_end; ++a) {
            const std::string_view name = tree.str(tree.attributes[a].name);
            const std::string_view value = tree.str(tree.attributes[a].value);
            if (value.empty()) continue;
            if (name == "class" || name == "id" || name == "itemprop") {
                // Pages repeat their class values: each is read once.
                auto [it, fresh] = class_bits.try_emplace(value, 0);
                if (fresh) it->second = cues.classes.match(class_tokens(value));
                add_bits(it->second, class_counts);
                if (name == "class")
                    for (char c : value) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
            } else if (name == "itemtype") {
                for (std::size_t k = 0; k < value.size();) {
                    const std::size_t end = std::min(value.find(' ', k), value.size());
                    add_bits(schema_bits(cues, value.substr(k, end - k)), schema_counts);
                    k = end + 1;
                }
            }
        }
        sums[i].signature = hash;
        if (heading_level(node.tag) > 0) sums[i].headings = 1;
        switch (node.tag) {
            case Tag::a: {
                dom[links] += 1, sums[i].anchors = 1, link_end = std::max(link_end, node.end);
                const std::string_view href = tree.attr(i, "href");
                if (href.starts_with("tel:")) dom[tel_links] += 1;
                else if (href.starts_with("mailto:")) dom[mailto_links] += 1;
                break;
            }
            case Tag::p: dom[paragraphs] += 1; break;
            case Tag::h1: dom[h1] += 1; break;
            case Tag::h2: case Tag::h3: dom[h2_h3] += 1; break;
            case Tag::h4: case Tag::h5: case Tag::h6: dom[h4_h6] += 1; break;
            case Tag::li: dom[list_items] += 1; break;
            case Tag::table: dom[tables] += 1; break;
            case Tag::tr: dom[table_rows] += 1; break;
            case Tag::dl: dom[definition_lists] += 1; break;
            case Tag::pre: dom[pre_blocks] += 1, code_end = std::max(code_end, node.end); break;
            case Tag::code: code_end = std::max(code_end, node.end); break;
            case Tag::form: dom[forms] += 1; break;
            case Tag::input: if (tree.attr(i, "type") != "hidden") dom[inputs] += 1; break;
            case Tag::textarea: dom[textareas] += 1; break;
            case Tag::select: dom[selects] += 1; break;
            case Tag::button: dom[buttons] += 1; break;
            case Tag::img: dom[images] += 1, sums[i].pictures = 1; break;
            case Tag::article: dom[articles] += 1; break;
            case Tag::section: dom[sections] += 1; break;
            case Tag::nav: dom[navs] += 1; break;
            case Tag::aside: dom[asides] += 1; break;
            case Tag::time: dom[times] += 1, sums[i].dates = 1; break;
            case Tag::iframe: dom[iframes] += 1; break;
            case Tag::video: dom[videos] += 1; break;
            case Tag::figure: dom[figures] += 1; break;
            case Tag::blockquote: dom[blockquotes] += 1; break;
            default: break;
        }
        // A button's words ("Add to cart") are cues; its other content is not.
        if (is_invisible(node.tag) && node.tag != Tag::button) skip_end = node.end;
    }
    for (std::uint32_t i = static_cast<std::uint32_t>(n) - 1; i >= 1; --i) {
        const std::uint32_t p = tree.nodes[i].parent;
        if (p == no_node) continue;
        const Sums& c = sums[i];
        Sums& up = sums[p];
        up.text += c.text;
        up.link_text += c.link_text;
        up.anchors += c.anchors;
        up.pictures += c.pictures;
        up.headings += c.headings;
        up.prices += c.prices;
        up.dates += c.dates;
        if (tree.nodes[i].tag == Tag::p) up.p_children += c.text;
    }
    float prose_block = 0;
    for (std::uint32_t i = 1; i < n; ++i) {
        const Sums& s = sums[i];
        prose_block = std::max(prose_block, static_cast<float>(s.p_children));
        if (tree.nodes[i].tag == Tag::p) {
            p_text += static_cast<float>(s.text);
            if (s.text >= 200) dom[long_paragraphs] += 1;
        } else if (tree.nodes[i].tag == Tag::li && s.anchors > 0) {
            dom[linked_list_items] += 1;
        } else if (heading_level(tree.nodes[i].tag) > 0 && s.anchors > 0) {
            dom[linked_headings] += 1;
        }
    }
    dom[prose_block_share] = share(prose_block, total);
    dom[paragraph_average] = share(p_text, dom[paragraphs]);
    dom[links_per_kb] = share(dom[links] * 1000, total);
    dom[headings_per_kb] = share((dom[h1] + dom[h2_h3] + dom[h4_h6]) * 1000, total);
    dom[text_bytes] = total;
    for (std::size_t w = 0; w < cues.word_names.size(); ++w) word_counts[w] = share(word_counts[w], dom[words]);
    dom[link_share] = share(link_bytes, total);
    dom[p_share] = share(p_text, total);
    dom[code_share] = share(code_text, total);

    // Runs of like siblings (same tag and class): the items of a listing,
    // the posts of a thread, the cards of a collection, the paragraphs of
    // an article. Item groups are runs of three or more whose items mostly
    // hold a link.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> children;  // (signature, node)
    float best_share = 0;
    for (std::uint32_t parent = 0; parent < n; ++parent) {
        const Node& node = tree.nodes[parent];
        if (node.tag == Tag::text || node.first_child == no_node || sums[parent].text == 0) continue;
        children.clear();
        for (std::uint32_t c = node.first_child; c != no_node; c = tree.nodes[c].next_sibling)
            if (tree.nodes[c].tag != Tag::text && (sums[c].text > 0 || sums[c].pictures > 0))
                children.emplace_back(sums[c].signature, c);
        if (children.size() < 3) continue;
        std::sort(children.begin(), children.end());
        for (std::size_t b = 0; b < children.size();) {
            std::size_t e = b;
            float run_text = 0, run_links = 0, with_link = 0, with_image = 0, with_heading = 0, with_price = 0,
                  with_date = 0;
            for (; e < children.size() && children[e].first == children[b].first; ++e) {
                const Sums& c = sums[children[e].second];
                run_text += static_cast<float>(c.text);
                run_links += static_cast<float>(c.link_text);
                with_link += c.anchors > 0 ? 1.0f : 0.0f;
                with_image += c.pictures > 0 ? 1.0f : 0.0f;
                with_heading += c.headings > 0 ? 1.0f : 0.0f;
                with_price += c.prices > 0 ? 1.0f : 0.0f;
                with_date += c.dates > 0 ? 1.0f : 0.0f;
            }
            const auto items = static_cast<float>(e - b);
            if (items >= 3) {
                if (with_heading * 2 >= items) dom[heading_items] = std::max(dom[heading_items], items);
                if (with_price * 2 >= items) dom[priced_items] = std::max(dom[priced_items], items);
                if (with_date * 2 >= items) dom[dated_items] = std::max(dom[dated_items], items);
                if (with_link * 2 >= items) {
                    dom[item_count] = std::max(dom[item_count], items);
                    if (items >= 4) dom[item_groups] += 1;
                    if (with_image * 2 >= items) dom[item_image_count] = std::max(dom[item_image_count], items);
                }
                const float s = share(run_text, total);
                if (s > best_share) {
                    best_share = s;
                    dom[largest_run_share] = s;
                    dom[largest_run_items] = items;
                    dom[largest_run_text] = run_text / items;
                    dom[largest_run_link_share] = share(run_links, run_text);
                }
            }
            b = e;
        }
    }
    return values;
}

PageTypeResult classify_page_type(const Tree& tree, const PageMeta& meta, const std::filesystem::path& models,
                                  std::vector<feature_table>* features) {
    PageTypeResult result;
    const learned::Model* model = learned::find_model(model_name, models);
    if (!model && !features) return result;
    const std::vector<std::string_view>& names = page_type_feature_names();
    std::vector<float> values = page_type_features(tree, meta);
    if (features) {
        feature_table table;
        table.model = std::string(model_name);
        table.names = names;
        table.values = values;
        table.texts.push_back(meta.title.value_or(""));
        table.lines.push_back(0);
        features->push_back(std::move(table));
    }
    {
        const PageTypeCues& cues = PageTypeCues::get();
        auto say = [&](const std::vector<std::string>& group, std::size_t offset, std::string_view prefix) {
            for (std::size_t i = 0; i < group.size(); ++i)
                if (values[offset + i] > 0) result.cues += (result.cues.empty() ? "" : " ") + std::string(prefix) + group[i];
        };
        say(cues.url_names, 0, "url:");
        say(cues.schema_names, 3 * cues.url_names.size(), "schema:");
        if (!meta.og_type.empty()) result.cues += (result.cues.empty() ? "og:" : " og:") + meta.og_type;
    }
    if (!model) return result;
    model->require_features(names);
    const std::vector<float> p = model->predict(values, 1);
    // The model's class order is its own (attribute "classes").
    const std::string classes = model->attribute("classes");
    std::size_t k = 0;
    for (std::size_t start = 0; start <= classes.size() && k < p.size(); ++k) {
        const std::size_t end = std::min(classes.find(',', start), classes.size());
        const auto t = page_type_from_string(std::string_view(classes).substr(start, end - start));
        if (!t) throw std::logic_error(std::string(model_name) + ": unknown class in \"" + classes + "\"");
        for (std::size_t c = 0; c < classified_type_count; ++c)
            if (classified_types[c] == *t) result.probability[c] = p[k];
        start = end + 1;
    }
    std::array<std::size_t, classified_type_count> order{};
    for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return result.probability[a] > result.probability[b]; });
    result.top = classified_types[order[0]];
    result.runner_up = classified_types[order[1]];
    float unsure_below = 0;
    if (const std::string u = model->attribute("unsure_below"); !u.empty()) unsure_below = std::stof(u);
    result.type = result.probability[order[0]] < unsure_below ? PageType::other : result.top;
    return result;
}

}  // namespace scrapedoc::html
