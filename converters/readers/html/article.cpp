#include "readers/html/article.hpp"

#include <algorithm>

#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

class Framer {
public:
    Framer(const Tree& t, const Analysis& a, const PageMeta& meta, std::vector<explain_entry>* explain)
        : t_(t), a_(a), meta_(meta), explain_(explain) {}

    ArticleFrame run(const Choice& main) {
        find_byline(main.first);
        find_lead_figures(main.first);
        return std::move(f_);
    }

private:
    const Tree& t_;
    const Analysis& a_;
    const PageMeta& meta_;
    std::vector<explain_entry>* explain_;
    ArticleFrame f_;

    const NodeInfo& info(std::uint32_t i) const { return a_.info[i]; }

    void note(std::uint32_t node, std::string kind, std::string reason, std::string_view text) {
        if (explain_)
            explain_->push_back({t_.nodes[node].line, std::move(kind), std::move(reason), text::truncate_graphemes(text, 200)});
    }

    bool is_byline_element(std::uint32_t i) const {
        const Node& n = t_.nodes[i];
        if (n.attr_begin == n.attr_end) return false;
        if (t_.attr(i, "rel") == "author") return true;
        return (info(i).marks & mark_byline) != 0;
    }

    // The byline: an element marked as one, in the article or just around
    // it (the article's header is often a sibling of its body).
    void find_byline(std::uint32_t main) {
        std::uint32_t scope = main;
        for (int up = 0; up < 4; ++up) {
            for (std::uint32_t i = scope; i < t_.nodes[scope].end; ++i) {
                if (t_.nodes[i].tag == Tag::text || info(i).skip) continue;
                if (info(i).in_furniture && !(info(i).cue >= 0 && a_.reasons[static_cast<std::size_t>(info(i).cue)] ==
                                                                     "article-meta"))
                    continue;
                if (!is_byline_element(i) || info(i).chars == 0) continue;
                std::string text = subtree_text(t_, i, a_.reveal);
                std::size_t len = text::grapheme_length(text);
                if (len < 3 || len > 150) continue;
                // the outermost byline element: skip its marked descendants
                f_.byline = i;
                f_.byline_names = names_in_byline(i, text);
                note(i, "byline", "the byline element " + describe(t_, i), text);
                f_.byline_text = std::move(text);
                return;
            }
            if (scope == 0) break;
            scope = t_.nodes[scope].parent;
        }
        find_byline_line(main);
    }

