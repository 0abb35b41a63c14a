#include "readers/html/content.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

// A block is prose when it has enough text of its own, most of it not link
// text, and (when short) some punctuation: what a sentence looks like in any
// script. Han, kana and Hangul count double (count_text), so the thresholds
// mean about the same amount of text in every script.
constexpr std::uint32_t prose_min_chars = 80;
constexpr std::uint32_t prose_min_chars_punct = 25;
constexpr float prose_max_link_density = 0.5f;
// Weights of furniture text against prose when a container is scored: text
// in elements marked as furniture (cues, tags) counts in full; other text
// that is not prose (short lines, link lists without a cue) counts less, as
// articles have their own short lines between paragraphs.
constexpr float junk_weight = 1.0f;
constexpr float plain_junk_weight = 0.3f;

float score_of(const NodeInfo& x) { return x.good - junk_weight * x.marked - plain_junk_weight * (x.junk - x.marked); }

// A boilerplate cue is ignored on an element holding this share of the
// page's prose: it is a page-wide class ("page has-sidebar").
constexpr float protect_share = 2.f / 3;
// When cues leave less than this share of the page's prose to the chosen
// container, they are read again more leniently (see choose_main_content).
constexpr float lenient_protect_share = 0.5f;
constexpr float retry_below_share = 0.25f;

// The reason a tag itself gives (nav, aside, ...), by name in the reason list.
std::string_view tag_reason(Tag t) {
    switch (t) {
        case Tag::nav: case Tag::menu: return "navigation";
        case Tag::aside: return "sidebar";
        case Tag::footer: return "footer";
        case Tag::header: return "header";
        case Tag::form: return "form";
        case Tag::dialog: return "modal";
        default: return {};
    }
}

void classify_block(NodeInfo& x, Tag tag, bool furniture) {
    x.junk += static_cast<float>(x.own_furniture);
    x.marked += static_cast<float>(x.own_furniture);
    if (x.own_chars == 0) return;
    if (furniture) {
        x.junk += static_cast<float>(x.own_chars);
        x.marked += static_cast<float>(x.own_chars);
        return;
    }
    if (heading_level(tag)) return;
    std::uint32_t txt = x.own_chars - x.own_link;
    bool prose = !furniture &&
                 static_cast<float>(x.own_link) <= prose_max_link_density * static_cast<float>(x.own_chars) &&
                 (txt >= prose_min_chars || (txt >= prose_min_chars_punct && x.own_punct >= 1));
    if (prose) {
        x.own_good = static_cast<float>(txt);
        x.good += static_cast<float>(txt);
        x.junk += static_cast<float>(x.own_link);
    } else {
        x.junk += static_cast<float>(x.own_chars);
    }
}

// Gives each block the text it holds itself. With `use_furniture`, text of
// inline furniture inside a block (a pop-up card in a link) is set apart.
void accumulate_own_text(const Tree& t, Analysis& a, bool use_furniture) {
    auto& info = a.info;
    for (auto& x : info) x.own_chars = x.own_link = x.own_punct = x.own_furniture = 0;
    for (std::uint32_t i = 1; i < t.size(); ++i) {
        const NodeInfo& x = info[i];
        if (t.nodes[i].tag != Tag::text || x.skip || x.chars == 0) continue;
        NodeInfo& o = info[x.owner];
        if (use_furniture && x.in_furniture && !o.in_furniture) {
            o.own_furniture += x.chars;
            continue;
        }
        o.own_chars += x.chars;
        o.own_punct += x.punct;
        if (x.in_link) o.own_link += x.chars;
    }
}

void sum_prose(const Tree& t, Analysis& a, bool use_furniture) {
    auto& info = a.info;
    for (auto& x : info) x.good = x.junk = x.marked = x.own_good = 0;
    for (std::size_t k = info.size(); k-- > 1;) {
        auto i = static_cast<std::uint32_t>(k);
        NodeInfo& x = info[i];
        if (t.nodes[i].tag != Tag::text) classify_block(x, t.nodes[i].tag, use_furniture && x.in_furniture);
        NodeInfo& p = info[t.nodes[i].parent];
        p.good += x.good;
        p.junk += x.junk;
        p.marked += x.marked;
    }
    classify_block(info[0], Tag::html, false);
}

std::string describe(const Tree& t, std::uint32_t i) {
    std::string d(t.name(i));
    std::string_view id = t.attr(i, "id");
    std::string_view cls = t.attr(i, "class");
    if (!id.empty()) d += "#" + std::string(id);
    if (!cls.empty()) {
        std::string c = text::collapse_whitespace(cls);
        std::replace(c.begin(), c.end(), ' ', '.');
        d += "." + c;
    }
    return d;
}

std::string fmt1(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(v));
    return buf;
}

std::string fmt2(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
    return buf;
}

}  // namespace

