// Stage 3: give every line a kind and a reason.
//
// 1. Score each line as article text or not (length and punctuation count
//    for it; cue words, menus and short lines against it) and take the run of
//    lines with the best total: the article body. This works in any language.
// 2. The headline is the line before the body that is close to it, shaped
//    like a headline, and shares most words with the body.
// 3. Between headline and body come byline, date, standfirst, captions and
//    widgets; inside the body, headings, lists, quotes, captions and the
//    boilerplate that sits between paragraphs.
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "readers/text/cues.hpp"
#include "readers/text/overlap_tokens.hpp"
#include "readers/text/segmenter.hpp"
#include "text/props.hpp"
#include "text/slot_index.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::blank: return "blank";
        case Kind::title: return "title";
        case Kind::subtitle: return "subtitle";
        case Kind::byline: return "byline";
        case Kind::date: return "date";
        case Kind::figure: return "figure";
        case Kind::credit: return "credit";
        case Kind::heading: return "heading";
        case Kind::paragraph: return "paragraph";
        case Kind::list_item: return "list-item";
        case Kind::quote: return "quote";
        case Kind::dropped: return "dropped";
    }
    return "?";
}

namespace {

bool is_prose(const Line& l) {
    if (!l.cue.empty() || l.residue || l.separator_list) return false;
    if (l.weight() >= 80 && l.sentence_marks + l.commas >= 1) return true;
    if (l.weight() >= 55 && l.words >= 8 && l.commas >= 1) return true;
    // Without any punctuation only long runs of real words count (Thai and
    // Lao set sentences apart with spaces); a line of short menu words or
    // unpunctuated CJK headlines run together does not.
    bool dense_script = l.weight() > 1.8 * static_cast<double>(l.graphemes);
    return l.weight() >= 150 && !dense_script && l.words >= 20 && l.graphemes >= 4 * l.words;
}

// A sentence or two: shorter than prose, but it ends like a sentence.
bool is_sentence(const Line& l) {
    return l.cue.empty() && !l.residue && !l.separator_list && l.terminal && l.weight() >= 25 && !l.date_like;
}

bool is_short(const Line& l) { return !is_prose(l) && !is_sentence(l); }

// What a line adds to the case that the article runs through it.
double content_score(const Line& l) {
    if (l.kind == Kind::blank) return 0;
    static const CueList& section_end = cue_list("section-end");
    if (!l.cue.empty()) return section_end.whole(l.key) ? -8.0 : -2.0;
    if (l.residue || l.separator_list) return -2.0;
    if (is_prose(l)) return std::min(l.weight() / 40.0, 12.0);
    if (is_sentence(l)) return 0.5;
    // List items and the lines that lead into them belong with the text.
    if ((l.bullet || l.ends_with_colon) && l.weight() >= 30) return 0.3;
    if (l.date_like || l.byline_cue) return -0.5;
    return l.repeats > 0 ? -2.0 : -1.0;
}

struct Span {
    std::size_t first = 0, last = 0;  // inclusive line indexes
    bool found = false;
};

// The run of lines with the highest total score (Kadane).
Span best_span(const std::vector<Line>& lines) {
    Span best;
    double best_sum = 0, sum = 0;
    std::size_t start = 0;
    bool after_copyright = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].kind == Kind::blank) continue;
        double s = content_score(lines[i]);
        // Past the copyright line come legal notices, log-in forms and
        // comment rules, seldom the article.
        if (after_copyright && s > 0) s *= 0.3;
        if (lines[i].copyright) after_copyright = true;
        if (sum <= 0) {
            sum = 0;
            start = i;
        }
        sum += s;
        if (sum > best_sum) {
            best_sum = sum;
            best = {start, i, true};
        }
    }
    return best;
}

