// Cue lists: the per-language words and phrases the segmenter looks for,
// read from converters/data/cues/*.txt (compiled in). A cue file holds one
// phrase a line, each marked with how it matches a line's key:
//   = phrase   the whole line
//   ^ phrase   the start of the line
//   $ phrase   the end of the line
//   ~ phrase   anywhere in the line
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scrapedoc::readers::text_segmenter {

// The look-up key of a line or phrase: case-folded, white space collapsed,
// Arabic and Hebrew vowel marks dropped, leading and trailing characters
// that are neither letters nor digits removed.
std::string cue_key(std::string_view s);
void cue_key(std::string_view s, std::string& out);  // into a reused buffer

// Hashing that accepts string_view look-ups without building a string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Phrases with a tag (a reason name), found at the start, at the end, as
// the whole, or inside a key. Each look-up hashes a key's first or last word
// (or character, in scripts written without spaces) once, then compares the
// few phrases filed under it, so the cost does not grow with the lists.
class PhraseIndex {
public:
    void add(char mode, std::string phrase, std::string_view tag);  // mode: = ^ $ ~

    // Tag of the whole-key phrase, else of the longest prefix, else of the
    // longest suffix, else of the first phrase found inside; empty if none.
    std::string_view match(std::string_view key, bool inside_only = false) const;
    std::string_view whole(std::string_view key) const;
    std::size_t prefix_length(std::string_view key) const;  // bytes, 0 if none
    std::size_t suffix_length(std::string_view key) const;
    std::string_view inside(std::string_view key) const;

private:
    struct Entry {
        std::string phrase;
        std::string_view tag;
    };
    std::string_view prefix_tag(std::string_view key, std::size_t& len) const;
    std::string_view suffix_tag(std::string_view key, std::size_t& len) const;

    StringMap<std::string_view> whole_;
    StringMap<std::vector<Entry>> prefix_, suffix_, inside_;  // by first (last) word or character
    std::vector<Entry> inside_unspaced_;  // phrases in scripts without spaces
};

class CueList {
public:
    CueList(std::string name, std::string_view content);

    const std::string& name() const { return name_; }
    bool matches(std::string_view key) const { return !key.empty() && !index_.match(key).empty(); }
    std::size_t prefix_length(std::string_view key) const { return index_.prefix_length(key); }
    std::size_t suffix_length(std::string_view key) const { return index_.suffix_length(key); }
    bool contains(std::string_view key) const { return !index_.inside(key).empty(); }
    bool whole(std::string_view key) const { return !index_.whole(key).empty(); }

    // Phrases with their match mode, in file order.
    const std::vector<std::pair<char, std::string>>& phrases() const { return phrases_; }

private:
    std::string name_;
    std::vector<std::pair<char, std::string>> phrases_;
    PhraseIndex index_;
};

// A cue list by file name without extension: "byline", "credit", "date-words" ...
const CueList& cue_list(std::string_view name);

// Why a line is boilerplate: the name of the first cue list (a dropped
// reason, in file order) one of whose phrases it matches; empty when none.
// A whole-line phrase beats a prefix, a prefix a suffix, a suffix a phrase
// found inside. `inside_only`: only phrases made to be found inside text.
std::string_view boilerplate_reason(std::string_view key, bool inside_only = false);

}  // namespace scrapedoc::readers::text_segmenter