Analysis analyse(const Tree& t, bool lenient) {
    const Cues& cues = Cues::get();
    Analysis a;
    a.info.resize(t.size());
    std::vector<std::string>& reasons = a.reasons;
    auto reason_index = [&](std::string_view name) -> std::int16_t {
        for (std::size_t k = 0; k < reasons.size(); ++k)
            if (reasons[k] == name) return static_cast<std::int16_t>(k);
        reasons.emplace_back(name);
        return static_cast<std::int16_t>(reasons.size() - 1);
    };
    auto& info = a.info;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
    };
    std::unordered_map<std::string, CueReading, Hash, std::equal_to<>> readings;
    for (std::uint32_t i = 1; i < t.size(); ++i) {
        const Node& n = t.nodes[i];
        NodeInfo& x = info[i];
        const NodeInfo& p = info[n.parent];
        x.skip = p.skip;
        x.in_link = p.in_link;
        if (n.tag == Tag::text) {
            x.owner = p.owner;
            if (x.skip) continue;
            TextCount c = count_text(t.text(i));
            x.chars = c.chars;
            x.punct = c.punct;
            if (x.in_link) x.link_chars = c.chars;
            continue;
        }
        x.owner = is_block(n.tag) ? i : p.owner;
        x.in_link = x.in_link || n.tag == Tag::a;
        if (!x.skip) x.skip = is_invisible(n.tag) || is_hidden(t, i);
        if (x.skip) continue;
        if (n.tag == Tag::article || n.tag == Tag::main) x.content_cue = true;
        if (n.tag == Tag::body) continue;  // page-wide classes say nothing about parts
        if (n.attr_begin != n.attr_end) {
            // class, id and itemprop are read one by one, each distinct value once
            int reason = -1;
            for (std::uint32_t k = n.attr_begin; k < n.attr_end; ++k) {
                std::string_view name = t.str(t.attributes[k].name);
                if (name != "class" && name != "id" && name != "itemprop") continue;
                std::string_view value = t.str(t.attributes[k].value);
                if (value.empty()) continue;
                auto it = readings.find(value);
                if (it == readings.end()) it = readings.emplace(std::string(value), cues.read(value)).first;
                const CueReading& r = it->second;
                if (r.reason >= 0 && (reason < 0 || r.reason < reason)) reason = r.reason;
                x.content_cue = x.content_cue || r.content;
                x.marks |= (r.byline ? mark_byline : 0) | (r.caption ? mark_caption : 0) | (r.credit ? mark_credit : 0) |
                           (r.subtitle ? mark_subtitle : 0) | (r.lead ? mark_lead : 0);
            }
            if (reason >= 0) x.cue = reason_index(cues.boilerplate.reason(reason));
        }
        std::string_view role = t.attr(i, "role");
        if (!role.empty()) {
            int m = cues.roles.match(class_tokens(role));
            if (m >= 0) {
                if (cues.roles.reason(m) == "content") x.content_cue = true;
                else if (x.cue < 0) x.cue = reason_index(cues.roles.reason(m));
            }
        }
        if (x.cue < 0) {
            std::string_view tr = tag_reason(n.tag);
            if (!tr.empty()) x.cue = reason_index(tr);
        }
    }
    // Subtree sums of text.
    for (std::size_t k = info.size(); k-- > 1;) {
        NodeInfo& x = info[k];
        NodeInfo& p = info[t.nodes[k].parent];
        p.chars += x.chars;
        p.link_chars += x.link_chars;
    }
    // Prose without cues, to see which cued elements hold most of it.
    accumulate_own_text(t, a, false);
    sum_prose(t, a, false);
    float total = info[0].good;
    a.raw_prose = total;
    a.lenient = lenient;
    for (std::uint32_t i = 1; i < t.size(); ++i) {
        NodeInfo& x = info[i];
        // Comments are prose by nature: holding much of it proves nothing.
        if (x.cue >= 0 && total > 0 && x.good >= (lenient ? lenient_protect_share : protect_share) * total &&
            reasons[static_cast<std::size_t>(x.cue)] != "comments")
            x.protected_ = true;
        const NodeInfo& p = info[t.nodes[i].parent];
        x.in_furniture = p.in_furniture || (x.cue >= 0 && !x.protected_);
    }
    accumulate_own_text(t, a, true);
    sum_prose(t, a, true);
    return a;
}