// Tokens counted: views of keys that outlive the counts, found by their
// phrase_hash in one open-addressing table.
class TokenCounts {
public:
    void add(std::string_view t) {
        const std::uint64_t hash = phrase_hash(t);
        const std::size_t slot = slot_for(t, hash);
        if (std::size_t k = index_.element(slot); k != text::SlotIndex::none) {
            ++entries_[k].count;
            return;
        }
        entries_.push_back({t, hash, 1});
        index_.place(slot, entries_.size() - 1);
    }
    // The body's counts: only the tokens that will be looked up are counted
    // (a headline candidate's words, not every word of 40 paragraphs), so
    // they are entered first with want() and then counted with bump().
    void want(std::string_view t) {
        const std::uint64_t hash = phrase_hash(t);
        const std::size_t slot = slot_for(t, hash);
        if (index_.element(slot) != text::SlotIndex::none) return;
        entries_.push_back({t, hash, 0});
        index_.place(slot, entries_.size() - 1);
        wanted_[filter_bit(t) / 64] |= std::uint64_t{1} << (filter_bit(t) % 64);
    }
    // Counts `t` if it was wanted as entry `from` or later (the earlier ones
    // have their counts already). Most body tokens are not wanted: a bit per
    // length and end bytes turns them away before they are hashed.
    void bump(std::string_view t, std::size_t from) {
        if (!(wanted_[filter_bit(t) / 64] >> (filter_bit(t) % 64) & 1)) return;
        const std::uint64_t hash = phrase_hash(t);
        const std::size_t slot = index_.find(hash, [&](std::size_t k) { return entries_[k].hash == hash && entries_[k].token == t; });
        if (std::size_t k = index_.element(slot); k != text::SlotIndex::none && k >= from) ++entries_[k].count;
    }
    std::size_t size() const { return entries_.size(); }
    int count(std::string_view t) const {
        if (entries_.empty()) return 0;
        const std::uint64_t hash = phrase_hash(t);
        const std::size_t slot = index_.find(hash, [&](std::size_t k) { return entries_[k].hash == hash && entries_[k].token == t; });
        std::size_t k = index_.element(slot);
        return k == text::SlotIndex::none ? 0 : entries_[k].count;
    }
    void clear() {
        if (entries_.empty()) return;
        entries_.clear();
        index_.clear();
        wanted_ = {};
    }

private:
    struct Entry {
        std::string_view token;
        std::uint64_t hash;
        int count;
    };
    // The slot of `t`, or the free one where it goes (the table grown first
    // when one more entry would fill it past half).
    std::size_t slot_for(std::string_view t, std::uint64_t hash) {
        index_.reserve(entries_.size() + 1, 64, [&](std::size_t k) { return entries_[k].hash; });
        return index_.find(hash, [&](std::size_t k) { return entries_[k].hash == hash && entries_[k].token == t; });
    }
    static std::size_t filter_bit(std::string_view t) {
        return (t.size() * 67 + static_cast<unsigned char>(t.front()) * 7 + static_cast<unsigned char>(t.back())) % 1024;
    }
    std::vector<Entry> entries_;
    text::SlotIndex index_;
    std::array<std::uint64_t, 16> wanted_{};  // a bit per filter_bit of the wanted tokens
};

// Share of a line's words found in the body. `in_body`: the line is itself
// part of the body, so its own words do not count.
double overlap(std::string_view key, const TokenCounts& body, bool in_body = false) {
    thread_local std::vector<std::string_view> tokens;
    thread_local TokenCounts own;
    tokens.clear();
    for_each_overlap_token(key, [&](std::string_view t) { tokens.push_back(t); });
    if (tokens.empty()) return 0;
    own.clear();
    if (in_body)
        for (std::string_view t : tokens) own.add(t);
    std::size_t hit = 0;
    for (std::string_view t : tokens)
        if (body.count(t) > (in_body ? own.count(t) : 0)) ++hit;
    // One more token in the denominator: a two-word line that shares a word
    // by chance should not look as close as a long line sharing most.
    return static_cast<double>(hit) / static_cast<double>(tokens.size() + 1);
}

bool is_title_candidate(const Line& l) {
    if (l.kind == Kind::blank || !l.cue.empty() || l.residue || l.date_like || l.separator_list || l.bullet ||
        l.byline_cue || l.credit_cue)
        return false;
    if (l.weight() < 12 || l.weight() > 350) return false;
    if (l.ends_with_colon) return false;
    if (l.text.find("://") != std::string::npos || l.text.rfind("www.", 0) == 0) return false;
    return true;
}

// `share`: of the line's words found in the article's opening (overlap).
double title_score(const Line& l, double share, double distance) {
    double score = 3.0 * share - 0.05 * distance;
    if (l.weight() >= 25 && l.weight() <= 220) score += 0.5;
    if (l.terminal && l.text.back() == '.') score -= 0.7;
    if (l.sentence_marks >= 2) score -= 0.5;
    if (l.upper) score -= 0.5;
    if (is_prose(l) && l.weight() > 200) score -= 1.0;
    return score;
}

