#include "readers/html/blocks.hpp"

#include <algorithm>
#include <cstdio>

#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

std::string unit_text(const Unit& u) {
    if (u.kind == UnitKind::heading) return u.heading;
    if (auto* p = std::get_if<Paragraph>(&u.content)) return p->text;
    if (auto* q = std::get_if<Quote>(&u.content)) return q->text;
    std::string out;
    auto add = [&out](const std::string& s) {
        if (s.empty()) return;
        if (!out.empty()) out += ' ';
        out += s;
    };
    if (auto* l = std::get_if<List>(&u.content))
        for (const auto& s : l->items) add(s);
    else if (auto* t = std::get_if<Table>(&u.content))
        for (const auto& r : t->rows)
            for (const auto& c : r) add(c);
    else if (auto* f = std::get_if<Figure>(&u.content)) {
        if (f->caption) add(*f->caption);
        if (f->credit) add(*f->credit);
    }
    return out;
}

namespace {

std::string fmt2(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
    return buf;
}

bool looks_like_placeholder(std::string_view src) {
    if (src.empty() || src.rfind("data:", 0) == 0) return true;
    for (std::string_view w : {"blank.", "spacer.", "placeholder", "pixel.", "transparent.", "lazy-load", "1x1."})
        if (src.find(w) != std::string_view::npos) return true;
    return false;
}

// An address as a browser's URL parser takes it from an attribute: leading
// and trailing spaces and controls off, tabs and line breaks inside removed,
// and what no URL holds as it is (controls, space, ", <, >) percent-encoded:
// a quote lost in broken markup can leave "a.jpg alt=" in src.
std::string clean_url(std::string_view v) {
    auto edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!v.empty() && edge(v.front())) v.remove_prefix(1);
    while (!v.empty() && edge(v.back())) v.remove_suffix(1);
    std::string kept;
    kept.reserve(v.size());
    for (char c : v)
        if (c != '\t' && c != '\n' && c != '\r') kept += c;
    return text::percent_encode(kept, [](unsigned char b) {
        return b < 0x20 || b == 0x7F || b == ' ' || b == '"' || b == '<' || b == '>';
    });
}

std::string first_srcset_url(std::string_view srcset) {
    // Candidates are separated by commas, a URL from its descriptor by white space.
    auto apart = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    std::size_t b = 0;
    while (b < srcset.size() && apart(srcset[b])) ++b;
    std::size_t e = b;
    while (e < srcset.size() && !apart(srcset[e])) ++e;
    return clean_url(srcset.substr(b, e - b));
}

// Where an image really comes from: lazy loaders keep the address in a data-
// attribute and put a placeholder in src.
std::string image_source(const Tree& t, std::uint32_t img) {
    for (std::string_view name : {"src", "data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src",
                                  "data-full-src", "data-lazy"}) {
        std::string_view v = t.attr(img, name);
        if (!looks_like_placeholder(v)) return clean_url(v);
    }
    for (std::string_view name : {"srcset", "data-srcset", "data-lazy-srcset"}) {
        std::string u = first_srcset_url(t.attr(img, name));
        if (!looks_like_placeholder(u)) return u;
    }
    return {};
}

bool is_tiny_image(const Tree& t, std::uint32_t img) {
    for (std::string_view name : {"width", "height"}) {
        std::string_view v = t.attr(img, name);
        if (!v.empty() && v.size() <= 2 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            std::stoi(std::string(v)) <= 2)
            return true;
    }
    return false;
}

// The walk over the body. Elements the rules drop are walked all the same,
// their blocks carrying the reason (the outermost such element decides), so
// that a later decision can see every block of the page.
class Builder {
public:
    Builder(const Tree& t, const Analysis& a, const BuildContext& c)
        : t_(t), a_(a), c_(c), cues_(Cues::get()), explain_(c.explain != nullptr) {}