    // A short line in or just around the article that opens with a byline
    // word ("By A and B", "حوار: A", "责任编辑： A").
    void find_byline_line(std::uint32_t main) {
        std::uint32_t scope = main == 0 ? 0 : t_.nodes[main].parent;
        for (std::uint32_t i = scope; i < t_.nodes[scope].end; ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text || !is_block(n.tag)) continue;
            const NodeInfo& x = info(i);
            if (x.skip) {
                i = n.end - 1;
                continue;
            }
            if (x.own_chars == 0 || x.chars > 120 || heading_level(n.tag)) continue;
            std::string text = subtree_text(t_, i, a_.reveal);
            std::string tail = byline_tail(text);
            if (tail.empty()) continue;
            std::vector<std::string> names = names_from_byline(tail);
            if (names.empty()) continue;
            f_.byline = i;
            f_.byline_names = std::move(names);
            note(i, "byline", "a short line opened by a byline word", text);
            f_.byline_text = std::move(text);
            return;
        }
    }

    // Names in a byline element: the text of its author links when it has
    // them, else the names its text lists.
    std::vector<std::string> names_in_byline(std::uint32_t byline, const std::string& text) const {
        std::vector<std::string> names;
        for (std::uint32_t i = byline + 1; i < t_.nodes[byline].end; ++i) {
            if (t_.nodes[i].tag != Tag::a) continue;
            std::string_view href = t_.attr(i, "href");
            bool author_link = t_.attr(i, "rel") == "author" || href.find("/author") != std::string_view::npos ||
                               href.find("/autor") != std::string_view::npos ||
                               href.find("/journalist") != std::string_view::npos ||
                               href.find("/reporter") != std::string_view::npos ||
                               href.find("/people/") != std::string_view::npos ||
                               href.find("/staff/") != std::string_view::npos ||
                               href.find("/profile") != std::string_view::npos;
            if (!author_link) continue;
            for (auto& n : names_from_byline(subtree_text(t_, i, a_.reveal)))
                if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(std::move(n));
        }
        if (names.empty()) names = names_from_byline(text);
        return names;
    }

    bool holds_media(std::uint32_t i) const {
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
            Tag tag = t_.nodes[k].tag;
            if (tag == Tag::img || tag == Tag::figure || tag == Tag::picture) return true;
        }
        return false;
    }

    // The lead image often sits in the article's header, a sibling of the
    // body: figures between the headline and the main content, within a few
    // levels around it, are the article's own; so is a lead paragraph with a
    // lead cue there.
    void find_lead_figures(std::uint32_t main) {
        std::uint32_t scope = main;
        for (int up = 0; up < 3 && scope != 0; ++up) {
            std::uint32_t p = t_.nodes[scope].parent;
            if (p == no_node || t_.nodes[p].tag == Tag::body || p == 0) break;
            scope = p;
        }
        std::uint32_t from = scope + 1;
        bool after_title = false;
        if (meta_.title_node != no_node && meta_.title_node > scope && meta_.title_node < main) {
            from = t_.nodes[meta_.title_node].end;
            after_title = true;
        }
        for (std::uint32_t i = from; i < main; ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) continue;
            const NodeInfo& x = info(i);
            if (x.skip) {
                i = n.end - 1;
                continue;
            }
            if (i < main && main < n.end) continue;  // an ancestor of the main content
            // the lead: an element with a lead cue (lead.txt) between the
            // headline and the article's body, prose of its own
            if (after_title && (x.marks & mark_lead) && !x.in_furniture && is_block(n.tag) && x.own_good > 0 &&
                x.good == x.own_good && x.chars <= 600 && f_.lead == no_node) {
                f_.lead = i;
                i = n.end - 1;
                continue;
            }
            if (x.in_furniture) {
                // the article header may hold it; other furniture may not
                std::uint32_t k = i;
                while (k != no_node && !(info(k).cue >= 0 && !info(k).protected_)) k = t_.nodes[k].parent;
                const std::string_view why =
                    k == no_node ? std::string_view() : std::string_view(a_.reasons[static_cast<std::size_t>(info(k).cue)]);
                if (why != "header" && why != "article-meta") {
                    i = n.end - 1;
                    continue;
                }
            }
            // a <figure>, a captioned box holding an image, or a caption
            // whose parent holds the image (<figcaption> without <figure>)
            std::uint32_t box = no_node;
            if (n.tag == Tag::figure || ((x.marks & mark_caption) && holds_media(i))) box = i;
            else if ((n.tag == Tag::figcaption || (x.marks & mark_caption)) && n.parent > scope && holds_media(n.parent))
                box = n.parent;
            if (box == no_node || box < from) continue;
            f_.figure_boxes.push_back(box);
            i = t_.nodes[box].end - 1;
        }
    }
};

}  // namespace

ArticleFrame frame_article(const Tree& tree, const Analysis& a, const Choice& main, const PageMeta& meta,
                           std::vector<explain_entry>* explain) {
    return Framer(tree, a, meta, explain).run(main);
}

void decide_article(const Tree& t, const Analysis& a, const Choice& main, const ArticleFrame& frame,
                    std::vector<Unit>& units, bool explain) {
    const std::uint32_t begin = main.first, end = t.nodes[main.last].end;
    auto inside = [&](std::uint32_t root, std::uint32_t node) {
        return root != no_node && root <= node && node < t.nodes[root].end;
    };
    // the lead and the lead images, two at most, first come first
    int rescued = 0;
    bool lead_counted = false;
    for (Unit& u : units) {
        if (u.node >= begin && u.node < end) continue;
        if (inside(frame.lead, u.node) && u.reason.empty() && (lead_counted || rescued < 2)) {
            if (!lead_counted) ++rescued;
            lead_counted = true;
            u.pinned = true;
            if (explain) u.why = "the lead (" + describe(t, frame.lead) + ") between the headline and the main content";
            continue;
        }
        if (u.kind == UnitKind::figure && rescued < 2 &&
            std::find(frame.figure_boxes.begin(), frame.figure_boxes.end(), u.node) != frame.figure_boxes.end()) {
            ++rescued;
            u.pinned = true;
            u.reason = {};
            if (explain) u.why = "a lead image between the headline and the main content";
            continue;
        }
        if (!u.reason.empty()) continue;
        // the region: the outermost element around the block that is not
        // around the article
        std::uint32_t r = u.node;
        for (std::uint32_t p = t.nodes[r].parent; p != no_node && !(p <= main.node && main.node < t.nodes[p].end);
             p = t.nodes[p].parent)
            r = p;
        const NodeInfo& x = a.info[r];
        u.reason = x.cue >= 0 ? std::string_view(a.reasons[static_cast<std::size_t>(x.cue)]) : "outside-article";
        u.rule_node = r;
        if (explain) u.why = t.nodes[r].tag == Tag::text ? "outside the main content"
                                                          : "outside the main content: " + describe(t, r);
    }
}

}  // namespace scrapedoc::html