// "Name - Outlet", "Outlet | Name": two or three short parts of a few words,
// no sentence punctuation.
bool byline_shape(const Line& l) {
    if (l.terminal || l.sentence_marks > 0 || l.weight() > 80 || l.words > 9) return false;
    for (std::string_view sep : {" - ", " – ", " — ", " | "}) {
        std::size_t at = l.text.find(sep);
        if (at == std::string::npos) continue;
        std::string_view a = std::string_view(l.text).substr(0, at);
        std::string_view b = std::string_view(l.text).substr(at + sep.size());
        if (b.find(sep) != std::string_view::npos) return false;
        auto words = [](std::string_view s) { return std::count(s.begin(), s.end(), ' ') + 1; };
        return !a.empty() && !b.empty() && words(a) <= 4 && words(b) <= 4;
    }
    return false;
}

bool two_short_parts(std::string_view s) {
    for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: "}) {
        std::size_t at = s.find(sep);
        if (at == std::string_view::npos) continue;
        std::string_view a = s.substr(0, at), b = s.substr(at + sep.size());
        if (b.find(sep) != std::string_view::npos) return false;
        auto words = [](std::string_view x) { return std::count(x.begin(), x.end(), ' ') + 1; };
        return !a.empty() && !b.empty() && words(a) <= 5 && words(b) <= 5;
    }
    return false;
}

// "图为…", "Pictured: …": a caption without a credit.
bool starts_caption(const Line& l) {
    static const CueList& caption_prefix = cue_list("caption-prefix");
    return !l.key.empty() && l.weight() <= 300 && caption_prefix.prefix_length(l.key) > 0;
}

struct Classifier {
    Classifier(std::vector<Line>& l, TextArena& a, bool n) : lines(l), arena(a), notes(n) {}

    std::vector<Line>& lines;
    TextArena& arena;  // for the lines' rare texts
    const bool notes;  // the notes are read (--explain): the headline's score is worked out
    Span body;
    std::size_t title = SIZE_MAX;
    bool have_byline = false;
    bool have_subtitle = false;
    bool have_site_name = false;
    // Paragraphs of the body and, counted in them, the words looked up there
    // (count_in_body): only the words of lines asked about are counted.
    struct BodyWords {
        std::vector<std::size_t> lines;
        TokenCounts tokens;
    };
    BodyWords opening;  // for headline candidates: the body's first ~4 KB (find_title)
    BodyWords article;  // for a name line, which the article must not use: its first 40 paragraphs
    TextArena long_keys;  // keys made for long lines, which have none of their own (the tokens view them)
    std::vector<std::pair<std::size_t, std::string_view>> long_key_of;  // line, its key in long_keys
    std::string key_buffer;  // the key of a long paragraph read once and not kept

    void set(Line& l, Kind k, std::string_view reason, std::string note = {}) {
        l.kind = k;
        l.reason = reason;
        l.set_note(std::move(note), arena);
    }

    void drop(Line& l, std::string_view reason) { set(l, Kind::dropped, reason); }

    // Why a line outside the article is dropped.
    void drop_outside(Line& l, const char* where) {
        if (!l.cue.empty()) drop(l, l.cue);
        else if (l.residue) drop(l, "markup-residue");
        else if (l.date_like) drop(l, "date");
        else if (l.separator_list || is_short(l)) drop(l, "navigation");
        else drop(l, where);
    }

    // Fills a line's caption and credit; false when it carries no credit.
    bool take_credit(Line& l) {
        auto parts = split_credit(l.text);
        if (!parts) return false;
        RareTexts::Fields& texts = l.rare.edit(arena);
        texts.caption = std::move(parts->caption);
        texts.credit = std::move(parts->credit);
        return true;
    }

    // A line's key if it has one or one was made for it; empty if not.
    std::string_view known_key(std::size_t i) const {
        if (!lines[i].key.empty()) return lines[i].key;
        for (const auto& [line, key] : long_key_of)
            if (line == i) return key;
        return {};
    }

    // A line's key, made once and kept for as long as the classifier.
    std::string_view stored_key(std::size_t i) {
        if (std::string_view key = known_key(i); !key.empty()) return key;
        long_key_of.emplace_back(i, long_keys.store(cue_key(lines[i].text)));
        return long_key_of.back().second;
    }