    std::vector<Unit> run() {
        // the whole document: text after a premature </body> is the page's
        // too, and <head> is invisible
        walk_range(1, t_.nodes[0].end);
        return std::move(units_);
    }

private:
    const Tree& t_;
    const Analysis& a_;
    const BuildContext& c_;
    const Cues& cues_;
    const bool explain_;
    std::vector<Unit> units_;

    struct Context {
        std::uint32_t end;
        std::string_view reason;
        std::uint32_t node;
        std::string why;
    };
    std::vector<Context> contexts_;  // elements being walked whose rules drop what is in them

    // the paragraph being collected
    std::string buf_;
    std::uint32_t buf_chars_ = 0, buf_link_ = 0;
    std::uint32_t buf_node_ = 0;
    int link_depth_ = 0;
    std::size_t open_figure_ = static_cast<std::size_t>(-1);  // image still waiting for a caption
    std::size_t figure_before_ = static_cast<std::size_t>(-1);

    const NodeInfo& info(std::uint32_t i) const { return a_.info[i]; }
    std::uint32_t context_node() const { return contexts_.empty() ? no_node : contexts_.front().node; }

    Unit& add(UnitKind kind, std::uint32_t node, Block content) {
        Unit u;
        u.kind = kind;
        u.node = node;
        u.owner = t_.nodes[node].tag == Tag::text ? info(node).owner : node;
        u.line = t_.nodes[node].line;
        u.content = std::move(content);
        if (!contexts_.empty()) {
            // the byline is named as such wherever it sits (often in a header)
            auto c_it = std::find_if(contexts_.begin(), contexts_.end(),
                                     [](const Context& c) { return c.reason == "byline"; });
            const Context& c = c_it != contexts_.end() ? *c_it : contexts_.front();
            u.reason = c.reason;
            u.rule_node = c.node;
            if (explain_) u.why = c.why;
        }
        units_.push_back(std::move(u));
        // a dropped block leaves an image waiting for its caption
        figure_before_ = open_figure_;
        if (kind != UnitKind::figure && contexts_.empty()) open_figure_ = static_cast<std::size_t>(-1);
        return units_.back();
    }

    // A block the rules drop for a reason of its own (when no element around
    // it drops it already).
    void reject(Unit& u, std::string_view reason, std::string why, bool whatever_around = false) {
        if (!u.reason.empty() && !whatever_around) return;
        open_figure_ = figure_before_;
        u.reason = reason;
        u.rule_node = u.node;
        if (explain_) u.why = std::move(why);
    }

    void measure(Unit& u, std::uint32_t node) {
        u.chars = info(node).chars;
        u.link_chars = info(node).link_chars;
    }

    // ---- the walk --------------------------------------------------------

    enum OpenKind : std::uint8_t { open_block, open_link };
    struct Open {
        std::uint32_t end;
        OpenKind kind;
    };

