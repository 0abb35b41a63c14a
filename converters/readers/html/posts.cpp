#include "readers/html/posts.hpp"

#include <algorithm>
#include <unordered_map>

#include "readers/html/assemble.hpp"
#include "readers/html/block_model.hpp"
#include "readers/html/cues.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

// The longest writer's name or date line read as one.
constexpr std::uint32_t max_name_chars = 80;
// A post's header line (writer, date, a post number) longer than this is
// text of the post, not its heading.
constexpr std::size_t max_header_chars = 200;

class Poster {
public:
    Poster(const Tree& t, const Analysis& a, const PageMeta& meta, std::vector<Unit>& units, bool explain)
        : t_(t), a_(a), meta_(meta), units_(units), explain_(explain), user_bit_(bit("user")), time_bit_(bit("time")) {
        const Cues& cues = Cues::get();
        person_links_ = cues.author_links;
        person_links_.insert(person_links_.end(), cues.member_links.begin(), cues.member_links.end());
    }

    std::size_t run() {
        mark();
        std::vector<std::uint32_t> posts = choose();
        if (posts.size() < 2) return 0;
        // the posts are the page: most of what is kept is in them
        std::uint64_t in_posts = 0, all = kept_[0];
        for (std::uint32_t p : posts) in_posts += kept_[p];
        if (in_posts * 2 < all) return 0;
        return open(posts);
    }

private:
    const Tree& t_;
    const Analysis& a_;
    const PageMeta& meta_;
    std::vector<Unit>& units_;
    const bool explain_;
    const std::uint32_t user_bit_, time_bit_;
    std::vector<std::uint8_t> holds_;  // per element: 1 a writer, 2 a date, in its subtree
    std::vector<std::uint32_t> kept_;  // per element: kept characters in its subtree
    std::unordered_map<std::string_view, std::uint32_t> readings_;
    std::vector<std::string> person_links_;  // href parts of a writer's or member's page (profile-links.txt)

    static std::uint32_t bit(std::string_view group) {
        int g = block_cue_group(group);
        return g < 0 ? 0u : 1u << g;
    }

    std::uint32_t groups_of(std::uint32_t i) {
        std::uint32_t out = 0;
        for (std::string_view name : {"class", "id"}) {
            std::string_view v = t_.attr(i, name);
            if (v.empty()) continue;
            auto it = readings_.find(v);
            if (it == readings_.end()) it = readings_.emplace(v, block_cue_groups(v)).first;
            out |= it->second;
        }
        return out;
    }

    // Whether an element names a writer, and whether it holds a date.
    bool is_writer(std::uint32_t i) {
        const Node& n = t_.nodes[i];
        if (n.attr_begin == n.attr_end || a_.info[i].chars == 0 || a_.info[i].chars > max_name_chars) return false;
        if (!marks_person(i) && (groups_of(i) & user_bit_) == 0) return false;
        return !is_control(i);
    }

    // Whether the markup itself says an element is a person: schema.org's
    // author, rel=author, a link to a writer's or member's page.
    bool marks_person(std::uint32_t i) const {
        std::string_view prop = t_.attr(i, "itemprop");
        if (prop == "author" || prop == "creator") return true;
        if (t_.attr(i, "rel") == "author") return true;
        return t_.nodes[i].tag == Tag::a && is_profile_link(t_.attr(i, "href"), person_links_, meta_.host_label);
    }

    // A control on the post ("Reply with quote", "Melden"), which a forum's
    // template may put in an element whose class reads as the writer's
    // ("profile-icons"): its text is an action, not a name. (A button is
    // not enough: a writer's name can open a profile card.)
    bool is_control(std::uint32_t i) const { return Cues::get().is_post_control(subtree_text(t_, i, a_.reveal)); }

    bool is_date(std::uint32_t i) {
        const Node& n = t_.nodes[i];
        if (n.tag == Tag::time) return true;
        if (n.attr_begin == n.attr_end || a_.info[i].chars == 0 || a_.info[i].chars > max_name_chars) return false;
        std::string_view prop = t_.attr(i, "itemprop");
        if (prop == "datePublished" || prop == "dateCreated") return true;
        return (groups_of(i) & time_bit_) != 0 && looks_like_dateline(subtree_text(t_, i, a_.reveal));
    }