namespace {

// Whether a sibling of a winning paragraph belongs to its article: 1 it
// does, 0 it is passed over (no text), -1 the article ends before it.
int joins_paragraph_run(const Tree& t, const Analysis& a, std::uint32_t s) {
    const Node& n = t.nodes[s];
    const NodeInfo& y = a.info[s];
    if (n.tag == Tag::text) return y.chars == 0 ? 0 : -1;
    if (y.skip || y.chars == 0) return 0;
    if (y.cue >= 0 || y.in_furniture) return -1;
    switch (n.tag) {
        case Tag::p: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5: case Tag::h6: case Tag::ul:
        case Tag::ol: case Tag::dl: case Tag::blockquote: case Tag::pre: case Tag::table: case Tag::figure:
            return 1;
        default:
            return -1;
    }
}

void extend_paragraph_run(const Tree& t, const Analysis& a, std::uint32_t title, Choice& c) {
    std::uint32_t parent = t.nodes[c.node].parent;
    if (parent == no_node) return;
    // before it: the run of joining siblings that reaches it, begun after
    // the headline
    std::uint32_t start = no_node;
    for (std::uint32_t s = t.nodes[parent].first_child; s != no_node && s < c.node; s = t.nodes[s].next_sibling) {
        int j = joins_paragraph_run(t, a, s);
        bool headline = title != no_node && s <= title && title < t.nodes[s].end;
        if (j < 0 || headline) start = no_node;
        else if (j > 0 && start == no_node) start = s;
    }
    if (start != no_node) c.first = start;
    for (std::uint32_t s = t.nodes[c.node].next_sibling; s != no_node; s = t.nodes[s].next_sibling) {
        int j = joins_paragraph_run(t, a, s);
        if (j < 0 || (title != no_node && s <= title && title < t.nodes[s].end)) break;
        if (j > 0) c.last = s;
    }
    c.prose = 0;
    for (std::uint32_t s = c.first; s != no_node && s <= c.last; s = t.nodes[s].next_sibling) c.prose += a.info[s].good;
}

}  // namespace

Choice choose_main_content(const Tree& t, const Analysis& a, std::uint32_t title) {
    const auto& info = a.info;
    // Prose that comes before the headline is not the article's (teasers,
    // breaking-news tickers): prefix sums of prose in document order find
    // how much of each candidate lies before it.
    std::vector<float> prose_before;
    if (title != no_node) {
        prose_before.resize(t.size() + 1);
        float sum = 0;
        for (std::uint32_t i = 0; i < t.size(); ++i) {
            prose_before[i] = sum;
            sum += info[i].own_good;
        }
        prose_before[t.size()] = sum;
    }
    auto before_title = [&](std::uint32_t i) -> float {
        if (prose_before.empty() || i >= title) return 0.f;
        std::uint32_t stop = std::min(title, t.nodes[i].end);
        return prose_before[stop] - prose_before[i];
    };
    Choice best;
    float best_score = -1e30f;
    std::uint32_t runner_up = no_node;
    float runner_score = -1e30f;
    bool found = false;
    for (std::uint32_t i = 0; i < t.size(); ++i) {
        const Node& n = t.nodes[i];
        if (n.tag == Tag::text || !is_block(n.tag)) continue;
        const NodeInfo& x = info[i];
        if (x.skip || x.good <= 0 || x.in_furniture) continue;
        float s = score_of(x) - (1.f + junk_weight) * before_title(i);
        if (x.content_cue) s += 0.1f * x.good;
        bool inside_best = found && i < t.nodes[best.node].end && i > best.node;
        if (!found || s > best_score + 1e-3f || (inside_best && s >= best_score - 1e-3f)) {
            if (found && !inside_best && best_score > runner_score) {
                runner_up = best.node;
                runner_score = best_score;
            }
            best.node = i;
            best_score = s;
            found = true;
        } else if (!inside_best && s > runner_score) {
            runner_up = i;
            runner_score = s;
        }
    }
    if (!found) {
        // No prose anywhere: the whole body, furniture removed.
        auto bodies = t.find_all(Tag::body);
        best.node = bodies.empty() ? 0 : bodies.front();
        best.first = best.last = best.node;
        best.score = 0;
        best.why = describe(t, best.node) + ": no block of prose on the page; taking the whole body";
        return best;
    }
    // A list of <article>s (the story, then "more stories"): the one that
    // holds the headline.
    if (title != no_node && best.node < title && title < t.nodes[best.node].end) {
        std::uint32_t holder = no_node;
        int articles = 0;
        for (std::uint32_t i = best.node + 1; i < t.nodes[best.node].end; ++i) {
            if (t.nodes[i].tag != Tag::article || info[i].good <= 0) continue;
            ++articles;
            if (i < title && title < t.nodes[i].end && holder == no_node) holder = i;
            i = t.nodes[i].end - 1;  // count outermost articles only
        }
        if (holder != no_node && articles >= 2) {
            best.node = holder;
            best_score = score_of(info[holder]);
        }
    }
    best.score = best_score;
    best.first = best.last = best.node;
    best.prose = info[best.node].good;
    if (t.nodes[best.node].tag == Tag::p) extend_paragraph_run(t, a, title, best);
    const NodeInfo& x = info[best.node];
    best.why = describe(t, best.node) + ": score " + fmt1(best_score) + " = prose " + fmt1(x.good) + " - furniture " +
               fmt1(x.junk) + (x.content_cue ? " + 10% content cue" : "") + ", link density " +
               fmt2(x.chars ? static_cast<float>(x.link_chars) / static_cast<float>(x.chars) : 0.f);
    if (runner_up != no_node)
        best.why += "; next best elsewhere " + describe(t, runner_up) + " " + fmt1(runner_score);
    if (best.first != best.last) {
        int n = 0;
        for (std::uint32_t s = best.first; s != no_node && s <= best.last; s = t.nodes[s].next_sibling)
            n += t.nodes[s].tag != Tag::text && s != best.node;
        best.why += "; with the " + std::to_string(n) + " paragraph-level elements beside it in " +
                    describe(t, t.nodes[best.node].parent) + " (lines " + std::to_string(t.nodes[best.first].line) +
                    "-" + std::to_string(t.nodes[best.last].line) + ", prose " + fmt1(best.prose) + ")";
    }
    // The containers around it, and why they lost.
    std::uint32_t p = t.nodes[best.node].parent;
    for (int k = 0; k < 3 && p != no_node && p != 0; ++k, p = t.nodes[p].parent) {
        const NodeInfo& y = info[p];
        best.why += (k == 0 ? "; around it " : ", ") + describe(t, p) + " " + fmt1(score_of(y)) +
                    " (prose " + fmt1(y.good) + ", furniture " + fmt1(y.junk) + ")";
    }
    return best;
}

