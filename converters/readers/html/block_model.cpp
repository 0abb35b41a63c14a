#include "readers/html/block_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "data/embedded.hpp"
#include "learned/model.hpp"
#include "readers/html/cues.hpp"
#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

constexpr std::string_view model_name = "html-blocks";

// The cue reasons a block can sit in (boilerplate.txt's, and <form>), in a
// fixed order: each is a feature.
constexpr std::array<std::string_view, 16> cue_reasons = {
    "cookie-banner", "comments", "share-widget", "newsletter", "advertisement", "related", "navigation", "tags",
    "author-bio", "article-meta", "sidebar", "footer", "header", "hidden", "modal", "form"};

// Tags around a block that are features, as bits after the cue reasons.
enum : std::uint64_t {
    in_nav = 1ull << 20, in_header = 1ull << 21, in_footer = 1ull << 22, in_aside = 1ull << 23,
    in_article = 1ull << 24, in_main = 1ull << 25, in_form = 1ull << 26, in_li = 1ull << 27,
    in_table = 1ull << 28, in_section = 1ull << 29, in_details = 1ull << 30, in_dl = 1ull << 31,
    in_content_cue = 1ull << 32, in_protected = 1ull << 33, in_figure = 1ull << 34, in_blockquote = 1ull << 35,
};

// The features, in the model's column order.
#define BLOCK_FEATURES(X)                                                                                        \
    X(log_chars) X(log_words) X(link_density) X(sentence_ends) X(sentence_end_share) X(digit_share)             \
    X(capital_share) X(mean_word_length) X(ends_sentence) X(log_items)                                            \
    X(is_paragraph) X(is_heading) X(is_list) X(is_quote) X(is_table) X(heading_level)                            \
    X(owner_p) X(owner_li) X(owner_cell) X(owner_div) X(owner_heading) X(owner_pre) X(owner_other)               \
    X(owner_prose) X(parent_prose_share) X(parent_link_density)                                                   \
    X(cue_cookie_banner) X(cue_comments) X(cue_share_widget) X(cue_newsletter) X(cue_advertisement)             \
    X(cue_related) X(cue_navigation) X(cue_tags) X(cue_author_bio) X(cue_article_meta) X(cue_sidebar)          \
    X(cue_footer) X(cue_header) X(cue_hidden) X(cue_modal) X(cue_form) X(cue_count)                             \
    X(tag_nav) X(tag_header) X(tag_footer) X(tag_aside) X(tag_article) X(tag_main) X(tag_form) X(tag_li)        \
    X(tag_table) X(tag_section) X(tag_details) X(tag_dl) X(content_cue) X(protected_cue) X(tag_figure)         \
    X(tag_blockquote)                                                                                              \
    X(rule_keep) X(rule_outside) X(rule_link_list) X(rule_related) X(rule_title) X(rule_byline) X(rule_cue)      \
    X(rule_other) X(in_article) X(before_article) X(after_article) X(before_title) X(after_title) X(is_title)     \
    X(description_share) X(log_duplicates)                                                                        \
    X(article_share) X(article_is_body) X(article_link_density) X(lenient) X(revealed)                          \
    X(log_depth) X(depth_from_article) X(position) X(char_position)                                               \
    X(log_sibling_repeats) X(log_item_repeats) X(log_page_repeats)                                                \
    X(page_log_chars) X(page_link_density) X(page_log_blocks) X(page_log_prose)                                   \
    X(page_comment_share) X(page_kept_share) X(page_cued_share)                                                   \
    X(type_article) X(type_forum) X(type_product) X(type_collection) X(type_listing) X(type_documentation)        \
    X(type_service)                                                                                                \
    X(prev_log_chars) X(prev_link_density) X(prev_rule_keep) X(prev_in_article) X(prev_heading)                  \
    X(next_log_chars) X(next_link_density) X(next_rule_keep) X(next_in_article) X(next_heading)

enum Feature : std::size_t {
#define X(name) f_##name,
    BLOCK_FEATURES(X)
#undef X
    fixed_feature_count
};