    void walk_range(std::uint32_t begin, std::uint32_t end) {
        std::vector<Open> open;
        std::uint32_t i = begin;
        while (true) {
            while (!open.empty() && i >= open.back().end) {
                leave(open.back().kind);
                open.pop_back();
            }
            while (!contexts_.empty() && i >= contexts_.back().end) contexts_.pop_back();
            if (i >= end) break;
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) {
                if (!info(i).skip) add_text(i);
                ++i;
                continue;
            }
            std::uint32_t next = enter(i);
            if (next == i + 1 && n.end > i + 1) {
                if (is_block(n.tag)) open.push_back({n.end, open_block});
                else if (n.tag == Tag::a) {
                    ++link_depth_;
                    open.push_back({n.end, open_link});
                }
            }
            i = next;
        }
        flush();
    }

    void leave(OpenKind k) {
        if (k == open_block) flush();
        else --link_depth_;
    }

    void add_text(std::uint32_t i) {
        std::string_view s = t_.text(i);
        std::uint32_t c = info(i).chars;
        if (buf_chars_ == 0 && c > 0) buf_node_ = i;
        buf_.append(s);
        buf_chars_ += c;
        if (link_depth_ > 0) buf_link_ += c;
    }

    void flush() {
        if (buf_chars_ == 0) {
            buf_.clear();
            return;
        }
        std::string text = clean_text(buf_);
        std::uint32_t chars = buf_chars_, link = buf_link_;
        std::uint32_t node = buf_node_;
        buf_.clear();
        buf_chars_ = buf_link_ = 0;
        if (text.empty()) return;
        const PageMeta& meta = *c_.meta;
        std::string_view phrase = cues_.phrase_reason(text);
        std::string_view reason;
        std::string why;
        if (!phrase.empty()) {
            reason = phrase;
            why = "a line that is only a furniture phrase";
        } else if (link * 2 > chars && cues_.is_related_line(text)) {
            // Links inside the article are mostly its own (sources, a
            // quoted headline); lines that point elsewhere say so.
            reason = "related";
            why = "a link to another article";
        } else if (meta.title && compare_key(text) == compare_key(*meta.title)) {
            reason = "title";
            why = "the headline repeated";
        } else if (looks_like_dateline(text)) {
            reason = "dateline";
            why = "a short line with a date or time and no sentence";
        } else if (cues_.is_credit_line(text)) {
            if (open_figure_ < units_.size() && units_[open_figure_].rule_node == context_node()) {
                auto& f = std::get<Figure>(units_[open_figure_].content);
                if (!f.credit) {
                    f.credit = text;
                    note(node, "credit", "a credit line after an image", text);
                    return;
                }
            }
            Figure f;
            f.credit = text;
            Unit& u = add(UnitKind::figure, node, std::move(f));
            u.chars = chars;
            u.link_chars = link;
            return;
        }
        Unit& u = add(UnitKind::paragraph, node, Paragraph{std::move(text)});
        u.chars = chars;
        u.link_chars = link;
        if (!reason.empty()) reject(u, reason, std::move(why));
    }

    void note(std::uint32_t node, std::string kind, std::string reason, std::string_view text) {
        if (c_.explain)
            c_.explain->push_back({t_.nodes[node].line, std::move(kind), std::move(reason), text::truncate_graphemes(text, 200)});
    }

    // Walks into an element whose blocks the rules drop, or, for inline
    // furniture (a pop-up card inside a link), sets its text apart and
    // leaves the line whole.
    std::uint32_t enter_dropped(std::uint32_t i, std::string_view reason, std::string why) {
        const Node& n = t_.nodes[i];
        if (!is_block(n.tag)) {
            std::string text = subtree_text(t_, i, a_.reveal);
            if (!text.empty()) {
                Unit& u = add(UnitKind::paragraph, i, Paragraph{std::move(text)});
                measure(u, i);
                reject(u, reason, std::move(why));
            }
            return n.end;
        }
        flush();
        contexts_.push_back({n.end, reason, i, explain_ ? std::move(why) : std::string()});
        return i + 1;
    }

    // Handles an element; returns the next node to visit (its end when the
    // element was consumed whole, the next node to go inside it).
    std::uint32_t enter(std::uint32_t i) {
        const Node& n = t_.nodes[i];
        const NodeInfo& x = info(i);
        if (x.skip) {
            if (is_hidden(t_, i) && !is_invisible(n.tag)) {
                flush();
                std::string text = subtree_text_unhidden(i);
                if (!text.empty()) {
                    Unit& u = add(UnitKind::paragraph, i, Paragraph{std::move(text)});
                    reject(u, "hidden", "hidden by its attributes");
                }
            }
            return n.end;
        }
        switch (n.tag) {
            case Tag::br:
                flush();
                return i + 1;
            case Tag::hr:
                flush();
                return n.end;
            case Tag::img:
                image(i);
                return n.end;
            default:
                break;
        }
        if (c_.main != no_node && i <= c_.main && c_.main < n.end) {
            // around the chosen element: its own rules only
            if (i == c_.byline) return enter_dropped(i, "byline", "the article's byline (kept as the byline)");
            if (x.cue >= 0 && !x.protected_)
                return enter_dropped(i, a_.reasons[static_cast<std::size_t>(x.cue)],
                                     explain_ ? "class/id/role/tag cue of " + describe(t_, i) : std::string());
            if (is_block(n.tag)) flush();
            return i + 1;
        }
        if (std::find(c_.figure_boxes.begin(), c_.figure_boxes.end(), i) != c_.figure_boxes.end()) {
            figure(i);
            return n.end;
        }
        if (i == c_.byline) return enter_dropped(i, "byline", "the article's byline (kept as the byline)");
        if (x.cue >= 0 && !x.protected_)
            return enter_dropped(i, a_.reasons[static_cast<std::size_t>(x.cue)],
                                 explain_ ? "class/id/role/tag cue of " + describe(t_, i) : std::string());
        if (is_block(n.tag) && x.chars >= 10 && x.good == 0 && x.link_chars * 2 > x.chars && !heading_level(n.tag) &&
            n.tag != Tag::p && n.tag != Tag::li && n.tag != Tag::figure && n.tag != Tag::td && n.tag != Tag::th)
            return enter_dropped(i, "link-list",
                                 explain_ ? "links make " +
                                                fmt2(static_cast<float>(x.link_chars) / static_cast<float>(x.chars)) +
                                                " of the text of " + describe(t_, i) + " and none of it is prose"
                                          : std::string());
        if (int level = heading_level(n.tag)) {
            heading(i, level);
            return n.end;
        }
        if (is_block(n.tag) && x.link_chars > 0) {
            if (int cards = teaser_cards(i))
                return enter_dropped(i, "related",
                                     explain_ ? std::to_string(cards) + " alike teaser cards in " + describe(t_, i) +
                                                    ": each an image link, a linked title and at most a short blurb"
                                              : std::string());
        }
        switch (n.tag) {
            case Tag::ul:
            case Tag::ol:
                // a gallery: images with captions, walked as figures
                if (holds_media(i)) break;
                list(i);
                return n.end;
            case Tag::blockquote:
                quote(i);
                return n.end;
            case Tag::figure:
                figure(i);
                return n.end;
            case Tag::table:
                if (!is_layout_table(i)) {
                    table(i);
                    return n.end;
                }
                break;
            case Tag::pre: {
                flush();
                std::string text = subtree_text(t_, i, a_.reveal);
                if (!text.empty()) measure(add(UnitKind::paragraph, i, Paragraph{std::move(text)}), i);
                return n.end;
            }
            default:
                break;
        }
        if (n.tag != Tag::a && is_caption_element(i)) {
            caption(i);
            return n.end;
        }
        if (is_block(n.tag)) flush();
        return i + 1;
    }

    // Teasers for other pages set as cards: at least three child elements of
    // the same tag and class, each holding an image inside a link to a page
    // (not to the image file) and linked text, with little text besides.
    // Returns how many (0 when the children are not such cards).
    int teaser_cards(std::uint32_t i) const {
        // first the cheap test (three children alike, nothing else), then
        // each child's content
        int alike = 0;
        std::uint32_t model = no_node;
        for (std::uint32_t c = t_.nodes[i].first_child; c != no_node; c = t_.nodes[c].next_sibling) {
            const Node& n = t_.nodes[c];
            if (n.tag == Tag::text) {
                if (info(c).chars > 0) return 0;
                continue;
            }
            if (info(c).skip || info(c).chars == 0) continue;
            if (model == no_node) model = c;
            if (n.tag != t_.nodes[model].tag || t_.attr(c, "class") != t_.attr(model, "class")) return 0;
            ++alike;
        }
        if (alike < 3) return 0;
        for (std::uint32_t c = t_.nodes[i].first_child; c != no_node; c = t_.nodes[c].next_sibling)
            if (t_.nodes[c].tag != Tag::text && !info(c).skip && info(c).chars > 0 && !is_teaser_card(c)) return 0;
        return alike;
    }

    bool is_teaser_card(std::uint32_t c) const {
        const NodeInfo& x = info(c);
        if (x.link_chars == 0 || x.chars - x.link_chars > 200) return false;
        for (std::uint32_t k = c + 1; k < t_.nodes[c].end; ++k) {
            if (t_.nodes[k].tag != Tag::a) continue;
            std::string_view href = t_.attr(k, "href");
            std::size_t q = href.find_first_of("?#");
            const std::string path = text::lower_ascii(href.substr(0, q));
            bool to_image = false;
            for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})
                to_image = to_image || path.ends_with(ext);
            if (href.empty() || to_image) continue;
            for (std::uint32_t m = k + 1; m < t_.nodes[k].end; ++m)
                if (t_.nodes[m].tag == Tag::img || t_.nodes[m].tag == Tag::picture) return true;
        }
        return false;
    }

    bool holds_media(std::uint32_t i) const {
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
            Tag tag = t_.nodes[k].tag;
            if (tag == Tag::img || tag == Tag::figure || tag == Tag::picture) return true;
        }
        return false;
    }

    std::string subtree_text_unhidden(std::uint32_t i) const {
        std::string out;
        for (std::uint32_t k = i; k < t_.nodes[i].end; ++k) {
            const Node& n = t_.nodes[k];
            if (n.tag == Tag::text) {
                out += t_.text(k);
                out += ' ';
            } else if (k != i && is_invisible(n.tag)) {
                k = n.end - 1;
            }
        }
        return clean_text(out);
    }

    void heading(std::uint32_t i, int level) {
        flush();
        std::string text = subtree_text(t_, i, a_.reveal);
        if (text.empty()) return;
        const NodeInfo& x = info(i);
        const PageMeta& meta = *c_.meta;
        Unit& u = add(UnitKind::heading, i, Block{});
        measure(u, i);
        u.level = level;
        u.heading = std::move(text);
        if (level == 1 && (i == meta.title_node || (meta.title && u.heading == *meta.title)))
            reject(u, "title", "the page title (kept as the title)", true);
        else if (x.link_chars * 2 > x.chars)
            reject(u, "link", "a heading that is a link");
    }

    // Text of an element without its nested lists (they become items of
    // their own).
    std::string item_text(std::uint32_t li) const {
        std::string raw;
        for (std::uint32_t k = li + 1; k < t_.nodes[li].end;) {
            const Node& n = t_.nodes[k];
            if (n.tag == Tag::text) {
                if (!info(k).skip) raw += t_.text(k);
                ++k;
                continue;
            }
            if (info(k).skip || n.tag == Tag::ul || n.tag == Tag::ol || (info(k).cue >= 0 && !info(k).protected_)) {
                k = n.end;
                continue;
            }
            if (is_block(n.tag) || n.tag == Tag::br) raw += ' ';
            ++k;
        }
        return clean_text(raw);
    }

    void list(std::uint32_t i) {
        flush();
        const NodeInfo& x = info(i);
        if (x.chars == 0) return;
        List l;
        l.ordered = t_.nodes[i].tag == Tag::ol;
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end;) {
            const Node& n = t_.nodes[k];
            if (n.tag != Tag::text && (info(k).skip || (info(k).cue >= 0 && !info(k).protected_))) {
                k = n.end;
                continue;
            }
            if (n.tag == Tag::li) {
                std::string text = item_text(k);
                if (!text.empty()) l.items.push_back(std::move(text));
            }
            ++k;
        }
        if (l.items.empty()) {
            // a list without <li> (text straight in <ul>) reads as a paragraph
            std::string text = subtree_text(t_, i, a_.reveal);
            if (!text.empty()) measure(add(UnitKind::paragraph, i, Paragraph{std::move(text)}), i);
            return;
        }
        measure(add(UnitKind::list, i, std::move(l)), i);
    }

    void quote(std::uint32_t i) {
        flush();
        std::string text = subtree_text(t_, i, a_.reveal);
        if (text.empty()) return;
        const NodeInfo& x = info(i);
        Unit& u = add(UnitKind::quote, i, Quote{std::move(text)});
        measure(u, i);
        if (x.link_chars * 2 > x.chars) reject(u, "link", "a quote that is mostly links");
    }

    bool is_caption_element(std::uint32_t i) const {
        const Node& n = t_.nodes[i];
        if (n.tag == Tag::figcaption) return true;
        if (n.attr_begin == n.attr_end) return false;
        return (info(i).marks & mark_caption) != 0 && info(i).chars <= 600;
    }

    // Caption text of an element, with the credit inside it (an element
    // marked as one) apart.
    std::pair<std::string, std::string> caption_and_credit(std::uint32_t cap) const {
        std::string raw, credit;
        for (std::uint32_t k = cap + 1; k < t_.nodes[cap].end;) {
            const Node& n = t_.nodes[k];
            if (n.tag == Tag::text) {
                if (!info(k).skip) raw += t_.text(k);
                ++k;
                continue;
            }
            if (info(k).skip) {
                k = n.end;
                continue;
            }
            if (info(k).marks & mark_credit) {
                if (!credit.empty()) credit += ' ';
                credit += subtree_text(t_, k, a_.reveal);
                k = n.end;
                continue;
            }
            if (is_block(n.tag) || n.tag == Tag::br) raw += ' ';
            ++k;
        }
        return {clean_text(raw), clean_text(credit)};
    }

    void image(std::uint32_t i) {
        if (is_tiny_image(t_, i)) return;
        std::string src = image_source(t_, i);
        if (src.empty()) return;
        flush();
        Figure f;
        f.src = src;
        std::string alt = clean_text(t_.attr(i, "alt"));
        if (!alt.empty()) f.alt = alt;
        add(UnitKind::figure, i, std::move(f));
        open_figure_ = units_.size() - 1;
    }

    void caption(std::uint32_t i) {
        flush();
        auto [cap, credit] = caption_and_credit(i);
        if (cap.empty() && credit.empty()) return;
        // the image just before it, when nothing came between
        if (open_figure_ < units_.size() && units_[open_figure_].rule_node == context_node()) {
            auto& f = std::get<Figure>(units_[open_figure_].content);
            if (!f.caption && !f.credit) {
                if (!cap.empty()) f.caption = cap;
                if (!credit.empty()) f.credit = credit;
                note(i, "caption", "caption of the image before it", cap.empty() ? credit : cap);
                open_figure_ = static_cast<std::size_t>(-1);
                return;
            }
        }
        Figure f;
        if (!cap.empty()) f.caption = cap;
        if (!credit.empty()) f.credit = credit;
        measure(add(UnitKind::figure, i, std::move(f)), i);
        open_figure_ = static_cast<std::size_t>(-1);
    }

    void figure(std::uint32_t i) {
        flush();
        Figure f;
        std::uint32_t img = no_node, cap = no_node;
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
            Tag tag = t_.nodes[k].tag;
            // images inside <noscript> count: they are the lazy loader's fallback
            if (tag == Tag::img && img == no_node && !image_source(t_, k).empty()) img = k;
            else if (tag == Tag::figcaption && cap == no_node && !info(k).skip) cap = k;
        }
        if (cap == no_node)
            for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k)
                if (t_.nodes[k].tag != Tag::text && !info(k).skip && is_caption_element(k)) {
                    cap = k;
                    break;
                }
        if (img != no_node) {
            f.src = image_source(t_, img);
            std::string alt = clean_text(t_.attr(img, "alt"));
            if (!alt.empty()) f.alt = alt;
        }
        if (cap != no_node) {
            auto [c, credit] = caption_and_credit(cap);
            if (!c.empty()) f.caption = c;
            if (!credit.empty()) f.credit = credit;
        }
        if (!f.src && !f.caption && !f.credit) {
            // a <figure> used as a box for other things (quotes, embeds)
            std::string text = subtree_text(t_, i, a_.reveal);
            if (!text.empty()) {
                Unit& u = add(UnitKind::paragraph, i, Paragraph{std::move(text)});
                measure(u, i);
                reject(u, "embed", "a figure with neither image nor caption");
            }
            return;
        }
        measure(add(UnitKind::figure, i, std::move(f)), i);
        open_figure_ = static_cast<std::size_t>(-1);
    }

    // Nearest enclosing table of a node inside table `table`.
    bool belongs_to(std::uint32_t k, std::uint32_t table) const {
        for (std::uint32_t p = t_.nodes[k].parent; p != no_node; p = t_.nodes[p].parent) {
            if (t_.nodes[p].tag == Tag::table) return p == table;
            if (p <= table) return false;
        }
        return false;
    }

    // Tables used for page layout (nested tables, one row or column, cells
    // holding whole paragraphs) are walked like any block; others are data.
    bool is_layout_table(std::uint32_t i) const {
        std::size_t rows = 0, max_cols = 0;
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
            Tag tag = t_.nodes[k].tag;
            if (tag == Tag::table) return true;
            if (tag == Tag::p || tag == Tag::div || tag == Tag::ul || tag == Tag::ol || tag == Tag::blockquote ||
                tag == Tag::figure || heading_level(tag))
                if (info(k).chars > 0) return true;
            if (tag == Tag::tr && belongs_to(k, i)) {
                ++rows;
                std::size_t cols = 0;
                for (std::uint32_t c = t_.nodes[k].first_child; c != no_node; c = t_.nodes[c].next_sibling)
                    if (t_.nodes[c].tag == Tag::td || t_.nodes[c].tag == Tag::th) {
                        ++cols;
                        if (info(c).chars > 400) return true;
                    }
                max_cols = std::max(max_cols, cols);
            }
        }
        return rows <= 1 || max_cols <= 1;
    }

    void table(std::uint32_t i) {
        flush();
        Table tb;
        bool first_row_all_th = false;
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
            if (t_.nodes[k].tag != Tag::tr || !belongs_to(k, i) || info(k).skip) continue;
            std::vector<std::string> row;
            bool all_th = true;
            for (std::uint32_t c = t_.nodes[k].first_child; c != no_node; c = t_.nodes[c].next_sibling) {
                Tag tag = t_.nodes[c].tag;
                if (tag != Tag::td && tag != Tag::th) continue;
                if (tag == Tag::td) all_th = false;
                row.push_back(info(c).skip ? std::string() : subtree_text(t_, c, a_.reveal));
            }
            if (row.empty() || std::all_of(row.begin(), row.end(), [](const std::string& s) { return s.empty(); }))
                continue;
            if (tb.rows.empty()) {
                std::uint32_t p = t_.nodes[k].parent;
                first_row_all_th = all_th || (p != no_node && t_.nodes[p].tag == Tag::thead);
            }
            tb.rows.push_back(std::move(row));
        }
        if (tb.rows.empty()) return;
        tb.header = first_row_all_th && tb.rows.size() > 1;
        std::string caption;
        for (std::uint32_t c = t_.nodes[i].first_child; c != no_node; c = t_.nodes[c].next_sibling)
            if (t_.nodes[c].tag == Tag::caption) caption = subtree_text(t_, c, a_.reveal);
        if (!caption.empty()) add(UnitKind::paragraph, i, Paragraph{std::move(caption)});
        measure(add(UnitKind::table, i, std::move(tb)), i);
    }
};

}  // namespace

std::vector<Unit> build_units(const Tree& tree, const Analysis& a, const BuildContext& context) {
    return Builder(tree, a, context).run();
}

}  // namespace scrapedoc::html
