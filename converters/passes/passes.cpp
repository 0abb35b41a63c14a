#include "passes/passes.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "text/slot_index.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::passes {

namespace {

// Word breaks and punctuation a text keeps: of two texts with the same
// letters, the one with more of them is the better-formed one (the seed's
// pair differs by a missing "، ").
std::size_t form_score(std::string_view s) { return s.size(); }

// Texts this short repeat legitimately ("Yes.", a date); they are not treated
// as duplicated paragraphs.
constexpr std::size_t min_duplicate_skeleton = 24;

}  // namespace

std::vector<std::size_t> find_duplicates(const std::vector<std::string_view>& texts,
                                         const std::vector<text::SkeletonSum>* sums) {
    std::vector<std::size_t> result(texts.size(), keep);
    // Groups of texts with the same skeleton, the kept one first, found by
    // the skeleton's hash in one open-addressing table: only hashes are
    // kept, and a skeleton is built again only to confirm a match.
    // Replacing the kept one touches only its group; a group can only grow
    // that way while its texts grow, so the cost stays linear in the input
    // size. The members of a group other than the kept one form a list
    // through `next`.
    struct Group {
        std::uint64_t hash;
        std::size_t front;       // the kept text
        std::size_t first_member = keep, last_member = keep;
    };
    constexpr std::size_t none = keep;
    std::vector<Group> groups;
    text::SlotIndex index;             // groups by hash
    std::vector<std::size_t> next;     // the next member of the same group
    std::string key, other;            // reused
    for (std::size_t i = 0; i < texts.size(); ++i) {
        // The skeleton is built when its size and hash are not known, else
        // only to confirm a match.
        text::SkeletonSum sum;
        bool built = false;
        if (sums && (*sums)[i].known) {
            sum = (*sums)[i];
        } else {
            text::skeleton(texts[i], key);
            sum = text::sum_skeleton(key);
            built = true;
        }
        if (sum.size < min_duplicate_skeleton) continue;
        // The member list is made the first time a text counts.
        if (index.reserve(groups.size() + 1, 64, [&](std::size_t g) { return groups[g].hash; }))
            next.resize(texts.size(), none);
        const std::uint64_t hash = sum.hash;
        const std::size_t slot = index.find(hash, [&](std::size_t g) {
            if (groups[g].hash != hash) return false;
            if (!built) {
                text::skeleton(texts[i], key);
                built = true;
            }
            text::skeleton(texts[groups[g].front], other);
            return other == key;
        });
        if (index.element(slot) == text::SlotIndex::none) {
            groups.push_back({hash, i});
            index.place(slot, groups.size() - 1);
            continue;
        }
        Group* group = &groups[index.element(slot)];
        auto add_member = [&](std::size_t m) {
            if (group->last_member == none) group->first_member = m;
            else next[group->last_member] = m;
            group->last_member = m;
        };
        if (form_score(texts[i]) > form_score(texts[group->front])) {
            for (std::size_t j = group->first_member; j != none; j = next[j]) result[j] = i;
            result[group->front] = i;
            add_member(group->front);
            group->front = i;
        } else {
            result[i] = group->front;
            add_member(i);
        }
    }
    return result;
}

namespace {

// Visits paragraphs and quotes in document order, also inside sections.
template <class F>
void for_each_text_block(std::vector<Block>& blocks, F&& f) {
    for (auto& b : blocks) {
        if (auto* p = std::get_if<Paragraph>(&b)) f(p->text);
        else if (auto* q = std::get_if<Quote>(&b)) f(q->text);
        else if (auto* s = std::get_if<Section>(&b)) for_each_text_block(s->blocks, f);
    }
}

// Removes blocks whose flag is set, recursively, keeping order.
void erase_marked(std::vector<Block>& blocks, const std::vector<bool>& drop, std::size_t& index) {
    std::vector<Block> out;
    out.reserve(blocks.size());
    for (auto& b : blocks) {
        if (std::holds_alternative<Paragraph>(b) || std::holds_alternative<Quote>(b)) {
            if (!drop[index++]) out.push_back(std::move(b));
            continue;
        }
        if (auto* s = std::get_if<Section>(&b)) erase_marked(s->blocks, drop, index);
        out.push_back(std::move(b));
    }
    blocks = std::move(out);
}

bool is_empty_block(const Block& b) {
    return std::visit(
        [](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Quote>) return x.text.empty();
            else if constexpr (std::is_same_v<T, List>) return x.items.empty();
            else if constexpr (std::is_same_v<T, Table>) return x.rows.empty();
            else if constexpr (std::is_same_v<T, Figure>) return !x.caption && !x.credit && !x.src && !x.alt;
            else return x.heading.empty() && x.blocks.empty();
        },
        b);
}