constexpr std::array<std::string_view, fixed_feature_count> fixed_feature_names = {
#define X(name) #name,
    BLOCK_FEATURES(X)
#undef X
};

// The groups of class/id tokens in block-cues.txt: two features each, one
// for the block's own element, one for any element around it.
struct BlockCues {
    std::vector<std::string> groups;
    CueIndex index;
    std::vector<std::string> names;          // every feature's name: the fixed ones, then the groups'
    std::vector<std::string_view> name_views;

    static const BlockCues& get() {
        static const BlockCues cues = [] {
            BlockCues c;
            data::for_each_line(data::embedded_file("html/block-cues.txt"), [&](std::string_view line) {
                if (line.empty() || line.front() == '#') return;
                std::size_t colon = line.find(':');
                if (colon == std::string_view::npos) return;
                const std::uint64_t bit = 1ull << c.groups.size();
                c.groups.emplace_back(line.substr(0, colon));
                std::string_view rest = line.substr(colon + 1);
                std::size_t i = 0;
                while (i < rest.size()) {
                    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r')) ++i;
                    std::size_t b = i;
                    while (i < rest.size() && rest[i] != ' ' && rest[i] != '\t' && rest[i] != '\r') ++i;
                    if (i > b) c.index.add(rest.substr(b, i - b), bit);
                }
            });
            c.index.finish();
            for (auto n : fixed_feature_names) c.names.emplace_back(n);
            for (const auto& g : c.groups) c.names.push_back("cue_group_" + g);
            for (const auto& g : c.groups) c.names.push_back("self_group_" + g);
            for (const auto& n : c.names) c.name_views.push_back(n);
            return c;
        }();
        return cues;
    }
};

struct TextStats {
    float words = 0, sentence_ends = 0, digits = 0, letters = 0, capitals = 0, word_chars = 0;
    bool ends_sentence = false;
};

TextStats text_stats(std::string_view s) {
    TextStats st;
    std::size_t i = 0;
    bool in_word = false;
    char32_t last = 0;
    while (i < s.size()) {
        char32_t c = text::next_code_point(s, i);
        bool space = c == ' ' || c == '\n' || c == '\t' || c == 0xA0;
        if (space) {
            in_word = false;
            continue;
        }
        last = c;
        if (!in_word) {
            st.words += 1;
            if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE)) st.capitals += 1;
        }
        in_word = true;
        st.word_chars += 1;
        if (c >= '0' && c <= '9') st.digits += 1;
        else if (c >= 0x41) st.letters += 1;
        if (is_sentence_end(c)) st.sentence_ends += 1;
    }
    st.ends_sentence = last != 0 && is_sentence_end(last);
    return st;
}

float log1(float v) { return std::log1p(std::max(0.f, v)); }

std::uint32_t signature(const Tree& t, std::uint32_t i) {
    std::size_t h = std::hash<std::string_view>{}(t.attr(i, "class"));
    return static_cast<std::uint32_t>(h * 31 + static_cast<std::size_t>(t.nodes[i].tag) + 1);
}

class Features {
public:
    Features(const Tree& t, const Analysis& a, const Choice& main, const PageMeta& meta, const std::vector<Unit>& units,
             const PageTypeResult* page_type)
        : t_(t), a_(a), main_(main), meta_(meta), units_(units), page_type_(page_type), cues_(BlockCues::get()),
          width_(cues_.names.size()) {}

    std::size_t width() const { return width_; }

