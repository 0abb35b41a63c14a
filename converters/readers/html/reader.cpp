// The HTML reader: parse, read the page's metadata, find the article, turn
// it into blocks. Each step is its own file in this folder.
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "readers/html/article.hpp"
#include "readers/html/assemble.hpp"
#include "readers/html/block_model.hpp"
#include "readers/html/blocks.hpp"
#include "readers/html/content.hpp"
#include "readers/html/text.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/page_type.hpp"
#include "readers/html/posts.hpp"
#include "readers/html/product.hpp"
#include "readers/html/tree.hpp"
#include "readers/registry.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers {

namespace {

std::string lower_prefix(std::string_view s, std::size_t n) {
    std::string out(s.substr(0, std::min(n, s.size())));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    return out;
}

// Tags a page of HTML starts with or is full of.
int sniff_html(std::string_view text) {
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
    // Every test on the head looks for a '<': a plain-text page, the usual
    // input of `--from auto`, skips the head's lower-case copy.
    if (text.substr(i, 4096).find('<') != std::string_view::npos) {
        std::string head = lower_prefix(text.substr(i), 4096);
        if (head.rfind("<!doctype html", 0) == 0) return 100;
        if (head.rfind("<html", 0) == 0) return 95;
        bool xml = head.rfind("<?xml", 0) == 0;
        if (head.find("<html") != std::string::npos) return 90;
        if (xml) return 10;  // some other XML vocabulary (TEI, ...)
        if (head.find("<head") != std::string::npos || head.find("<body") != std::string::npos) return 85;
    }
    // Otherwise: how much of the start is markup. The '<' are found by
    // find (memchr), not byte by byte: text has few of them.
    std::string_view sample = text.substr(i, 64 * 1024);
    std::size_t tags = 0;
    for (std::size_t k = sample.find('<'); k != std::string_view::npos && k + 1 < sample.size();
         k = sample.find('<', k + 1)) {
        char c = sample[k + 1];
        if (c == '/') c = k + 2 < sample.size() ? sample[k + 2] : ' ';
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++tags;
    }
    if (tags >= 10 && tags * 200 >= sample.size()) return 70;
    if (tags >= 3) return 20;
    return 0;
}

bool shares_script(const std::string& a, const std::string& b) {
    auto scripts = [](const std::string& lang) {
        std::array<UScriptCode, 8> codes{};
        UErrorCode status = U_ZERO_ERROR;
        std::string primary = lang.substr(0, lang.find('-'));
        int32_t n = uscript_getCode(primary.c_str(), codes.data(), static_cast<int32_t>(codes.size()), &status);
        if (U_FAILURE(status) || n <= 0) return std::vector<UScriptCode>{};
        return std::vector<UScriptCode>(codes.begin(), codes.begin() + n);
    };
    auto sa = scripts(a), sb = scripts(b);
    if (sa.empty() || sb.empty()) return true;  // cannot tell: trust the page
    for (auto x : sa)
        if (std::find(sb.begin(), sb.end(), x) != sb.end()) return true;
    return false;
}

void collect_text(const std::vector<Block>& blocks, std::string& out, std::size_t limit) {
    for (const auto& b : blocks) {
        if (out.size() >= limit) return;
        if (auto* p = std::get_if<Paragraph>(&b)) out += p->text + "\n";
        else if (auto* q = std::get_if<Quote>(&b)) out += q->text + "\n";
        else if (auto* l = std::get_if<List>(&b))
            for (const auto& it : l->items) out += it + "\n";
        else if (auto* s = std::get_if<Section>(&b)) {
            out += s->heading + "\n";
            collect_text(s->blocks, out, limit);
        }
    }
}

// The people who wrote the article: the page head's names (JSON-LD, meta)
// unless they are only the site or other organisations, then the byline's;
// organisations are kept only when no person is named anywhere.
void choose_authors(const html::PageMeta& pm, const std::vector<std::string>& byline_names, Document& doc,
                    std::vector<explain_entry>* explain) {
    auto people = [&](const std::vector<std::string>& names) {
        std::vector<std::string> out;
        for (const auto& n : names)
            if (!html::is_organisation(pm, n)) out.push_back(n);
        return out;
    };
    std::string source;
    if (auto p = people(pm.authors); !p.empty()) {
        doc.meta.authors = std::move(p);
        source = pm.authors_source;
    } else if (auto md = people(pm.microdata_authors); !md.empty()) {
        doc.meta.authors = std::move(md);
        source = "microdata itemprop=author";
    } else if (auto b = people(byline_names); !b.empty()) {
        doc.meta.authors = std::move(b);
        source = "the byline";
    } else if (auto l = people(pm.profile_link_authors); !l.empty()) {
        doc.meta.authors = std::move(l);
        source = pm.profile_link_source;
    } else if (!pm.authors.empty()) {
        doc.meta.authors = pm.authors;
        source = pm.authors_source + " (organisations: no person is named)";
    } else if (!byline_names.empty()) {
        doc.meta.authors = byline_names;
        source = "the byline (organisations: no person is named)";
    }
    if (explain && !doc.meta.authors.empty()) {
        std::string names;
        for (const auto& a : doc.meta.authors) names += (names.empty() ? "" : "; ") + a;
        explain->push_back({0, "authors", "from " + source, names});
    }
}

// "forum (p 0.91; runner-up article 0.05; url:forum schema:forum)".
std::string explain_page_type(const html::PageTypeResult& r) {
    auto percent = [](float p) { return std::to_string(static_cast<int>(std::lround(p * 100))) + "%"; };
    std::string out = "model html-page-type: " + std::string(to_string(r.top)) + " " + percent(r.probability_of(r.top));
    if (*r.type == PageType::other) out += " (below the model's unsure_below: other)";
    out += ", runner-up " + std::string(to_string(r.runner_up)) + " " + percent(r.probability_of(r.runner_up));
    if (!r.cues.empty()) out += "; declared: " + r.cues;
    return out;
}

Document read_html(std::string_view text, const ReadContext& context) {
    html::Tree tree = html::parse_html(text, context.input_discarded);
    html::PageMeta pm = html::read_metadata(tree);
    const html::PageTypeResult page_type = html::classify_page_type(tree, pm, context.models, context.features);
    html::Analysis analysis = html::analyse(tree);
    if (html::needs_reveal(tree, analysis)) {
        if (context.explain)
            context.explain->push_back({0, "reveal", "the page shows less text than its hidden elements and <noscript> hold: they are read as shown", ""});
        analysis = html::analyse(tree, false, true);
    }
    html::Choice main = html::choose_main_content(tree, analysis, pm.title_node);
    if (html::needs_lenient_retry(analysis, main)) {
        html::Analysis lenient = html::analyse(tree, true, analysis.reveal);
        html::Choice second = html::choose_main_content(tree, lenient, pm.title_node);
        if (second.prose > main.prose) {
            second.why += " (class cues read leniently: the strict reading left too little of the page's prose)";
            analysis = std::move(lenient);
            main = std::move(second);
        }
    }

    Document doc;
    doc.meta.source.name = std::string(context.source_name.empty() ? "-" : context.source_name);
    doc.meta.source.format = "html";
    doc.meta.title = pm.title;
    doc.meta.publisher = pm.publisher;
    doc.meta.date = pm.date;
    doc.meta.page_type = page_type.type;
    auto* explain = context.explain;
    if (explain && page_type.type) explain->push_back({0, "page-type", explain_page_type(page_type), to_string(*page_type.type)});
    if (explain) {
        if (pm.title) explain->push_back({0, "title", "from " + pm.title_source, *pm.title});
        if (pm.publisher) explain->push_back({0, "publisher", "og:site_name or JSON-LD publisher", *pm.publisher});
        if (pm.date) explain->push_back({0, "date", "JSON-LD, meta or <time>, as ISO 8601", *pm.date});
        if (pm.canonical_url) explain->push_back({0, "canonical-url", "link rel=canonical (not in the model)", *pm.canonical_url});
    }
    if (explain)
        explain->push_back({tree.nodes[main.node].line, "main-content", main.why,
                            text::truncate_graphemes(html::subtree_text(tree, main.node, analysis.reveal), 120)});
    html::ArticleFrame frame = html::frame_article(tree, analysis, main, pm, explain);
    if (frame.byline != html::no_node) doc.byline = frame.byline_text;
    html::BuildContext build{&pm, frame.byline, frame.figure_boxes, main.node, explain};
    std::vector<html::Unit> units = html::build_units(tree, analysis, build);
    html::decide_article(tree, analysis, main, frame, units, explain != nullptr);
    html::decide_blocks(tree, analysis, main, pm, units, {context.models, context.features, explain != nullptr, &page_type});
    if (auto product = html::read_declared_product(tree))
        html::add_declared_description(tree, *product, pm.title_node, units, explain != nullptr);
    html::frame_posts(tree, analysis, pm, units, explain != nullptr);
    html::assemble_document(tree, analysis, units, doc, explain);
    choose_authors(pm, frame.byline_names, doc, explain);

    // The declared language, unless the text is plainly in another script
    // (templates keep lang="en" on pages in other languages).
    if (pm.language) {
        std::string sample;
        collect_text(doc.blocks, sample, 16 * 1024);
        std::string seen = text::detect_language(sample);
        if (!seen.empty() && !shares_script(*pm.language, seen)) {
            if (explain)
                explain->push_back({0, "language", "the page says " + *pm.language + " but its text is " + seen, seen});
        } else {
            doc.meta.language = pm.language;
            if (explain) explain->push_back({0, "language", "<html lang> or meta", *pm.language});
        }
    }
    return doc;
}

}  // namespace

extern const Reader html_reader = {"html", "html", sniff_html, read_html};

}  // namespace scrapedoc::readers