bool needs_lenient_retry(const Analysis& a, const Choice& c) {
    if (a.lenient || a.raw_prose <= 0) return false;
    return c.prose < retry_below_share * a.raw_prose;
}

// ---- assembly ---------------------------------------------------------------

namespace {

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

struct Item {
    enum Kind { block, heading, dropped } kind = block;
    Block content;            // block
    std::string text;         // heading text, or the dropped reason
    int level = 2;            // heading
    std::size_t line = 0;
    std::uint32_t node = 0;
};

class Assembler {
public:
    Assembler(const Tree& t, const Analysis& a, const PageMeta& meta, Document& doc,
              std::vector<explain_entry>* explain)
        : t_(t), a_(a), meta_(meta), doc_(doc), explain_(explain), cues_(Cues::get()) {}

    void run(const Choice& main) {
        if (explain_)
            explain_->push_back({t_.nodes[main.node].line, "main-content", main.why,
                                 text::truncate_graphemes(subtree_text(t_, main.node), 120)});
        find_byline(main.first);
        rescue_lead_figures(main.first);
        if (main.first == main.last) walk(main.node);
        else walk_range(main.first, t_.nodes[main.last].end);
        drop_outside(main);
        finish();
    }

private:
    const Tree& t_;
    const Analysis& a_;
    const PageMeta& meta_;
    Document& doc_;
    std::vector<explain_entry>* explain_;
    const Cues& cues_;

    std::vector<Item> items_;
    std::vector<std::pair<std::uint32_t, Dropped>> dropped_;
    std::uint32_t byline_node_ = no_node;

public:
    std::vector<std::string> byline_names_;  // names the byline gives

private:

    // the paragraph being collected
    std::string buf_;
    std::uint32_t buf_chars_ = 0, buf_link_ = 0;
    std::size_t buf_line_ = 0;
    std::uint32_t buf_node_ = 0;
    int link_depth_ = 0;
    std::size_t open_figure_ = static_cast<std::size_t>(-1);  // image still waiting for a caption

    const NodeInfo& info(std::uint32_t i) const { return a_.info[i]; }
    std::size_t line_of(std::uint32_t i) const { return t_.nodes[i].line; }

    void note(std::size_t line, std::string kind, std::string reason, std::string_view text) {
        if (explain_) explain_->push_back({line, std::move(kind), std::move(reason), text::truncate_graphemes(text, 200)});
    }

    void drop(std::uint32_t node, std::string text, std::string reason, std::string why) {
        if (text.empty()) return;
        note(line_of(node), "dropped:" + reason, std::move(why), text);
        Item it;
        it.kind = Item::dropped;
        it.text = reason;
        it.node = node;
        items_.push_back(std::move(it));
        dropped_.push_back({node, Dropped{std::move(text), std::move(reason), line_of(node)}});
    }

    void drop_subtree(std::uint32_t node, std::string reason, std::string why) {
        // inline furniture (a pop-up card inside a link) leaves the line whole
        if (is_block(t_.nodes[node].tag)) flush();
        drop(node, subtree_text(t_, node), std::move(reason), std::move(why));
    }

    void add_block(std::uint32_t node, Block b, std::string_view kind, std::string_view text) {
        note(line_of(node), std::string(kind), "inside the main content", text);
        Item it;
        it.kind = Item::block;
        it.content = std::move(b);
        it.node = node;
        it.line = line_of(node);
        items_.push_back(std::move(it));
        if (kind != "figure") open_figure_ = static_cast<std::size_t>(-1);
    }