    // Rows for the decided blocks (their indexes in `rows`).
    std::vector<float> compute(std::vector<std::size_t>& rows) {
        mark_ancestors();
        count_repeats();
        page_features();
        std::vector<float> values;
        for (std::size_t k = 0; k < units_.size(); ++k) {
            if (!is_decided(units_[k])) continue;
            rows.push_back(k);
            values.resize(values.size() + width_, 0.f);
            fill(k, std::span(values).last(width_));
        }
        return values;
    }

private:
    const Tree& t_;
    const Analysis& a_;
    const Choice& main_;
    const PageMeta& meta_;
    const std::vector<Unit>& units_;
    const PageTypeResult* page_type_;
    const BlockCues& cues_;
    const std::size_t width_;
    std::vector<std::uint64_t> flags_;
    std::vector<std::uint32_t> groups_, own_groups_;  // block-cues.txt bits: around the node, of the node itself
    std::unordered_map<std::string, std::uint32_t> description_words_;
    std::unordered_map<std::string, std::uint32_t> texts_;  // how often each block text occurs
    std::vector<std::uint16_t> depth_;
    std::vector<std::uint32_t> sibling_repeats_;
    std::unordered_map<std::uint32_t, std::uint32_t> page_repeats_;
    std::vector<std::uint32_t> signature_;
    float page_chars_ = 0, page_link_ = 0, total_unit_chars_ = 0;
    float comment_share_ = 0, kept_share_ = 0, cued_share_ = 0;
    std::vector<float> chars_before_;

    void mark_ancestors() {
        std::array<int, 32> reason_bit{};
        reason_bit.fill(-1);
        for (std::size_t r = 0; r < a_.reasons.size() && r < reason_bit.size(); ++r)
            for (std::size_t c = 0; c < cue_reasons.size(); ++c)
                if (a_.reasons[r] == cue_reasons[c]) reason_bit[r] = static_cast<int>(c);
        flags_.assign(t_.size(), 0);
        depth_.assign(t_.size(), 0);
        groups_.assign(t_.size(), 0);
        own_groups_.assign(t_.size(), 0);
        std::unordered_map<std::string_view, std::uint32_t> readings;
        for (std::uint32_t i = 1; i < t_.size(); ++i) {
            const Node& n = t_.nodes[i];
            std::uint64_t f = flags_[n.parent];
            groups_[i] = groups_[n.parent];
            if (n.tag != Tag::text && n.attr_begin != n.attr_end) {
                std::uint32_t own = 0;
                for (std::string_view name : {"class", "id"}) {
                    std::string_view v = t_.attr(i, name);
                    if (v.empty()) continue;
                    auto it = readings.find(v);
                    if (it == readings.end())
                        it = readings.emplace(v, static_cast<std::uint32_t>(cues_.index.match(class_tokens(v)))).first;
                    own |= it->second;
                }
                own_groups_[i] = own;
                groups_[i] |= own;
            }
            depth_[i] = static_cast<std::uint16_t>(std::min(depth_[n.parent] + 1, 65535));
            if (n.tag != Tag::text) {
                const NodeInfo& x = a_.info[i];
                if (x.cue >= 0 && static_cast<std::size_t>(x.cue) < reason_bit.size() && reason_bit[static_cast<std::size_t>(x.cue)] >= 0)
                    f |= x.protected_ ? std::uint64_t{in_protected} : 1ull << reason_bit[static_cast<std::size_t>(x.cue)];
                if (x.content_cue) f |= in_content_cue;
                switch (n.tag) {
                    case Tag::nav: case Tag::menu: f |= in_nav; break;
                    case Tag::header: f |= in_header; break;
                    case Tag::footer: f |= in_footer; break;
                    case Tag::aside: f |= in_aside; break;
                    case Tag::article: f |= in_article; break;
                    case Tag::main: f |= in_main; break;
                    case Tag::form: f |= in_form; break;
                    case Tag::li: f |= in_li; break;
                    case Tag::table: f |= in_table; break;
                    case Tag::section: f |= in_section; break;
                    case Tag::details: f |= in_details; break;
                    case Tag::dl: f |= in_dl; break;
                    case Tag::figure: f |= in_figure; break;
                    case Tag::blockquote: f |= in_blockquote; break;
                    default: break;
                }
            }
            flags_[i] = f;
        }
    }