    // Which elements hold a writer or a date, and how much kept text.
    void mark() {
        holds_.assign(t_.size(), 0);
        kept_.assign(t_.size(), 0);
        for (const Unit& u : units_)
            if (is_kept(u) && u.kind != UnitKind::figure) kept_[u.owner] += u.chars;
        for (std::size_t k = t_.size(); k-- > 1;) {
            auto i = static_cast<std::uint32_t>(k);
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text || a_.info[i].skip) continue;
            if (is_writer(i)) holds_[i] |= 1;
            if (is_date(i)) holds_[i] |= 2;
            holds_[n.parent] |= holds_[i];
            kept_[n.parent] += kept_[i];
        }
    }

    static std::uint64_t signature(const Tree& t, std::uint32_t i) {
        return std::hash<std::string_view>{}(t.attr(i, "class")) * 131 + static_cast<std::uint64_t>(t.nodes[i].tag);
    }

    // The siblings alike (tag and class) that name a writer or a date and
    // hold the most kept text between them.
    std::vector<std::uint32_t> choose() {
        std::vector<std::uint32_t> best;
        std::uint64_t best_kept = 0;
        std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> groups;
        for (std::uint32_t p = 0; p < t_.size(); ++p) {
            const Node& n = t_.nodes[p];
            if (n.tag == Tag::text || kept_[p] == 0 || !(holds_[p] & 1)) continue;
            groups.clear();
            // a post names its writer (a date alone makes an event or a news item)
            for (std::uint32_t c = n.first_child; c != no_node; c = t_.nodes[c].next_sibling)
                if (t_.nodes[c].tag != Tag::text && (holds_[c] & 1) && kept_[c] > 0) groups[signature(t_, c)].push_back(c);
            for (auto& [sig, members] : groups) {
                if (members.size() < 2) continue;
                std::uint64_t kept = 0;
                for (std::uint32_t m : members) kept += kept_[m];
                if (kept > best_kept) {
                    best_kept = kept;
                    best = members;
                }
            }
        }
        return best;
    }

    struct Header {
        std::uint32_t writer = no_node, date = no_node;
    };

    // The first writer and the first date in a post; `passed_over`: a text
    // that is not the writer (see repeated_label).
    Header header_of(std::uint32_t post, const std::string& passed_over = {}) {
        Header h;
        for (std::uint32_t i = post + 1; i < t_.nodes[post].end; ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) continue;
            if (a_.info[i].skip) {
                i = n.end - 1;
                continue;
            }
            if (h.writer == no_node && is_writer(i) &&
                (passed_over.empty() || subtree_text(t_, i, a_.reveal) != passed_over))
                h.writer = i;
            if (h.date == no_node && is_date(i)) h.date = i;
            if (h.writer != no_node && h.date != no_node) break;
        }
        return h;
    }

    // The posts' writers are one text in every post (three or more; two
    // when it does not read as a name) that no markup marks as a person: a
    // label of the posts' template under a class that reads as the
    // writer's, not a name. Then the writers are
    // looked for past it: in every post when the text does not read as a
    // name, else only when the posts do name someone else.
    void pass_over_repeated_label(const std::vector<std::uint32_t>& posts, std::vector<Header>& headers) {
        std::string text;
        std::size_t named = 0;
        for (const Header& h : headers) {
            if (h.writer == no_node) continue;
            if (marks_person(h.writer)) return;
            std::string name = subtree_text(t_, h.writer, a_.reveal);
            if (named > 0 && name != text) return;
            text = std::move(name);
            ++named;
        }
        if (named < headers.size() || text.empty()) return;
        bool name_like = reads_as_name(text);
        if (named < (name_like ? 3u : 2u)) return;  // two posts by one writer happen
        std::vector<Header> past(headers.size());
        bool other = false;
        for (std::size_t p = 0; p < posts.size(); ++p) {
            past[p] = header_of(posts[p], text);
            other = other || past[p].writer != no_node;
        }
        if (other || !name_like) headers = std::move(past);
    }

    std::string writer_name(std::uint32_t i) {
        // a person marked up with its name inside ("itemprop=author" > "itemprop=name")
        for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k)
            if (t_.nodes[k].tag != Tag::text && t_.attr(k, "itemprop") == "name") return subtree_text(t_, k, a_.reveal);
        // a line around the writer's link ("by <a href=/u/42>Ana</a> » date"):
        // the link, past an avatar's initial ("A") when a name follows
        if (!marks_person(i)) {
            std::string initial;
            for (std::uint32_t k = i + 1; k < t_.nodes[i].end; ++k) {
                if (t_.nodes[k].tag != Tag::a || !marks_person(k) || is_control(k)) continue;
                std::string name = subtree_text(t_, k, a_.reveal);
                if (name.empty()) continue;
                if (text::grapheme_length(name) > 1) return name;
                if (initial.empty()) initial = std::move(name);
            }
            if (!initial.empty()) return initial;
        }
        return subtree_text(t_, i, a_.reveal);
    }

    std::string date_of(std::uint32_t i) {
        std::string_view when = t_.attr(i, "datetime");
        if (when.empty()) when = t_.attr(i, "content");
        std::string iso = when.empty() ? std::string() : normalize_date(when);
        if (!iso.empty()) return iso;
        std::string text = subtree_text(t_, i, a_.reveal);
        std::string from_text = normalize_date(text);
        return from_text.empty() ? text : from_text;
    }

    // The block an element's text is in: the last block that starts at or
    // before the element's first text.
    std::size_t unit_at(std::uint32_t el) const {
        std::uint32_t node = el;
        for (std::uint32_t k = el; k < t_.nodes[el].end; ++k)
            if (t_.nodes[k].tag == Tag::text && a_.info[k].chars > 0) {
                node = k;
                break;
            }
        // blocks are in reading order, but a piece of inline furniture is
        // listed before the line around it: the closest start wins
        std::size_t best = units_.size();
        for (std::size_t k = 0; k < units_.size(); ++k)
            if (units_[k].node <= node && (best == units_.size() || units_[k].node > units_[best].node)) best = k;
        return best;
    }

    std::size_t open(const std::vector<std::uint32_t>& posts) {
        std::vector<Unit> out;
        out.reserve(units_.size() + posts.size());
        std::size_t made = 0, next = 0;
        std::vector<bool> header(units_.size(), false);
        std::vector<Unit> headings(posts.size());
        std::vector<bool> has_heading(posts.size(), false);
        std::vector<Header> headers(posts.size());
        for (std::size_t p = 0; p < posts.size(); ++p) headers[p] = header_of(posts[p]);
        pass_over_repeated_label(posts, headers);
        for (std::size_t p = 0; p < posts.size(); ++p) {
            std::uint32_t post = posts[p];
            const Header& h = headers[p];
            if (h.writer == no_node) continue;
            Unit u;
            u.kind = UnitKind::heading;
            u.node = post;
            u.owner = post;
            u.line = t_.nodes[post].line;
            u.level = 2;
            u.post = post;
            if (h.writer != no_node) u.author = writer_name(h.writer);
            if (h.date != no_node) u.date = date_of(h.date);
            if (u.author && u.author->empty()) u.author.reset();
            if (u.date && u.date->empty()) u.date.reset();
            if (!u.author && !u.date) continue;
            // the post's header line as the page shows it: the blocks that
            // hold its writer and date when they are kept and short, else
            // the writer's name and the date as shown
            std::string line;
            auto take = [&](std::uint32_t el) -> std::string {
                std::size_t k = unit_at(el);
                if (k >= units_.size() || header[k] || units_[k].node < post || units_[k].node >= t_.nodes[post].end ||
                    !is_kept(units_[k]))
                    return {};
                std::string text = unit_text(units_[k]);
                if (text.size() > max_header_chars) return {};
                header[k] = true;
                return text;
            };
            auto add = [&line](const std::string& part) {
                if (part.empty() || line.find(part) != std::string::npos) return;
                if (!line.empty()) line += " · ";
                line += part;
            };
            if (h.writer != no_node) {
                std::string shown = take(h.writer);
                add(shown.empty() && u.author ? *u.author : shown);
            }
            if (h.date != no_node) {
                std::string shown = take(h.date);
                add(shown.empty() ? subtree_text(t_, h.date, a_.reveal) : shown);
            }
            if (line.empty() && u.date) line = *u.date;
            u.heading = line;
            if (explain_) u.why = "a post (" + describe(t_, post) + "), one of " + std::to_string(posts.size()) +
                                  " alike that name a writer or a date";
            headings[p] = std::move(u);
            has_heading[p] = true;
        }
        for (std::size_t k = 0; k < units_.size(); ++k) {
            Unit& u = units_[k];
            // the posts that start at or before this block
            while (next < posts.size() && posts[next] <= u.node) {
                if (has_heading[next]) {
                    out.push_back(std::move(headings[next]));
                    ++made;
                }
                ++next;
            }
            if (header[k]) continue;  // its text is the post's heading
            // the post around it: the last one begun, if it has not ended
            if (next > 0 && has_heading[next - 1] && u.node < t_.nodes[posts[next - 1]].end) {
                u.post = posts[next - 1];
                // headings inside a post sit below the post
                if (u.kind == UnitKind::heading) u.level = std::max(u.level, 3);
            }
            out.push_back(std::move(u));
        }
        while (next < posts.size()) {
            if (has_heading[next]) {
                out.push_back(std::move(headings[next]));
                ++made;
            }
            ++next;
        }
        units_ = std::move(out);
        return made;
    }
};

}  // namespace

std::size_t frame_posts(const Tree& tree, const Analysis& a, const PageMeta& meta, std::vector<Unit>& units, bool explain) {
    return Poster(tree, a, meta, units, explain).run();
}

}  // namespace scrapedoc::html
