// Cue lists for the HTML reader, loaded from the compiled-in data files under
// converters/data/html/ (see the comments at the top of each file).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scrapedoc::html {

// Tokens of a class or id value: lower-case, split at every character that is
// not an ASCII letter or digit and at camelCase humps; kept as "-a-b-c-" so a
// multi-token cue ("read-more") is one substring search.
std::string class_tokens(std::string_view value);

// A set of token cues: `word` (a whole token), `word*` (a token prefix) and
// `multi-word` (consecutive tokens).
class CueSet {
public:
    void add(std::string_view cue);
    bool matches(std::string_view tokens) const;  // tokens as class_tokens() makes them
    bool empty() const { return exact_.empty() && !has_prefixes_ && sequences_.empty(); }

private:
    std::vector<std::string> exact_;  // sorted
    std::vector<std::string> prefixes_[128];  // by first byte (non-ASCII in slot 0)
    std::vector<std::string> sequences_;  // "-read-more-"
    bool has_prefixes_ = false;
};

// Token cues, each with bits; one pass over a value's tokens gives the OR of
// the bits of every cue it matches. Used to read all cue lists at once.
class CueIndex {
public:
    void add(std::string_view cue, std::uint64_t bits);
    void finish();  // call once all cues are added
    std::uint64_t match(std::string_view tokens) const;

private:
    using Entry = std::pair<std::string, std::uint64_t>;
    std::vector<Entry> exact_;          // sorted, one entry per token
    std::vector<Entry> prefixes_[128];  // by first byte (non-ASCII in slot 0)
    std::vector<Entry> sequences_;      // "-read-more-"
};

// Reasons with their cue sets, first match wins. A reason's cues written
// `!cue` are exceptions: a value that also matches one of them is not taken
// for that reason ("social-media-embed" is a post, not a share bar).
class ReasonCues {
public:
    void add(std::string reason, CueSet cues, CueSet exceptions = {}, std::vector<std::string> written = {}) {
        entries_.push_back({std::move(reason), std::move(cues), std::move(exceptions), std::move(written)});
    }
    // Index of the first reason whose cues match, or -1.
    int match(std::string_view tokens) const;
    const std::string& reason(int index) const { return entries_[static_cast<std::size_t>(index)].reason; }
    int find(std::string_view reason) const;
    std::size_t size() const { return entries_.size(); }
    // The first reason among `candidates` (bit i = reason i) whose
    // exceptions do not match; -1 when none.
    int first_allowed(std::uint64_t candidates, std::string_view tokens) const;
    // Adds every reason's cues to an index, reason i as bit i.
    void index_into(CueIndex& index) const;

private:
    struct Entry {
        std::string reason;
        CueSet cues, exceptions;
        std::vector<std::string> written;  // the cues as written, for CueIndex
    };
    std::vector<Entry> entries_;
};

// What the class/id cue lists say of one attribute value.
struct CueReading {
    int reason = -1;  // index in Cues::boilerplate, -1 when none
    bool content = false;
    bool byline = false, caption = false, credit = false, subtitle = false, lead = false;
};

struct Cues {
    ReasonCues boilerplate;  // boilerplate.txt
    ReasonCues roles;        // roles.txt ("content" marks the article)
    CueSet content;          // content.txt
    CueSet byline;           // byline.txt
    CueSet caption;          // caption.txt
    CueSet credit;           // credit.txt
    std::vector<std::string> byline_prefixes;   // lower-case
    std::vector<std::string> name_separators;   // with their spaces
    std::vector<std::string> site_separators;   // with their spaces
    std::vector<std::string> title_separators;  // with their spaces
    std::vector<std::string> byline_end_marks;  // with a space on each side (byline-ends.txt)
    std::vector<std::string> byline_end_words;  // phrase_key: byline-ends.txt words, date words
    std::vector<std::string> postnominals;      // lower-case letters and digits only
    std::vector<std::string> author_links;      // lower-case href parts (profile-links.txt)
    std::vector<std::string> member_links;      // lower-case href parts (profile-links.txt)
    std::vector<std::string> profile_actions;   // lower-case path segments that are not people
    std::vector<std::pair<std::string, std::string>> phrases;  // folded phrase -> reason, sorted
    std::vector<std::string> credit_prefixes;  // folded (phrase_key)
    std::vector<std::string> related_prefixes;  // folded
    std::vector<std::string> contact_phrases;  // folded, with a space on each side
    std::vector<std::string> post_controls;    // phrase_key, sorted (post-controls.txt)

    CueIndex index;  // boilerplate reasons (bits 0..), content, byline, caption, credit, subtitle, lead

    // Reads a class, id or itemprop value against every cue list in one pass.
    CueReading read(std::string_view value) const;

    // Reason for a paragraph that is only a furniture phrase, or empty.
    std::string_view phrase_reason(std::string_view text) const;

    // "Photo: AP", "Фото: личный архив": a short line opened by a credit word.
    bool is_credit_line(std::string_view text) const;
    // "Read more: ...", "Related: ...": a line that points to another article.
    bool is_related_line(std::string_view text) const;
    // "Reply with quote", "Melden": the label of a control on a post.
    bool is_post_control(std::string_view text) const;
    // "Follow us on Twitter", "Email X at x@y.com": a closing call to action.
    bool is_call_to_action(std::string_view text) const;

    static const Cues& get();
};

// A short line that is a date or time stamp ("November 20, 2019 - 11:28",
// "Updated at 1:23 p.m."): a year or a clock time, few words, no sentence.
bool looks_like_dateline(std::string_view text);

// Lower-case letters only, case-folded (ICU), digits and punctuation removed,
// runs of space made one: the key phrases.txt entries are compared by.
std::string phrase_key(std::string_view text);

}  // namespace scrapedoc::html