    // How many siblings of each element share its tag and class, and how
    // many elements of the page do.
    void count_repeats() {
        signature_.assign(t_.size(), 0);
        sibling_repeats_.assign(t_.size(), 0);
        std::vector<std::uint32_t> kids;
        for (std::uint32_t i = 0; i < t_.size(); ++i) {
            const Node& n = t_.nodes[i];
            if (n.tag == Tag::text) continue;
            if (i > 0) ++page_repeats_[signature_[i] = signature(t_, i)];
        }
        std::vector<std::uint32_t> sigs;
        for (std::uint32_t p = 0; p < t_.size(); ++p) {
            const Node& n = t_.nodes[p];
            if (n.tag == Tag::text || n.first_child == no_node) continue;
            sigs.clear();
            for (std::uint32_t c = n.first_child; c != no_node; c = t_.nodes[c].next_sibling)
                if (t_.nodes[c].tag != Tag::text) sigs.push_back(signature_[c]);
            if (sigs.size() < 2) continue;
            std::sort(sigs.begin(), sigs.end());
            for (std::uint32_t c = n.first_child; c != no_node; c = t_.nodes[c].next_sibling) {
                if (t_.nodes[c].tag == Tag::text) continue;
                auto range = std::equal_range(sigs.begin(), sigs.end(), signature_[c]);
                sibling_repeats_[c] = static_cast<std::uint32_t>(range.second - range.first);
            }
        }
    }

    void page_features() {
        if (meta_.description)
            for (auto& w : words_of(*meta_.description)) ++description_words_[std::move(w)];
        for (const Unit& u : units_)
            if (u.chars > 0) ++texts_[unit_text(u)];
        // how the page's block text divides between the rules' verdicts
        float comments = 0, kept = 0, cued = 0, all = 0;
        for (const Unit& u : units_) {
            auto c = static_cast<float>(u.chars);
            all += c;
            std::uint64_t f = flags_[u.node];
            if ((f >> 1) & 1) comments += c;  // cue_reasons[1] is "comments"
            if (u.reason.empty()) kept += c;
            if (f & ((1ull << cue_reasons.size()) - 1)) cued += c;
        }
        comment_share_ = all > 0 ? comments / all : 0.f;
        kept_share_ = all > 0 ? kept / all : 0.f;
        cued_share_ = all > 0 ? cued / all : 0.f;
        page_chars_ = static_cast<float>(a_.info[0].chars);
        page_link_ = page_chars_ > 0 ? static_cast<float>(a_.info[0].link_chars) / page_chars_ : 0.f;
        chars_before_.resize(units_.size());
        for (std::size_t k = 0; k < units_.size(); ++k) {
            chars_before_[k] = total_unit_chars_;
            total_unit_chars_ += static_cast<float>(units_[k].chars);
        }
    }

    static std::uint32_t owner_of(const Unit& u) { return u.owner; }

    bool inside_article(const Unit& u) const { return u.node >= main_.first && u.node < t_.nodes[main_.last].end; }

    static float density(const Unit& u) {
        return u.chars ? static_cast<float>(u.link_chars) / static_cast<float>(u.chars) : 0.f;
    }

    void neighbour(const Unit* v, std::span<float> row, std::size_t base) const {
        if (!v) return;
        row[base] = log1(static_cast<float>(v->chars));
        row[base + 1] = density(*v);
        row[base + 2] = v->reason.empty() || v->pinned;
        row[base + 3] = inside_article(*v);
        row[base + 4] = v->kind == UnitKind::heading;
    }