    // Counts in these paragraphs the words of these lines that are not
    // counted yet: where.tokens then answers for every word of theirs.
    void count_in_body(BodyWords& where, const std::vector<std::size_t>& which) {
        const std::size_t from = where.tokens.size();
        for (std::size_t i : which)
            for_each_overlap_token(stored_key(i), [&](std::string_view t) { where.tokens.want(t); });
        if (where.tokens.size() == from) return;
        // A line is read in its key (a short line's, or a candidate's); a
        // long paragraph's is made in a buffer and not kept, as no token
        // counted here is.
        for (std::size_t i : where.lines) {
            std::string_view key = known_key(i);
            if (key.empty()) {
                cue_key(lines[i].text, key_buffer);
                key = key_buffer;
            }
            for_each_overlap_token(key, [&](std::string_view t) { where.tokens.bump(t, from); });
        }
    }

    std::size_t prev_nonblank(std::size_t i) const {
        while (i > 0) {
            --i;
            if (lines[i].kind != Kind::blank) return i;
        }
        return SIZE_MAX;
    }
    std::size_t next_nonblank(std::size_t i) const {
        for (++i; i < lines.size(); ++i)
            if (lines[i].kind != Kind::blank) return i;
        return SIZE_MAX;
    }

    void run() {
        body = best_span(lines);
        if (!body.found) {
            classify_without_prose();
            return;
        }
        find_title();
        std::size_t body_first = body.first;
        if (title != SIZE_MAX && title >= body_first) body_first = title + 1;
        // After the article, a "Related", "Comments" or footer line opens a
        // block: the lines under it go for the same reason.
        std::string_view block_reason;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Line& l = lines[i];
            if (l.kind == Kind::blank || i == title) continue;
            if (i > body.last) {
                // Once the footer starts, its links, widgets and menus are
                // footer; a related list, comments or a cookie notice (its
                // text, not a "Cookie settings" link) open a block of their own.
                bool opens = l.cue == "related-link" || l.cue == "comments" ||
                             (l.cue == "cookie-banner" && l.weight() >= 30) ||
                             (l.cue == "footer" && block_reason != "cookie-banner");
                if (opens) block_reason = l.cue;
                bool plain = l.cue.empty() && !l.residue;
                if (!block_reason.empty() && (plain || (block_reason == "footer" && !opens) ||
                                              (block_reason == "cookie-banner" && l.weight() < 30)))
                    drop(l, block_reason);
                else
                    drop_outside(l, "after-article");
            } else if (i >= body_first) {
                classify_body_line(i);
            } else if (title != SIZE_MAX && i > title) {
                classify_header_line(i);
            } else {
                drop_before_title(i);
            }
        }
        attach_credits();
        join_quote_attributions();
        find_trailing_byline(body_first);
        find_name_line(body_first);
    }

    // A line of one to four words with no digits and no punctuation but
    // brackets, none of whose words the article uses: a name, not a caption
    // or a label (the people an article is about appear in it).
    bool name_line(std::size_t i) {
        const Line& l = lines[i];
        if (!l.cue.empty() || l.residue || l.date_like || l.words == 0 || l.words > 4 || l.weight() > 45 ||
            l.sentence_marks > 0 || l.commas > 0 || l.bullet)
            return false;
        for (char c : l.text)
            if ((c >= '0' && c <= '9') || c == ':' || c == '|' || c == '/') return false;
        count_in_body(article, {i});
        return overlap(stored_key(i), article.tokens) == 0;
    }

    // No byline by cue or shape: a name alone on a line right under the
    // headline (or its date), or in brackets within the article's first lines.
    void find_name_line(std::size_t body_first) {
        if (have_byline || title == SIZE_MAX) return;
        std::size_t seen = 0;
        for (std::size_t i = title + 1; i < lines.size() && seen < 3; ++i) {
            Line& l = lines[i];
            if (l.kind == Kind::blank || l.kind == Kind::date) continue;
            if (i >= body_first && l.kind != Kind::dropped) ++seen;
            bool bracketed = l.text.size() > 2 && l.text.front() == '(' && l.text.back() == ')';
            if (l.kind == Kind::dropped && (i < body_first || bracketed) && name_line(i)) {
                set(l, Kind::byline, "a name alone under the headline; the article does not use its words");
                have_byline = true;
                return;
            }
            if (i < body_first && l.kind != Kind::dropped) break;  // a caption or standfirst first: no
        }
    }

    // "“Quotation.”" followed by "— Speaker": one quote.
    void join_quote_attributions() {
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
            if (lines[i].kind != Kind::quote) continue;
            Line& next = lines[i + 1];
            std::string_view t = next.text;
            bool dash = t.rfind("— ", 0) == 0 || t.rfind("– ", 0) == 0 || t.rfind("- ", 0) == 0 || t.rfind("―", 0) == 0;
            if (dash && next.weight() <= 120 && !is_prose(next)) {
                set(next, Kind::quote, "attribution of the quote above", "line " + std::to_string(lines[i].number));
                next.joined = true;
            }
        }
    }

    // No line reads like article text (a list, a menu, a short note): keep
    // every line that is not boilerplate, the first as the title.
    void classify_without_prose() {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Line& l = lines[i];
            if (l.kind == Kind::blank) continue;
            if (!l.cue.empty()) drop(l, l.cue);
            else if (l.residue) drop(l, "markup-residue");
            else if (title == SIZE_MAX && !l.bullet) {
                title = i;
                set(l, Kind::title, "first line of a text without paragraphs");
            } else if (l.bullet) set(l, Kind::list_item, "starts with a bullet or number");
            else set(l, Kind::paragraph, "text without paragraphs: every line kept");
        }
    }

    // How much a line following a headline candidate looks like what follows
    // headlines: a byline or a date within the next few lines (widgets aside).
    double follower_bonus(std::size_t i) const {
        std::size_t counted = 0;
        for (std::size_t j = i + 1; j < lines.size() && counted < 3; ++j) {
            const Line& l = lines[j];
            if (l.kind == Kind::blank) continue;
            if (l.date_like || l.byline_cue || byline_shape(l)) return counted < 2 ? 1.5 : 1.0;
            if (!l.cue.empty() || l.residue || l.weight() < 6 || l.credit_cue) continue;
            ++counted;
        }
        return 0;
    }

    // A line right above a credit line is a caption, not a headline.
    bool followed_by_credit(std::size_t i) const {
        std::size_t next = next_nonblank(i);
        return next != SIZE_MAX && lines[next].credit_cue && lines[next].weight() <= 80;
    }

    void find_title() {
        // A headline's words are looked for in the body's first paragraphs,
        // up to about 4 KB: its words are in the article's opening, and
        // reading the whole of a small page for them would cost that page a
        // second pass over every word.
        std::size_t second_prose = body.first;
        std::size_t opening_bytes = 0;
        for (std::size_t i = body.first; i <= body.last && article.lines.size() < 40; ++i) {
            if (!is_prose(lines[i])) continue;
            article.lines.push_back(i);
            if (article.lines.size() <= 2) second_prose = i;
            if (article.lines.size() <= 2 || opening_bytes < 4096) {
                opening.lines.push_back(i);
                opening_bytes += lines[i].text.size();
            }
        }
        // Candidates: a window of lines before the body and the lines among
        // its first two paragraphs (a long menu line can open the body).
        std::vector<std::size_t> candidates;
        std::size_t looked = 0;
        for (std::size_t i = second_prose + 1; i-- > 0 && looked < 60;) {
            if (lines[i].kind == Kind::blank) continue;
            if (i < body.first) ++looked;
            candidates.push_back(i);
        }
        // Inside the body only lines that do not end a sentence with a full
        // stop: a headline can open the body, a paragraph cannot be one.
        auto scored = [&](std::size_t i) {
            const Line& l = lines[i];
            bool ends_with_stop = l.terminal && (l.text.back() == '.' || l.text.ends_with("。"));
            return is_title_candidate(l) &&
                   (i < body.first || !is_prose(l) || (i == body.first && !ends_with_stop && l.weight() <= 220));
        };
        // A scored line's score is 3 x the share of its words found in the
        // opening (overlap, from 0 to n/(n+1) for n words) and what the line
        // and its place give (title_score), in candidate order; the first
        // line with the highest score is the headline if it scores 0.3.
        struct Scored {
            std::size_t line;
            double distance;  // from the candidate to the first paragraph
            double follower;  // follower_bonus
            bool credit;      // followed_by_credit
            bool in_body;
            std::size_t words;  // overlap tokens of its key
        };
        std::vector<Scored> scored_lines;
        double distance = 0;
        for (std::size_t i : candidates) {
            const Line& l = lines[i];
            if (scored(i)) {
                std::size_t words = 0;
                for_each_overlap_token(stored_key(i), [&](std::string_view) { ++words; });
                scored_lines.push_back(
                    {i, distance, follower_bonus(i), followed_by_credit(i), i >= body.first && is_prose(l), words});
            }
            if (i < body.first || !is_prose(l))
                distance += (l.weight() >= 40 && l.repeats == 0 && l.cue.empty()) ? 1.0 : 0.25;
        }
        auto score = [&](const Scored& c, double share) {
            double s = title_score(lines[c.line], share, c.distance) + c.follower;
            if (c.credit) s -= 1.0;
            return s;
        };
        // The words are counted only when their counts can change the
        // outcome, or when --explain shows the score: with no share at all
        // and with every word found, the scores bound the true ones, and
        // often one line wins, or none reaches 0.3, whatever the counts.
        // (Counting reads the opening, ~4 KB, word by word: on a small page
        // that is a good part of the work.)
        char note[32] = "";
        if (notes || !decided_without_counts(scored_lines, score)) {
            std::vector<std::size_t> words_wanted;
            for (const Scored& c : scored_lines) words_wanted.push_back(c.line);
            count_in_body(opening, words_wanted);
            double best = -1e9;
            for (const Scored& c : scored_lines) {
                double s = score(c, overlap(stored_key(c.line), opening.tokens, c.in_body));
                if (s > best) {
                    best = s;
                    title = c.line;
                }
            }
            if (title != SIZE_MAX && best < 0.3) title = SIZE_MAX;
            std::snprintf(note, sizeof note, "score %.2f", best);
        }

        // "Headline - Site" (the page's <title>) and the headline alone: the headline.
        if (title != SIZE_MAX)
            for (std::size_t i : candidates) {
                const Line& l = lines[i];
                std::string_view t = lines[title].key;
                if (i != title && is_title_candidate(l) && l.key.size() * 10 >= t.size() * 5 && l.key.size() < t.size() &&
                    (t.rfind(l.key, 0) == 0 || t.compare(t.size() - l.key.size(), l.key.size(), l.key) == 0)) {
                    title = i;
                    break;
                }
            }
        if (title != SIZE_MAX) set(lines[title], Kind::title, "headline-shaped line nearest the article", note);
    }

    // True, with `title` set, if the bounds of the scores decide: a line
    // whose least score is above every earlier line's greatest and not
    // below any later one's (the first of equal scores wins), and at least
    // 0.3; or none, when no line can reach 0.3.
    template <class Entry, class Score>
    bool decided_without_counts(const std::vector<Entry>& scored_lines, Score&& score) {
        std::vector<double> least, most;
        for (const Entry& c : scored_lines) {
            least.push_back(score(c, 0.0));
            most.push_back(score(c, c.words ? static_cast<double>(c.words) / static_cast<double>(c.words + 1) : 0.0));
        }
        if (std::all_of(most.begin(), most.end(), [](double s) { return s < 0.3; })) {
            title = SIZE_MAX;
            return true;
        }
        for (std::size_t w = 0; w < scored_lines.size(); ++w) {
            if (least[w] < 0.3) continue;
            bool wins = true;
            for (std::size_t j = 0; j < scored_lines.size() && wins; ++j)
                if (j != w) wins = j < w ? most[j] < least[w] : most[j] <= least[w];
            if (wins) {
                title = scored_lines[w].line;
                return true;
            }
        }
        return false;
    }

    void drop_before_title(std::size_t i) {
        Line& l = lines[i];
        // The page's <title>: the headline plus the site name, or a line with
        // the site name alone at the very top.
        if (title != SIZE_MAX) {
            std::string_view t = lines[title].key;
            if (!t.empty() && l.key.size() > t.size() && l.key.find(t) != std::string::npos) {
                drop(l, "site-name");
                return;
            }
        }
        if (l.date_like && title != SIZE_MAX && lines_between(i, title) <= 3)
            return set(l, Kind::date, "a date line just above the headline");
        // "Site | Section" or "Site - Tagline": two short parts, once.
        if (!have_site_name && l.cue.empty() && !is_prose(l) && !l.separator_list && two_short_parts(l.text)) {
            have_site_name = true;
            drop(l, "site-name");
            return;
        }
        // Footer-like links ("Contact us") above the article belong to its menus.
        if (l.cue == "footer" && !l.copyright) return drop(l, "navigation");
        drop_outside(l, "before-article");
    }

    std::size_t lines_between(std::size_t a, std::size_t b) const {
        std::size_t n = 0;
        for (std::size_t k = a + 1; k < b; ++k)
            if (lines[k].kind != Kind::blank) ++n;
        return n;
    }

    void classify_header_line(std::size_t i) {
        Line& l = lines[i];
        if (!l.cue.empty()) return drop(l, l.cue);
        if (l.residue) return drop(l, "markup-residue");
        if (l.date_like) return set(l, Kind::date, "a date line under the headline");
        // A dateline ("Place, 8 feb 2024 (Agency)"): a short line naming a full date.
        if (l.words <= 8 && l.sentence_marks == 0 && parse_date(l.text))
            return set(l, Kind::date, "a short line naming a date, under the headline");
        if (!have_byline && (l.byline_cue || byline_shape(l))) {
            have_byline = true;
            return set(l, Kind::byline, l.byline_cue ? "byline cue word" : "\"outlet - author\" shape under the headline");
        }
        if (l.credit_cue && take_credit(l)) {
            if (l.caption().empty()) return set(l, Kind::credit, "photo credit");
            return set(l, Kind::figure, "caption with a credit");
        }
        if (starts_caption(l)) return set(l, Kind::figure, "opens like a caption");
        if (!have_subtitle && l.weight() >= 40 && (is_prose(l) || is_sentence(l) || l.words >= 6 || l.weight() >= 60)) {
            have_subtitle = true;
            return set(l, Kind::subtitle, "text between the headline and the article");
        }
        if (l.separator_list) return drop(l, "navigation");
        drop(l, "page-furniture");
    }

    // A heading: a short line standing alone before text. With `marked`, a
    // line opened by a bullet that no other bullet line touches ("◆ Title").
    bool is_heading(std::size_t i, bool marked = false) const {
        const Line& l = lines[i];
        if (is_prose(l) || !l.cue.empty() || l.residue || (l.bullet && !marked) || l.date_like || l.byline_cue ||
            l.credit_cue || l.ends_with_colon)
            return false;
        if (marked) {
            std::size_t p = prev_nonblank(i), n = next_nonblank(i);
            if ((p != SIZE_MAX && lines[p].bullet) || (n != SIZE_MAX && lines[n].bullet)) return false;
        }
        if (l.weight() < 4 || l.weight() > 120 || l.words > 16 || l.sentence_marks > 1) return false;
        // A heading does not end a sentence with a full stop, nor lead into
        // the next line with a comma, nor stand in brackets.
        char32_t last = 0;
        for (std::size_t k = 0; k < l.text.size();) last = text::next_code_point(l.text, k);
        if (last == '.' || last == U'。' || last == ',' || last == U'،' || last == U'、' || last == U'，') return false;
        if (l.text.front() == '(' || l.text.front() == '[') return false;
        // The text it heads follows, past widgets and an image with its caption.
        std::size_t next = i;
        for (int skipped = 0;;) {
            next = next_nonblank(next);
            if (next == SIZE_MAX || next > body.last) return false;
            const Line& n = lines[next];
            if (is_prose(n)) break;
            if ((n.cue.empty() && !n.residue && !n.credit_cue && !follows_image_widget(next)) || ++skipped > 3)
                return false;
        }
        std::size_t prev = prev_nonblank(i);
        // A heading stands alone: the line before it is text, not another short line.
        if (prev == SIZE_MAX) return true;
        const Line& p = lines[prev];
        if (p.kind == Kind::title || p.kind == Kind::byline || p.kind == Kind::date || p.kind == Kind::figure ||
            p.kind == Kind::subtitle || p.kind == Kind::credit)
            return true;
        // After a widget or link line: when a blank line sets it apart, or
        // the widget line is an inline link rather than a block's header.
        return is_prose(p) || is_sentence(p) || p.bullet || (!p.cue.empty() && (l.blank_before || p.weight() >= 30));
    }

    // The line right under an image widget's label ("Enlarge this image").
    bool follows_image_widget(std::size_t i) const {
        std::size_t prev = prev_nonblank(i);
        return prev != SIZE_MAX && lines[prev].cue == "markup-residue";
    }

    void classify_body_line(std::size_t i) {
        Line& l = lines[i];
        if (!l.cue.empty()) return drop(l, l.cue);
        if (l.residue) return drop(l, "markup-residue");
        if (l.separator_list) return drop(l, "navigation");
        if (follows_image_widget(i) && !is_prose(l) && l.weight() <= 200)
            return set(l, Kind::figure, "caption under an image widget label");
        if (starts_caption(l)) return set(l, Kind::figure, "opens like a caption");
        // A line that leads into a list or a paragraph with a colon is text.
        if (l.ends_with_colon && l.weight() >= 30 && (l.words >= 4 || l.weight() > 1.8 * static_cast<double>(l.graphemes))) {
            std::size_t next = next_nonblank(i);
            if (next != SIZE_MAX && (lines[next].bullet || is_prose(lines[next])))
                return set(l, Kind::paragraph, "leads into what follows with a colon");
        }
        if (l.credit_cue && l.weight() <= 160 && take_credit(l)) {
            if (l.caption().empty()) return set(l, Kind::credit, "photo credit");
            return set(l, Kind::figure, "caption with a credit");
        }
        if (l.bullet && !l.numbered && is_heading(i, true))
            return set(l, Kind::heading, "a lone marked line (\"◆ …\") before text");
        if (l.bullet) return set(l, Kind::list_item, "starts with a bullet or number");
        if (l.enclosed_quote && l.weight() >= 40) return set(l, Kind::quote, "one quotation from end to end");
        if (is_prose(l)) return set(l, Kind::paragraph, "long line of text");
        if (is_heading(i)) return set(l, Kind::heading, "short line without a full stop, alone, before text");
        if (is_sentence(l)) return set(l, Kind::paragraph, "ends like a sentence");
        if (l.date_like) return drop(l, "date");
        std::size_t prev = prev_nonblank(i), next = next_nonblank(i);
        bool short_prev = prev != SIZE_MAX && prev >= body.first && is_short(lines[prev]) && lines[prev].kind != Kind::title;
        bool short_next = next != SIZE_MAX && next <= body.last && is_short(lines[next]);
        if (short_prev && !lines[prev].cue.empty() && lines[prev].cue == "related-link")
            return drop(l, "related-link");
        if (short_prev && lines[prev].kind == Kind::dropped && lines[prev].reason == "related-link")
            return drop(l, "related-link");
        if (!short_prev && !short_next) {
            // Alone between paragraphs, with blank lines around it, in a text
            // whose paragraphs are set apart by blank lines: a short paragraph.
            if (l.blank_before && l.blank_after) return set(l, Kind::paragraph, "short line set apart like a paragraph");
        }
        drop(l, short_prev || short_next ? "navigation" : "boilerplate");
    }

    // A credit on a line of its own belongs to the caption right above it
    // (any line of text but a heading); otherwise it stands as a figure alone.
    void attach_credits() {
        for (std::size_t i = 1; i < lines.size(); ++i) {
            Line& l = lines[i];
            if (l.kind != Kind::credit) continue;
            Line& above = lines[i - 1];
            bool captionable = above.kind == Kind::figure ? above.credit().empty()
                                                          : (above.kind == Kind::paragraph || above.kind == Kind::dropped) &&
                                                                above.cue.empty() && !above.residue && above.weight() <= 300;
            if (!captionable) continue;
            if (above.kind != Kind::figure) set(above, Kind::figure, "caption above its credit line");
            above.rare.edit(arena).credit = l.credit();
            if (above.caption().empty()) above.rare.edit(arena).caption = above.text;
            l.reason = "credit of the caption above";
            l.set_note("line " + std::to_string(above.number), arena);
            l.joined = true;
        }
        for (auto& l : lines)
            if (l.kind == Kind::figure && l.caption().empty() && l.credit().empty()) l.rare.edit(arena).caption = l.text;
    }

    // "By X" at the end of an article, when none stood under the headline.
    void find_trailing_byline(std::size_t body_first) {
        if (have_byline) return;
        std::size_t seen = 0;
        for (std::size_t i = body.last + 1; i-- > body_first && seen < 3;) {
            Line& l = lines[i];
            if (l.kind == Kind::blank) continue;
            ++seen;
            if (l.byline_cue && l.weight() <= 80 && !l.terminal) {
                set(l, Kind::byline, "byline cue word at the end of the article");
                have_byline = true;
                return;
            }
        }
    }
};

}  // namespace

void classify_lines(std::vector<Line>& lines, TextArena& arena, bool notes) {
    Classifier c(lines, arena, notes);
    c.run();
}

}  // namespace scrapedoc::readers::text_segmenter