    void add_heading(std::uint32_t node, std::string text, int level) {
        note(line_of(node), "heading", "heading element", text);
        Item it;
        it.kind = Item::heading;
        it.text = std::move(text);
        it.level = level;
        it.node = node;
        it.line = line_of(node);
        items_.push_back(std::move(it));
        open_figure_ = static_cast<std::size_t>(-1);
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
                std::string text = subtree_text(t_, i);
                std::size_t len = text::grapheme_length(text);
                if (len < 3 || len > 150) continue;
                // the outermost byline element: skip its marked descendants
                byline_node_ = i;
                doc_.byline = text;
                byline_names_ = names_in_byline(i, text);
                note(line_of(i), "byline", "the byline element " + describe(t_, i), text);
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
            std::string text = subtree_text(t_, i);
            std::string tail = byline_tail(text);
            if (tail.empty()) continue;
            std::vector<std::string> names = names_from_byline(tail);
            if (names.empty()) continue;
            byline_node_ = i;
            doc_.byline = text;
            byline_names_ = std::move(names);
            note(line_of(i), "byline", "a short line opened by a byline word", text);
            return;
        }
        find_byline_after_headline();
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
        for (std::uint32_t i = t_.nodes[h].end; i < limit; ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) continue;
            const NodeInfo& x = info(i);
            if (x.skip) {
                i = n.end - 1;
                continue;
            }
            if (x.chars == 0 || x.chars > 120 || heading_level(n.tag)) continue;
            std::string text = subtree_text(t_, i);
            std::string tail = byline_tail(text);
            // "Written by" alone, the names in the next element
            std::uint32_t label_value = no_node;
            if (tail.empty() && is_byline_label(text)) {
                std::uint32_t next = n.next_sibling;
                while (next != no_node && t_.nodes[next].tag == Tag::text && subtree_text(t_, next).empty())
                    next = t_.nodes[next].next_sibling;
                if (next != no_node && t_.nodes[next].tag != Tag::text && info(next).chars <= 80) {
                    label_value = next;
                    tail = subtree_text(t_, next);
                }
            }
            if (tail.empty()) continue;
            std::vector<std::string> names = names_from_byline(tail);
            if (names.empty()) continue;
            byline_node_ = i;  // the label; its value stays where it is
            doc_.byline = label_value == no_node ? text : text + " " + tail;
            byline_names_ = std::move(names);
            note(line_of(i), "byline", "a short line after the headline opened by a byline word", *doc_.byline);
            return;
        }
    }

    // A byline word standing alone ("Written by", "Author:").
    bool is_byline_label(const std::string& text) const {
        if (text.size() > 40) return false;
        std::string key = phrase_key(text);
        if (key.empty()) return false;
        for (const auto& p : cues_.byline_prefixes)
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
            for (auto& n : names_from_byline(subtree_text(t_, i)))
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
            std::string line = t_.nodes[c].tag == Tag::text ? clean_text(t_.text(c)) : subtree_text(t_, c);
            std::vector<std::string> names = names_from_byline(line);
            if (!names.empty()) return names;
        }
        return {};
    }

    // ---- the walk --------------------------------------------------------

    enum OpenKind : std::uint8_t { open_block, open_link };
    struct Open {
        std::uint32_t end;
        OpenKind kind;
    };

    void walk(std::uint32_t root) { walk_range(root + 1, t_.nodes[root].end); }

    // The nodes from `begin` to before `end` (whole subtrees), in order.
    void walk_range(std::uint32_t begin, std::uint32_t end) {
        std::vector<Open> open;
        std::uint32_t i = begin;
        while (true) {
            while (!open.empty() && i >= open.back().end) {
                leave(open.back().kind);
                open.pop_back();
            }
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
        if (buf_chars_ == 0 && c > 0) {
            buf_line_ = line_of(i);
            buf_node_ = i;
        }
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
        std::string_view phrase = cues_.phrase_reason(text);
        if (!phrase.empty()) {
            drop(node, text, std::string(phrase), "a line that is only a furniture phrase");
            return;
        }
        if (link * 2 > chars) {
            // Links inside the article are mostly its own (sources, a
            // quoted headline); lines that point elsewhere say so.
            if (cues_.is_related_line(text)) {
                drop(node, text, "related", "a link to another article");
                return;
            }
        }
        if (meta_.title && compare_key(text) == compare_key(*meta_.title)) {
            drop(node, text, "title", "the headline repeated");
            return;
        }
        if (looks_like_dateline(text)) {
            drop(node, text, "dateline", "a short line with a date or time and no sentence");
            return;
        }
        if (cues_.is_credit_line(text)) {
            if (open_figure_ < items_.size()) {
                auto& f = std::get<Figure>(items_[open_figure_].content);
                if (!f.credit) {
                    f.credit = text;
                    note(line_of(node), "credit", "a credit line after an image", text);
                    return;
                }
            }
            Figure f;
            f.credit = text;
            add_block(node, std::move(f), "figure", text);
            return;
        }
        add_block(node, Paragraph{text}, "paragraph", text);
    }

    // Handles an element; returns the next node to visit (its end when the
    // element was consumed whole, the next node to go inside it).
    std::uint32_t enter(std::uint32_t i) {
        const Node& n = t_.nodes[i];
        const NodeInfo& x = info(i);
        if (x.skip) {
            if (is_hidden(t_, i) && !is_invisible(n.tag)) {
                flush();
                drop(i, subtree_text_unhidden(i), "hidden", "hidden by its attributes");
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
        if (i == byline_node_) {
            drop_subtree(i, "byline", "the article's byline (kept as the byline)");
            return n.end;
        }
        if (x.cue >= 0 && !x.protected_) {
            drop_subtree(i, a_.reasons[static_cast<std::size_t>(x.cue)],
                         "class/id/role/tag cue of " + describe(t_, i));
            return n.end;
        }
        if (is_block(n.tag) && x.chars >= 10 && x.good == 0 && x.link_chars * 2 > x.chars && !heading_level(n.tag) &&
            n.tag != Tag::p && n.tag != Tag::li && n.tag != Tag::figure && n.tag != Tag::td && n.tag != Tag::th) {
            drop_subtree(i, "link-list",
                         "links make " + fmt2(static_cast<float>(x.link_chars) / static_cast<float>(x.chars)) +
                             " of the text of " + describe(t_, i) + " and none of it is prose");
            return n.end;
        }
        if (int level = heading_level(n.tag)) {
            heading(i, level);
            return n.end;
        }
        if (is_block(n.tag) && x.link_chars > 0) {
            if (int cards = teaser_cards(i)) {
                drop_subtree(i, "related",
                             std::to_string(cards) + " alike teaser cards in " + describe(t_, i) +
                                 ": each an image link, a linked title and at most a short blurb");
                return n.end;
            }
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
                std::string text = subtree_text(t_, i);
                if (!text.empty()) add_block(i, Paragraph{text}, "paragraph", text);
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
        std::string text = subtree_text(t_, i);
        if (text.empty()) return;
        const NodeInfo& x = info(i);
        if (level == 1) {
            if (i == meta_.title_node || (meta_.title && text == *meta_.title)) {
                drop(i, text, "title", "the page title (kept as the title)");
                return;
            }
            level = 2;
        }
        if (x.link_chars * 2 > x.chars) {
            drop(i, text, "link", "a heading that is a link");
            return;
        }
        // a deck set as a heading (class "sub-title", "dek", subtitle.txt)
        // before the article's first paragraph or heading (figures may come
        // first): the subtitle, not a section
        if ((x.marks & mark_subtitle) && !doc_.meta.subtitle &&
            std::none_of(items_.begin(), items_.end(), [](const Item& it) {
                return it.kind == Item::heading || (it.kind == Item::block && !std::holds_alternative<Figure>(it.content));
            })) {
            doc_.meta.subtitle = text;
            note(line_of(i), "subtitle", "a heading with a subtitle cue (" + describe(t_, i) + ") before the text", text);
            drop(i, std::move(text), "subtitle", "the article's subtitle (kept as the subtitle)");
            return;
        }
        add_heading(i, std::move(text), level);
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
            if (info(k).skip || n.tag == Tag::ul || n.tag == Tag::ol ||
                (info(k).cue >= 0 && !info(k).protected_)) {
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
            std::string text = subtree_text(t_, i);
            if (!text.empty()) add_block(i, Paragraph{text}, "paragraph", text);
            return;
        }
        std::string all;
        for (const auto& s : l.items) all += s + "\n";
        add_block(i, std::move(l), "list", all);
    }

    void quote(std::uint32_t i) {
        flush();
        std::string text = subtree_text(t_, i);
        if (text.empty()) return;
        const NodeInfo& x = info(i);
        if (x.link_chars * 2 > x.chars) {
            drop(i, text, "link", "a quote that is mostly links");
            return;
        }
        add_block(i, Quote{text}, "quote", text);
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
                credit += subtree_text(t_, k);
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
        add_block(i, std::move(f), "figure", alt.empty() ? src : alt);
        open_figure_ = items_.size() - 1;
    }

    void caption(std::uint32_t i) {
        flush();
        auto [cap, credit] = caption_and_credit(i);
        if (cap.empty() && credit.empty()) return;
        // the image just before it, when nothing came between
        if (open_figure_ < items_.size()) {
            auto& f = std::get<Figure>(items_[open_figure_].content);
            if (!f.caption && !f.credit) {
                if (!cap.empty()) f.caption = cap;
                if (!credit.empty()) f.credit = credit;
                note(line_of(i), "caption", "caption of the image before it", cap.empty() ? credit : cap);
                open_figure_ = static_cast<std::size_t>(-1);
                return;
            }
        }
        Figure f;
        if (!cap.empty()) f.caption = cap;
        if (!credit.empty()) f.credit = credit;
        add_block(i, std::move(f), "figure", cap.empty() ? credit : cap);
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
            std::string text = subtree_text(t_, i);
            if (!text.empty()) drop(i, text, "embed", "a figure with neither image nor caption");
            return;
        }
        std::string label = f.caption ? *f.caption : f.alt ? *f.alt : *f.src;
        add_block(i, std::move(f), "figure", label);
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
                row.push_back(info(c).skip ? std::string() : subtree_text(t_, c));
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
        std::string all;
        for (const auto& r : tb.rows)
            for (const auto& c : r) all += c + " | ";
        std::string caption;
        for (std::uint32_t c = t_.nodes[i].first_child; c != no_node; c = t_.nodes[c].next_sibling)
            if (t_.nodes[c].tag == Tag::caption) caption = subtree_text(t_, c);
        if (!caption.empty()) add_block(i, Paragraph{caption}, "paragraph", caption);
        add_block(i, std::move(tb), "table", all);
    }

    // ---- outside the main content -------------------------------------------

    std::string region_reason(std::uint32_t s) const {
        const NodeInfo& x = info(s);
        if (s == byline_node_) return "byline";
        if (s == meta_.title_node) return "title";
        if (x.cue >= 0) return a_.reasons[static_cast<std::size_t>(x.cue)];
        if (meta_.title_node != no_node && s <= meta_.title_node && meta_.title_node < t_.nodes[s].end &&
            x.chars <= info(meta_.title_node).chars + 20)
            return "title";
        if (byline_node_ != no_node && s <= byline_node_ && byline_node_ < t_.nodes[s].end &&
            x.chars <= info(byline_node_).chars + 20)
            return "byline";
        return "outside-article";
    }

    // Everything around the main content, one entry per region; a large
    // region without a cue is split into its children so the reasons stay
    // specific.
    std::vector<std::uint32_t> rescued_;  // figures taken from around the main content

    bool is_rescued(std::uint32_t i) const { return std::find(rescued_.begin(), rescued_.end(), i) != rescued_.end(); }

    // The lead image often sits in the article's header, a sibling of the
    // body: figures between the headline and the main content, within a few
    // levels around it, are the article's own.
    void rescue_lead_figures(std::uint32_t main) {
        std::uint32_t scope = main;
        for (int up = 0; up < 3 && scope != 0; ++up) {
            std::uint32_t p = t_.nodes[scope].parent;
            if (p == no_node || t_.nodes[p].tag == Tag::body || p == 0) break;
            scope = p;
        }
        std::uint32_t from = scope + 1;
        bool after_title = false, lead_taken = false;
        if (meta_.title_node != no_node && meta_.title_node > scope && meta_.title_node < main) {
            from = t_.nodes[meta_.title_node].end;
            after_title = true;
        }
        for (std::uint32_t i = from; i < main && rescued_.size() < 2; ++i) {
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
                x.good == x.own_good && x.chars <= 600 && !lead_taken) {
                std::size_t before = items_.size();
                walk_range(i, n.end);
                lead_taken = true;
                if (items_.size() > before) {
                    rescued_.push_back(i);
                    note(line_of(i), "paragraph", "the lead (" + describe(t_, i) + ") between the headline and the main content", "");
                }
                i = n.end - 1;
                continue;
            }
            bool furniture = x.in_furniture;
            if (furniture) {
                // the article header may hold it; other furniture may not
                std::uint32_t k = i;
                while (k != no_node && !(info(k).cue >= 0 && !info(k).protected_)) k = t_.nodes[k].parent;
                // a view of the reason itself: with "" as the other branch the
                // conditional would be a temporary std::string, gone at the ;
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
            std::size_t before = items_.size();
            figure(box);
            if (items_.size() > before) {
                rescued_.push_back(box);
                note(line_of(box), "figure", "a lead image between the headline and the main content", "");
            }
            i = t_.nodes[box].end - 1;
        }
    }

    void drop_outside(const Choice& main) {
        std::vector<std::uint32_t> regions;
        for (std::uint32_t cur = main.node; cur != 0;) {
            std::uint32_t p = t_.nodes[cur].parent;
            bool run = cur == main.node;  // the article's own siblings are not outside it
            for (std::uint32_t s = t_.nodes[p].first_child; s != no_node; s = t_.nodes[s].next_sibling)
                if (s != cur && !(run && s >= main.first && s <= main.last)) regions.push_back(s);
            cur = p;
        }
        std::sort(regions.begin(), regions.end());
        std::vector<std::uint32_t> stack(regions.rbegin(), regions.rend());
        while (!stack.empty()) {
            std::uint32_t s = stack.back();
            stack.pop_back();
            const Node& n = t_.nodes[s];
            const NodeInfo& x = info(s);
            if (x.chars == 0 || x.skip || is_rescued(s)) continue;
            // regions holding a rescued figure, the headline or the byline
            // are split, so those get their own entries and reasons
            auto inside = [&](std::uint32_t r) { return r != no_node && s < r && r < n.end; };
            bool holds_rescued = std::any_of(rescued_.begin(), rescued_.end(), inside) ||
                                 inside(meta_.title_node) || inside(byline_node_);
            if (n.tag != Tag::text && n.first_child != no_node && (holds_rescued || (x.cue < 0 && x.chars > 2000))) {
                std::vector<std::uint32_t> kids;
                for (std::uint32_t c = n.first_child; c != no_node; c = t_.nodes[c].next_sibling) kids.push_back(c);
                stack.insert(stack.end(), kids.rbegin(), kids.rend());
                continue;
            }
            std::string text = n.tag == Tag::text ? clean_text(t_.text(s)) : subtree_text(t_, s);
            if (text.empty()) continue;
            std::string reason = n.tag == Tag::text ? "outside-article" : region_reason(s);
            note(n.line, "dropped:" + reason,
                 n.tag == Tag::text ? "outside the main content" : "outside the main content: " + describe(t_, s),
                 text);
            dropped_.push_back({s, Dropped{std::move(text), std::move(reason), n.line}});
        }
    }

    // ---- sections --------------------------------------------------------

    // Closing lines that ask the reader to follow, subscribe or write in.
    void drop_closing_calls() {
        for (std::size_t k = items_.size(); k-- > 0;) {
            Item& it = items_[k];
            if (it.kind == Item::dropped) continue;
            if (it.kind != Item::block) break;
            auto* p = std::get_if<Paragraph>(&it.content);
            if (!p) {
                if (std::holds_alternative<Figure>(it.content)) continue;
                break;
            }
            if (!cues_.is_call_to_action(p->text)) break;
            note(it.line, "dropped:call-to-action", "a closing line asking the reader to act", p->text);
            dropped_.push_back({it.node, Dropped{p->text, "call-to-action", it.line}});
            it.kind = Item::dropped;
            it.text = "call-to-action";
        }
    }

    void finish() {
        drop_closing_calls();
        // A heading whose section kept nothing (its links and widgets were
        // dropped, or nothing follows it) goes too.
        std::vector<bool> has_content(items_.size(), false);
        for (std::size_t k = items_.size(); k-- > 0;) {
            if (items_[k].kind != Item::heading) continue;
            std::string dropped_reason;
            for (std::size_t j = k + 1; j < items_.size(); ++j) {
                const Item& it = items_[j];
                if (it.kind == Item::heading && it.level <= items_[k].level) break;
                if (it.kind == Item::block || (it.kind == Item::heading && has_content[j])) {
                    has_content[k] = true;
                    break;
                }
                if (it.kind == Item::dropped && dropped_reason.empty()) dropped_reason = it.text;
            }
            if (!has_content[k]) {
                std::string reason = dropped_reason.empty() ? "empty-section" : dropped_reason;
                note(items_[k].line, "dropped:" + reason, "a heading with nothing kept after it", items_[k].text);
                dropped_.push_back({items_[k].node, Dropped{items_[k].text, reason, items_[k].line}});
            }
        }
        // Figures that are neither captioned nor described are decoration.
        struct Level {
            int level;
            std::vector<Block>* blocks;
        };
        std::vector<Level> stack{{1, &doc_.blocks}};
        for (std::size_t k = 0; k < items_.size(); ++k) {
            Item& it = items_[k];
            if (it.kind == Item::dropped) continue;
            if (it.kind == Item::heading) {
                if (!has_content[k]) continue;
                while (stack.size() > 1 && stack.back().level >= it.level) stack.pop_back();
                Section s;
                s.heading = std::move(it.text);
                s.level = std::clamp(it.level, 2, 6);
                stack.back().blocks->push_back(std::move(s));
                stack.push_back({it.level, &std::get<Section>(stack.back().blocks->back()).blocks});
                continue;
            }
            if (auto* f = std::get_if<Figure>(&it.content); f && !f->caption && !f->credit && !f->alt) continue;
            stack.back().blocks->push_back(std::move(it.content));
        }
        std::stable_sort(dropped_.begin(), dropped_.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (auto& d : dropped_) doc_.dropped.push_back(std::move(d.second));
    }
};

}  // namespace

std::vector<std::string> assemble_document(const Tree& tree, const Analysis& a, const Choice& main,
                                           const PageMeta& meta, Document& doc, std::vector<explain_entry>* explain) {
    Assembler assembler(tree, a, meta, doc, explain);
    assembler.run(main);
    return std::move(assembler.byline_names_);
}

}  // namespace scrapedoc::html