    void fill(std::size_t k, std::span<float> row) const {
        const Unit& u = units_[k];
        std::string text = unit_text(u);
        {
            std::vector<std::string> words = words_of(text);
            std::size_t in_description = 0;
            for (const auto& w : words) in_description += description_words_.contains(w);
            row[f_description_share] = words.size() >= 3 ? static_cast<float>(in_description) / static_cast<float>(words.size()) : 0.f;
            auto it = texts_.find(text);
            row[f_log_duplicates] = log1(it == texts_.end() ? 0.f : static_cast<float>(it->second - 1));
        }
        TextStats st = text_stats(text);
        row[f_log_chars] = log1(static_cast<float>(u.chars));
        row[f_log_words] = log1(st.words);
        row[f_link_density] = density(u);
        row[f_sentence_ends] = st.sentence_ends;
        row[f_sentence_end_share] = st.words > 0 ? st.sentence_ends / st.words : 0.f;
        row[f_digit_share] = st.word_chars > 0 ? st.digits / st.word_chars : 0.f;
        row[f_capital_share] = st.words > 0 ? st.capitals / st.words : 0.f;
        row[f_mean_word_length] = st.words > 0 ? st.word_chars / st.words : 0.f;
        row[f_ends_sentence] = st.ends_sentence;
        float items = 1;
        if (auto* l = std::get_if<List>(&u.content)) items = static_cast<float>(l->items.size());
        else if (auto* tb = std::get_if<Table>(&u.content)) items = static_cast<float>(tb->rows.size());
        row[f_log_items] = log1(items);
        row[f_is_paragraph] = u.kind == UnitKind::paragraph;
        row[f_is_heading] = u.kind == UnitKind::heading;
        row[f_is_list] = u.kind == UnitKind::list;
        row[f_is_quote] = u.kind == UnitKind::quote;
        row[f_is_table] = u.kind == UnitKind::table;
        row[f_heading_level] = static_cast<float>(u.level);

        std::uint32_t owner = u.owner;
        Tag otag = t_.nodes[owner].tag;
        row[f_owner_p] = otag == Tag::p;
        row[f_owner_li] = otag == Tag::li || otag == Tag::dd || otag == Tag::dt;
        row[f_owner_cell] = otag == Tag::td || otag == Tag::th;
        row[f_owner_div] = otag == Tag::div || otag == Tag::section || otag == Tag::article;
        row[f_owner_heading] = heading_level(otag) > 0;
        row[f_owner_pre] = otag == Tag::pre;
        row[f_owner_other] = !(row[f_owner_p] || row[f_owner_li] || row[f_owner_cell] || row[f_owner_div] ||
                               row[f_owner_heading] || row[f_owner_pre]);
        const NodeInfo& ox = a_.info[owner];
        row[f_owner_prose] = ox.own_good > 0;
        std::uint32_t parent = t_.nodes[owner].parent;
        if (parent != no_node) {
            const NodeInfo& px = a_.info[parent];
            row[f_parent_prose_share] = px.chars ? px.good / static_cast<float>(px.chars) : 0.f;
            row[f_parent_link_density] = px.chars ? static_cast<float>(px.link_chars) / static_cast<float>(px.chars) : 0.f;
        }

        std::uint64_t f = flags_[u.node];
        int cues = 0;
        for (std::size_t c = 0; c < cue_reasons.size(); ++c) {
            bool on = (f >> c) & 1;
            row[f_cue_cookie_banner + c] = on;
            cues += on;
        }
        row[f_cue_count] = static_cast<float>(cues);
        row[f_tag_nav] = (f & in_nav) != 0;
        row[f_tag_header] = (f & in_header) != 0;
        row[f_tag_footer] = (f & in_footer) != 0;
        row[f_tag_aside] = (f & in_aside) != 0;
        row[f_tag_article] = (f & in_article) != 0;
        row[f_tag_main] = (f & in_main) != 0;
        row[f_tag_form] = (f & in_form) != 0;
        row[f_tag_li] = (f & in_li) != 0;
        row[f_tag_table] = (f & in_table) != 0;
        row[f_tag_section] = (f & in_section) != 0;
        row[f_tag_details] = (f & in_details) != 0;
        row[f_tag_dl] = (f & in_dl) != 0;
        row[f_content_cue] = (f & in_content_cue) != 0;
        row[f_protected_cue] = (f & in_protected) != 0;
        row[f_tag_figure] = (f & in_figure) != 0;
        row[f_tag_blockquote] = (f & in_blockquote) != 0;

        std::string_view r = u.reason;
        bool is_cue = std::find(cue_reasons.begin(), cue_reasons.end(), r) != cue_reasons.end();
        row[f_rule_keep] = r.empty();
        row[f_rule_outside] = r == "outside-article";
        row[f_rule_link_list] = r == "link-list";
        row[f_rule_related] = r == "related";
        row[f_rule_title] = r == "title";
        row[f_rule_byline] = r == "byline";
        row[f_rule_cue] = is_cue && r != "related";
        row[f_rule_other] = !r.empty() && !row[f_rule_outside] && !row[f_rule_link_list] && !row[f_rule_related] &&
                            !row[f_rule_title] && !row[f_rule_byline] && !row[f_rule_cue];
        bool inside = inside_article(u);
        row[f_in_article] = inside;
        row[f_before_article] = u.node < main_.first;
        row[f_after_article] = !inside && u.node >= main_.first;
        if (meta_.title_node != no_node) {
            row[f_before_title] = u.node < meta_.title_node;
            row[f_after_title] = u.node >= t_.nodes[meta_.title_node].end;
            row[f_is_title] = u.node >= meta_.title_node && u.node < t_.nodes[meta_.title_node].end;
        }
        const std::size_t groups = cues_.groups.size();
        for (std::size_t g = 0; g < groups; ++g) {
            row[fixed_feature_count + g] = (groups_[u.node] >> g) & 1;
            row[fixed_feature_count + groups + g] = (own_groups_[owner_of(u)] >> g) & 1;
        }

        const NodeInfo& mx = a_.info[main_.node];
        row[f_article_share] = a_.raw_prose > 0 ? main_.prose / a_.raw_prose : 0.f;
        row[f_article_is_body] = t_.nodes[main_.node].tag == Tag::body || main_.node == 0;
        row[f_article_link_density] = mx.chars ? static_cast<float>(mx.link_chars) / static_cast<float>(mx.chars) : 0.f;
        row[f_lenient] = a_.lenient;
        row[f_revealed] = a_.reveal;

        row[f_log_depth] = log1(depth_[u.node]);
        row[f_depth_from_article] = static_cast<float>(depth_[u.node]) - static_cast<float>(depth_[main_.node]);
        row[f_position] = units_.size() > 1 ? static_cast<float>(k) / static_cast<float>(units_.size() - 1) : 0.f;
        row[f_char_position] = total_unit_chars_ > 0 ? chars_before_[k] / total_unit_chars_ : 0.f;

        row[f_log_sibling_repeats] = log1(static_cast<float>(sibling_repeats_[owner]));
        std::uint32_t best = 0, x = owner;
        for (int up = 0; up < 6 && x != no_node && x != 0; ++up, x = t_.nodes[x].parent)
            best = std::max(best, sibling_repeats_[x]);
        row[f_log_item_repeats] = log1(static_cast<float>(best));
        auto it = page_repeats_.find(signature_[owner]);
        row[f_log_page_repeats] = log1(it == page_repeats_.end() ? 0.f : static_cast<float>(it->second));

        row[f_page_log_chars] = log1(page_chars_);
        row[f_page_link_density] = page_link_;
        row[f_page_log_blocks] = log1(static_cast<float>(units_.size()));
        row[f_page_log_prose] = log1(a_.raw_prose);
        row[f_page_comment_share] = comment_share_;
        row[f_page_kept_share] = kept_share_;
        row[f_page_cued_share] = cued_share_;
        // The page type's probabilities (missing without the page-type model).
        static_assert(f_type_service - f_type_article + 1 == classified_type_count);
        for (std::size_t c = 0; c < classified_type_count; ++c)
            row[f_type_article + c] = page_type_ && page_type_->type ? page_type_->probability[c] : std::nanf("");

        neighbour(k > 0 ? &units_[k - 1] : nullptr, row, f_prev_log_chars);
        neighbour(k + 1 < units_.size() ? &units_[k + 1] : nullptr, row, f_next_log_chars);
    }
};

