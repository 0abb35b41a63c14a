#include "readers/html/article.hpp"

#include <algorithm>

#include "readers/html/cues.hpp"
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
        bool found = scan_short_elements(scope, t_.nodes[scope].end, [&](std::uint32_t i, const NodeInfo& x) {
            if (!is_block(t_.nodes[i].tag) || x.own_chars == 0) return false;
            std::string text = subtree_text(t_, i, a_.reveal);
            std::string tail = byline_tail(text);
            if (tail.empty()) return false;
            std::vector<std::string> names = names_from_byline(tail);
            if (names.empty()) return false;
            f_.byline = i;
            f_.byline_names = std::move(names);
            note(i, "byline", "a short line opened by a byline word", text);
            f_.byline_text = std::move(text);
            return true;
        });
        if (!found) find_byline_after_headline();
    }

    // Walks the elements of [begin, end) that could be a byline line: shown,
    // not headings, at most 120 characters. `visit(i, info)` says whether it
    // took element i, which ends the walk; the result is whether one did.
    template <class Visit>
    bool scan_short_elements(std::uint32_t begin, std::uint32_t end, Visit&& visit) const {
        for (std::uint32_t i = begin; i < end; ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) continue;
            const NodeInfo& x = info(i);
            if (x.skip) {  // hidden subtrees hold no byline (skip is inherited)
                i = n.end - 1;
                continue;
            }
            if (x.chars > 120 || heading_level(n.tag)) continue;
            if (visit(i, x)) return true;
        }
        return false;
    }

    // A byline outside the article's scope: the first short element after
    // the page's headline that reads as a byline line ("By Ana Lima", or
    // "Written by" and the name in two elements), within the elements that
    // follow the headline (a page header set apart from the article's body).
    void find_byline_after_headline() {
        std::uint32_t h = meta_.title_node;
        if (h == no_node) return;
        constexpr std::uint32_t reach = 80;  // elements after the headline
        std::uint32_t limit = std::min<std::uint32_t>(static_cast<std::uint32_t>(t_.size()), t_.nodes[h].end + reach);
        scan_short_elements(t_.nodes[h].end, limit, [&](std::uint32_t i, const NodeInfo& x) {
            if (x.chars == 0) return false;
            std::string text = subtree_text(t_, i, a_.reveal);
            std::string tail = byline_tail(text);
            // "Written by" alone, the names in the next element
            std::uint32_t label_value = no_node;
            if (tail.empty() && is_byline_label(text)) {
                std::uint32_t next = t_.nodes[i].next_sibling;
                while (next != no_node && t_.nodes[next].tag == Tag::text && subtree_text(t_, next, a_.reveal).empty())
                    next = t_.nodes[next].next_sibling;
                if (next != no_node && t_.nodes[next].tag != Tag::text && info(next).chars <= 80) {
                    label_value = next;
                    tail = subtree_text(t_, next, a_.reveal);
                }
            }
            if (tail.empty()) return false;
            std::vector<std::string> names = names_from_byline(tail);
            if (names.empty()) return false;
            f_.byline = i;  // the label; its value stays where it is
            f_.byline_text = label_value == no_node ? text : text + " " + tail;
            f_.byline_names = std::move(names);
            note(i, "byline", "a short line after the headline opened by a byline word", f_.byline_text);
            return true;
        });
    }

    // A byline word standing alone ("Written by", "Author:").
    bool is_byline_label(const std::string& text) const {
        if (text.size() > 40) return false;
        std::string key = phrase_key(text);
        if (key.empty()) return false;
        for (const auto& p : Cues::get().byline_prefixes)
            if (phrase_key(p) == key) return true;
        return false;
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
        if (names.empty()) names = names_in_first_line(byline);
        if (names.empty()) names = names_from_byline(text);
        return names;
    }

    // A byline element set as lines (the name, then the writer's role:
    // "<h4>Ana Lima</h4><p>Staff writer</p>"): the names of its first line
    // that gives any. Empty when it is one line.
    std::vector<std::string> names_in_first_line(std::uint32_t byline) const {
        auto has_text = [&](std::uint32_t c) {
            return t_.nodes[c].tag == Tag::text ? !clean_text(t_.text(c)).empty() : info(c).chars > 0 && !info(c).skip;
        };
        // down through wrappers that hold all of the text
        std::uint32_t node = byline;
        while (true) {
            std::uint32_t only = no_node;
            int with_text = 0;
            for (std::uint32_t c = t_.nodes[node].first_child; c != no_node; c = t_.nodes[c].next_sibling)
                if (has_text(c)) {
                    ++with_text;
                    only = c;
                }
            if (with_text != 1 || t_.nodes[only].tag == Tag::text) break;
            node = only;
        }
        bool lines = false;
        for (std::uint32_t c = t_.nodes[node].first_child; c != no_node; c = t_.nodes[c].next_sibling)
            if (has_text(c) && t_.nodes[c].tag != Tag::text && (is_block(t_.nodes[c].tag) || t_.nodes[c].tag == Tag::br))
                lines = true;
        if (!lines) return {};
        for (std::uint32_t c = t_.nodes[node].first_child; c != no_node; c = t_.nodes[c].next_sibling) {
            if (!has_text(c)) continue;
            std::string line = t_.nodes[c].tag == Tag::text ? clean_text(t_.text(c)) : subtree_text(t_, c, a_.reveal);
            std::vector<std::string> names = names_from_byline(line);
            if (!names.empty()) return names;
        }
        return {};
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
