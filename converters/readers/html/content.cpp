#include "readers/html/content.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

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
// A page is a script's shell when its hidden elements and <noscript> hold
// more text than it shows (and some text at all): then they are read.
constexpr std::uint32_t reveal_ratio = 1;
constexpr std::uint32_t reveal_min_chars = 200;

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

Analysis analyse(const Tree& t, bool lenient, bool reveal) {
    const Cues& cues = Cues::get();
    Analysis a;
    a.info.resize(t.size());
    a.reveal = reveal;
    // Text no reader sees now but a script may show (hidden elements,
    // <noscript>), as opposed to what is never text (script, style).
    enum : std::uint8_t { never_text = 1, concealed = 2 };
    std::vector<std::uint8_t> seen(t.size(), 0);
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
        seen[i] = seen[n.parent];
        if (n.tag == Tag::text) {
            x.owner = p.owner;
            if (x.skip) {
                if (seen[i] == concealed) {
                    a.concealed_chars += count_text(t.text(i)).chars;
                    a.concealed_texts.push_back(i);
                }
                continue;
            }
            TextCount c = count_text(t.text(i));
            x.chars = c.chars;
            x.punct = c.punct;
            if (x.in_link) x.link_chars = c.chars;
            continue;
        }
        x.owner = is_block(n.tag) ? i : p.owner;
        x.in_link = x.in_link || n.tag == Tag::a;
        if (is_invisible(n.tag) && n.tag != Tag::noscript) seen[i] |= never_text;
        else if (n.tag == Tag::noscript || is_hidden(t, i)) seen[i] |= concealed;
        if (!x.skip) x.skip = is_unseen(t, i, reveal);
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

namespace {

// Hashes of the runs of four words of a text, white space apart.
template <typename F>
void for_each_shingle(std::string_view text, F&& f) {
    std::uint64_t words[4] = {0, 0, 0, 0};
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && static_cast<unsigned char>(text[i]) <= ' ') ++i;
        std::size_t b = i;
        while (i < text.size() && static_cast<unsigned char>(text[i]) > ' ') ++i;
        if (i == b) break;
        words[n % 4] = std::hash<std::string_view>{}(text.substr(b, i - b));
        if (++n < 4) continue;
        std::uint64_t h = 0;
        for (std::size_t k = 0; k < 4; ++k) h = h * 1000003u ^ words[(n + k) % 4];  // oldest first
        f(h);
    }
}

}  // namespace

bool needs_reveal(const Tree& t, const Analysis& a) {
    if (a.concealed_chars < reveal_min_chars || a.info[0].chars * reveal_ratio >= a.concealed_chars) return false;
    // A hidden copy of what the page shows (a print version, microdata) is
    // not more text: only runs of words not on view count.
    std::unordered_set<std::uint64_t> shown;
    std::string visible;
    for (std::uint32_t i = 1; i < t.size(); ++i)
        if (t.nodes[i].tag == Tag::text && a.info[i].chars > 0) {
            visible += t.text(i);
            visible += ' ';
        }
    for_each_shingle(visible, [&](std::uint64_t h) { shown.insert(h); });
    std::size_t novel = 0, all = 0;
    std::string concealed;
    for (std::uint32_t i : a.concealed_texts) {
        concealed += t.text(i);
        concealed += ' ';
    }
    for_each_shingle(concealed, [&](std::uint64_t h) {
        ++all;
        novel += !shown.contains(h);
    });
    // the concealed text's share that is new, applied to its size
    std::uint64_t new_chars = all ? static_cast<std::uint64_t>(a.concealed_chars) * novel / all : 0;
    return new_chars >= reveal_min_chars && static_cast<std::uint64_t>(a.info[0].chars) * reveal_ratio < new_chars;
}

bool needs_lenient_retry(const Analysis& a, const Choice& c) {
    if (a.lenient || a.raw_prose <= 0) return false;
    return c.prose < retry_below_share * a.raw_prose;
}

}  // namespace scrapedoc::html