std::string fmt2(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
    return buf;
}

// "top features: rule_keep +1.9, cue_comments -0.8, log_chars +0.4": the
// three that moved the score most, in log-odds.
std::string top_features(std::span<const float> c, const std::vector<std::string>& names) {
    std::vector<std::size_t> order(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::partial_sort(order.begin(), order.begin() + 3, order.end(),
                      [&](std::size_t x, std::size_t y) { return std::fabs(c[x]) > std::fabs(c[y]); });
    std::string out = "top features:";
    for (std::size_t k = 0; k < 3; ++k) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s %s%+.1f", k ? "," : "", names[order[k]].c_str(),
                      static_cast<double>(c[order[k]]));
        out += buf;
    }
    return out;
}

}  // namespace

std::uint32_t block_cue_groups(std::string_view value) {
    return static_cast<std::uint32_t>(BlockCues::get().index.match(class_tokens(value)));
}

int block_cue_group(std::string_view name) {
    const auto& groups = BlockCues::get().groups;
    for (std::size_t g = 0; g < groups.size(); ++g)
        if (groups[g] == name) return static_cast<int>(g);
    return -1;
}

namespace {

// Where the model's verdict replaces the rules' on a page: a block the rules
// drop is kept at p >= keep_above, one they keep is dropped at p <
// drop_below. The model's attributes give them by page type (`thresholds`:
// "article:0.9/0.2,forum:0.4/0.4,..."; `threshold` for the types not
// listed; "unknown" without a page type). Where the article way found no
// article (it reads the whole body) "<type>+body" comes first. A page's
// thresholds are those of each type weighed by the type's probability: a
// page the page-type model hesitates on between an article and a forum is
// decided between the two (folds: all 0.848 -> 0.851, python html_blocks).
// docs/learned.md says how they were chosen.
struct Thresholds {
    float keep_above = 0.5f, drop_below = 0.5f;
    std::string page;  // "article page", for --explain
};

struct TypeThresholds {
    float fallback = 0.5f;
    std::vector<std::pair<std::string, std::pair<float, float>>> by_key;

