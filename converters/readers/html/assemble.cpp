#include "readers/html/assemble.hpp"

#include <algorithm>

#include "readers/html/cues.hpp"
#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

std::string_view kind_name(UnitKind k) {
    switch (k) {
        case UnitKind::paragraph: return "paragraph";
        case UnitKind::heading: return "heading";
        case UnitKind::list: return "list";
        case UnitKind::quote: return "quote";
        case UnitKind::table: return "table";
        case UnitKind::figure: return "figure";
    }
    return "paragraph";
}

class Assembler {
public:
    Assembler(const Tree& t, const Analysis& a, std::vector<Unit>& units, Document& doc,
              std::vector<explain_entry>* explain)
        : t_(t), a_(a), units_(units), doc_(doc), explain_(explain) {}

    void run() {
        kept_.resize(units_.size());
        for (std::size_t k = 0; k < units_.size(); ++k) kept_[k] = is_kept(units_[k]);
        list_dropped();
        drop_closing_calls();
        find_subtitle();
        drop_empty_sections();
        nest();
        std::stable_sort(dropped_.begin(), dropped_.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (auto& d : dropped_) doc_.dropped.push_back(std::move(d.second));
    }

private:
    const Tree& t_;
    const Analysis& a_;
    std::vector<Unit>& units_;
    Document& doc_;
    std::vector<explain_entry>* explain_;
    std::vector<bool> kept_;
    std::vector<std::string_view> late_reason_;  // reasons given here (closing calls, empty sections)
    std::vector<std::pair<std::uint32_t, Dropped>> dropped_;

    void note(std::size_t line, std::string kind, std::string reason, std::string_view text) {
        if (explain_) explain_->push_back({line, std::move(kind), std::move(reason), text::truncate_graphemes(text, 200)});
    }

    void drop_late(std::size_t k, std::string_view reason, std::string why) {
        Unit& u = units_[k];
        kept_[k] = false;
        std::string text = unit_text(u);
        note(u.line, "dropped:" + std::string(reason), std::move(why), text);
        if (!text.empty()) dropped_.push_back({u.node, Dropped{std::move(text), std::string(reason), u.line}});
        late_reason_[k] = reason;
    }

    // The blocks the rules dropped, those of one element together; the
    // ones kept, for --explain.
    void list_dropped() {
        late_reason_.assign(units_.size(), {});
        for (std::size_t k = 0; k < units_.size();) {
            const Unit& u = units_[k];
            if (kept_[k]) {
                if (explain_) {
                    std::string_view kind = kind_name(u.kind);
                    note(u.line, std::string(kind), u.why.empty() ? "inside the main content" : u.why, unit_text(u));
                }
                ++k;
                continue;
            }
            std::string text = unit_text(u);
            std::size_t j = k + 1;
            for (; j < units_.size() && !kept_[j] && units_[j].reason == u.reason && units_[j].rule_node == u.rule_node &&
                   u.rule_node != no_node;
                 ++j) {
                std::string more = unit_text(units_[j]);
                if (more.empty()) continue;
                if (!text.empty()) text += ' ';
                text += more;
            }
            if (!text.empty()) {
                note(u.line, "dropped:" + std::string(u.reason), u.why, text);
                dropped_.push_back({u.node, Dropped{std::move(text), std::string(u.reason), u.line}});
            }
            k = j;
        }
    }

    std::string_view reason_of(std::size_t k) const {
        return !late_reason_[k].empty() ? late_reason_[k] : units_[k].reason;
    }

    // Closing lines that ask the reader to follow, subscribe or write in.
    void drop_closing_calls() {
        const Cues& cues = Cues::get();
        for (std::size_t k = units_.size(); k-- > 0;) {
            if (!kept_[k]) continue;
            const Unit& u = units_[k];
            if (u.kind == UnitKind::figure) continue;
            if (u.kind != UnitKind::paragraph) break;
            const auto& text = std::get<Paragraph>(u.content).text;
            if (!cues.is_call_to_action(text)) break;
            drop_late(k, "call-to-action", "a closing line asking the reader to act");
        }
    }

    // A deck set as a heading (class "sub-title", "dek", subtitle.txt)
    // before the article's first paragraph or heading (figures may come
    // first): the subtitle, not a section.
    void find_subtitle() {
        for (std::size_t k = 0; k < units_.size(); ++k) {
            if (!kept_[k]) continue;
            Unit& u = units_[k];
            if (u.kind == UnitKind::figure) continue;
            if (u.kind == UnitKind::heading && (a_.info[u.node].marks & mark_subtitle) && !doc_.meta.subtitle) {
                doc_.meta.subtitle = u.heading;
                note(u.line, "subtitle",
                     "a heading with a subtitle cue (" + describe(t_, u.node) + ") before the text", u.heading);
                drop_late(k, "subtitle", "the article's subtitle (kept as the subtitle)");
            }
            return;
        }
    }

    static int level_of(const Unit& u) { return std::clamp(u.level, 2, 6); }

    // A heading whose section kept nothing (its links and widgets were
    // dropped, or nothing follows it) goes too.
    void drop_empty_sections() {
        has_content_.assign(units_.size(), false);
        for (std::size_t k = units_.size(); k-- > 0;) {
            if (!kept_[k] || units_[k].kind != UnitKind::heading) continue;
            int level = level_of(units_[k]);
            std::string_view dropped_reason;
            for (std::size_t j = k + 1; j < units_.size(); ++j) {
                const Unit& v = units_[j];
                if (kept_[j] && v.kind == UnitKind::heading && level_of(v) <= level) break;
                if (kept_[j] && (v.kind != UnitKind::heading || has_content_[j])) {
                    has_content_[k] = true;
                    break;
                }
                if (!kept_[j] && dropped_reason.empty()) dropped_reason = reason_of(j);
            }
            if (!has_content_[k]) {
                Unit& u = units_[k];
                std::string_view reason = dropped_reason.empty() ? std::string_view("empty-section") : dropped_reason;
                kept_[k] = false;
                note(u.line, "dropped:" + std::string(reason), "a heading with nothing kept after it", u.heading);
                dropped_.push_back({u.node, Dropped{u.heading, std::string(reason), u.line}});
                late_reason_[k] = reason;
            }
        }
    }
    std::vector<bool> has_content_;

    void nest() {
        struct Level {
            int level;
            std::vector<Block>* blocks;
        };
        std::vector<Level> stack{{1, &doc_.blocks}};
        // the post open (posts.cpp) and the depth it opened at: a block
        // that is not in it closes it
        std::uint32_t open_post = no_node;
        std::size_t post_base = 0;
        for (std::size_t k = 0; k < units_.size(); ++k) {
            if (!kept_[k]) continue;
            Unit& u = units_[k];
            if (open_post != no_node && u.post != open_post) {
                while (stack.size() > post_base) stack.pop_back();
                open_post = no_node;
            }
            if (u.kind == UnitKind::heading) {
                int level = level_of(u);
                while (stack.size() > 1 && stack.back().level >= level) stack.pop_back();
                Section s;
                s.heading = std::move(u.heading);
                s.level = level;
                s.author = std::move(u.author);
                s.date = std::move(u.date);
                if (s.is_post()) {
                    open_post = u.post;
                    post_base = stack.size();
                }
                stack.back().blocks->push_back(std::move(s));
                stack.push_back({level, &std::get<Section>(stack.back().blocks->back()).blocks});
                continue;
            }
            // Figures that are neither captioned nor described are decoration.
            if (auto* f = std::get_if<Figure>(&u.content); f && !f->caption && !f->credit && !f->alt) continue;
            stack.back().blocks->push_back(std::move(u.content));
        }
    }
};

}  // namespace

void assemble_document(const Tree& tree, const Analysis& a, std::vector<Unit>& units, Document& doc,
                       std::vector<explain_entry>* explain) {
    Assembler(tree, a, units, doc, explain).run();
}

}  // namespace scrapedoc::html