// White space collapsed in place; most text is collapsed already, and
// then nothing is copied.
void collapse(std::string& s) {
    if (!text::is_collapsed(s)) s = text::collapse_whitespace(s);
}

void clean_optional(std::optional<std::string>& s) {
    if (!s) return;
    collapse(*s);
    if (s->empty()) s.reset();
}

// Collapses every string (unless they are collapsed already), dropping
// those left empty.
void clean_strings(std::vector<std::string>& v, bool collapsed = false) {
    if (!collapsed)
        for (auto& item : v) collapse(item);
    std::erase_if(v, [](const std::string& item) { return item.empty(); });
}

// `collapsed`: the texts of paragraphs, quotes, headings and list items are.
void clean_blocks(std::vector<Block>& blocks, bool collapsed) {
    for (auto& b : blocks) {
        std::visit(
            [collapsed](auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Quote>) {
                    if (!collapsed) collapse(x.text);
                } else if constexpr (std::is_same_v<T, List>) {
                    clean_strings(x.items, collapsed);
                } else if constexpr (std::is_same_v<T, Table>) {
                    for (auto& row : x.rows)
                        for (auto& cell : row) collapse(cell);
                } else if constexpr (std::is_same_v<T, Figure>) {
                    clean_optional(x.caption);
                    clean_optional(x.credit);
                    clean_optional(x.alt);
                    if (x.src && x.src->empty()) x.src.reset();
                } else {
                    if (!collapsed) collapse(x.heading);
                    clean_blocks(x.blocks, collapsed);
                }
            },
            b);
    }
    // A section left without a heading (an empty "#" in Markdown, an empty
    // <head> in TEI, a document built through the API) is no section: its
    // blocks take its place.
    auto headless = [](const Block& b) {
        const auto* s = std::get_if<Section>(&b);
        return s && s->heading.empty();
    };
    if (std::any_of(blocks.begin(), blocks.end(), headless)) {
        std::vector<Block> flat;
        flat.reserve(blocks.size());
        for (auto& b : blocks) {
            if (headless(b))
                for (auto& inner : std::get<Section>(b).blocks) flat.push_back(std::move(inner));
            else
                flat.push_back(std::move(b));
        }
        blocks = std::move(flat);
    }
    std::erase_if(blocks, is_empty_block);
}

void collect_text(const std::vector<Block>& blocks, std::string& out, std::size_t limit) {
    for (const auto& b : blocks) {
        if (out.size() >= limit) return;
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Quote>) {
                    out += x.text;
                    out += '\n';
                } else if constexpr (std::is_same_v<T, List>) {
                    for (const auto& item : x.items) (out += item) += '\n';
                } else if constexpr (std::is_same_v<T, Section>) {
                    (out += x.heading) += '\n';
                    collect_text(x.blocks, out, limit);
                }
            },
            b);
    }
}

}  // namespace

void drop_duplicates(Document& doc) {
    std::vector<std::string_view> texts;
    for_each_text_block(doc.blocks, [&](std::string& t) { texts.push_back(t); });
    auto dup = find_duplicates(texts);
    std::vector<bool> drop(dup.size());
    bool any = false;
    for (std::size_t i = 0; i < dup.size(); ++i) {
        if (dup[i] == keep) continue;
        drop[i] = any = true;
        doc.dropped.push_back({std::string(texts[i]), "duplicate", 0});
    }
    if (!any) return;
    std::size_t index = 0;
    erase_marked(doc.blocks, drop, index);
}

void clean_whitespace(Document& doc, bool texts_collapsed) {
    clean_optional(doc.meta.title);
    clean_optional(doc.meta.subtitle);
    clean_optional(doc.meta.publisher);
    clean_optional(doc.byline);
    clean_strings(doc.meta.authors);
    clean_blocks(doc.blocks, texts_collapsed);
}

void detect_language_and_direction(Document& doc) {
    // The body says more than the title, and a sample is enough: 1 KB of
    // text (some 170 Latin words, 350 CJK characters) names the language as
    // well as 64 KB did on every page tried (261 pages in 17 languages,
    // docs/bench.md), and keeps the cost of a small page down: this pass
    // reads all of it.
    constexpr std::size_t sample = 1024;
    std::string body;
    collect_text(doc.blocks, body, sample);
    if (doc.meta.title) body += *doc.meta.title;
    if (doc.meta.language) {
        doc.meta.direction = text::direction_of(body);
        return;
    }
    std::string lang = text::detect_language(body, &doc.meta.direction);
    if (!lang.empty()) doc.meta.language = lang;
}

void run_all(Document& doc, bool duplicates_dropped, bool texts_collapsed) {
    clean_whitespace(doc, texts_collapsed);
    if (!duplicates_dropped) drop_duplicates(doc);
    detect_language_and_direction(doc);
}

}  // namespace scrapedoc::passes