    explicit TypeThresholds(const learned::Model& model) {
        if (std::string t = model.attribute("threshold"); !t.empty()) fallback = std::stof(t);
        const std::string all = model.attribute("thresholds");
        std::string_view rest = all;
        while (!rest.empty()) {
            std::size_t comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            std::size_t colon = item.find(':');
            if (colon == std::string_view::npos) continue;
            std::string values(item.substr(colon + 1));
            std::size_t slash = values.find('/');
            const float keep = std::stof(values.substr(0, slash));
            const float drop = slash == std::string::npos ? keep : std::stof(values.substr(slash + 1));
            by_key.emplace_back(std::string(item.substr(0, colon)), std::make_pair(keep, drop));
        }
    }

    // keep_above and drop_below of one type.
    std::pair<float, float> of(const std::string& type, bool whole_body) const {
        for (const std::string& key : {whole_body ? type + "+body" : std::string(), type}) {
            if (key.empty()) continue;
            for (const auto& [k, v] : by_key)
                if (k == key) return v;
        }
        return {fallback, fallback};
    }
};

Thresholds thresholds_for(const learned::Model& model, const PageTypeResult* page_type, bool whole_body) {
    const TypeThresholds table(model);
    Thresholds th;
    const std::string body_note = whole_body ? "no article found, " : "";
    if (!page_type || !page_type->type) {
        std::tie(th.keep_above, th.drop_below) = table.of("unknown", whole_body);
        th.page = body_note + "unknown page";
        return th;
    }
    float sum = 0, keep = 0, drop = 0;
    for (std::size_t c = 0; c < classified_type_count; ++c) {
        const float w = page_type->probability[c];
        const auto [k, d] = table.of(to_string(classified_types[c]), whole_body);
        keep += w * k;
        drop += w * d;
        sum += w;
    }
    if (sum > 0) {
        th.keep_above = keep / sum;
        th.drop_below = drop / sum;
    } else {
        std::tie(th.keep_above, th.drop_below) = table.of(to_string(*page_type->type), whole_body);
    }
    th.page = body_note + "weighed by type, " + to_string(*page_type->type) + " page";
    return th;
}

}  // namespace

bool is_decided(const Unit& u) {
    // The title and the byline are kept, as the title and the byline, not as blocks.
    if (u.kind == UnitKind::figure || u.pinned || u.reason == "hidden" || u.reason == "title" || u.reason == "byline")
        return false;
    return u.chars > 0;
}

bool decide_blocks(const Tree& tree, const Analysis& a, const Choice& main, const PageMeta& meta,
                   std::vector<Unit>& units, const BlockModelContext& context) {
    const learned::Model* model = learned::find_model(model_name, context.models);
    if (!model && !context.features) return false;
    const BlockCues& cues = BlockCues::get();
    const std::size_t width = cues.names.size();
    std::vector<std::size_t> rows;
    std::vector<float> values = Features(tree, a, main, meta, units, context.page_type).compute(rows);
    if (context.features) {
        feature_table table;
        table.model = std::string(model_name);
        table.names = cues.name_views;
        table.values = values;
        for (std::size_t k : rows) {
            table.texts.push_back(unit_text(units[k]));
            table.lines.push_back(units[k].line);
        }
        context.features->push_back(std::move(table));
    }
    if (!model) return false;
    model->require_features(cues.name_views);
    std::vector<float> p = model->predict(values, rows.size());
    const bool whole_body = tree.nodes[main.node].tag == Tag::body || main.node == 0;
    const Thresholds th = thresholds_for(*model, context.page_type, whole_body);
    std::vector<float> contributions;
    if (context.explain) contributions = model->contributions(values, rows.size());
    std::vector<char> keep(rows.size());
    bool model_keeps_text = false, rules_keep_text = false;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const Unit& u = units[rows[r]];
        keep[r] = p[r] >= (u.reason.empty() ? th.drop_below : th.keep_above);
        // headings alone are no text: a heading with nothing after it goes (assemble.cpp)
        const bool text = u.kind != UnitKind::heading;
        model_keeps_text = model_keeps_text || (keep[r] && text);
        rules_keep_text = rules_keep_text || (u.reason.empty() && text);
    }
    for (const Unit& u : units)
        if (u.reason.empty() && u.chars > 0 && u.kind != UnitKind::figure && u.kind != UnitKind::heading &&
            !is_decided(u))
            model_keeps_text = rules_keep_text = true;
    // A page with text never comes out empty: where the model would keep
    // none of it (figures aside), the rules' reading stands; where neither
    // keeps any, the blocks the model finds most likely content are kept
    // (at least half the page's highest probability): unsure, keep.
    const bool overruled = rules_keep_text && !model_keeps_text;
    bool rescued = false;
    if (!rules_keep_text && !model_keeps_text && !rows.empty()) {
        float best = 0;
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (units[rows[r]].kind != UnitKind::heading) best = std::max(best, p[r]);
        for (std::size_t r = 0; r < rows.size(); ++r) keep[r] = best >= 0.2f && p[r] >= best / 2;
        rescued = best >= 0.2f;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        Unit& u = units[rows[r]];
        u.score = p[r];
        const bool kept_by_rules = u.reason.empty();
        const float threshold = kept_by_rules ? th.drop_below : th.keep_above;
        std::string verdict;
        if (context.explain)
            verdict = std::string(model_name) + " p=" + fmt2(p[r]) + (keep[r] ? " >= " : " < ") + fmt2(threshold) +
                      " (" + th.page + "), " +
                      top_features(std::span(contributions).subspan(r * (width + 1), width + 1), cues.names) +
                      (overruled ? "; it would keep no text of the page: the rules decide" : "") +
                      (rescued ? "; neither it nor the rules keep any text: the page's likeliest blocks are kept"
                               : "");
        if (overruled || static_cast<bool>(keep[r]) == kept_by_rules) {
            if (context.explain) u.why += (u.why.empty() ? "" : "; ") + verdict;
            continue;
        }
        if (keep[r]) {
            if (context.explain) u.why = "kept by " + verdict + " (the rules said " + std::string(u.reason) + ")";
            u.reason = {};
            u.rule_node = no_node;
        } else {
            u.reason = "boilerplate";
            u.rule_node = u.node;
            if (context.explain) u.why = "dropped by " + verdict + " (the rules kept it)";
        }
    }
    return true;
}

}  // namespace scrapedoc::html
