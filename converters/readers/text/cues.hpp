// Cue lists: the per-language words and phrases the segmenter looks for,
// read from converters/data/cues/*.txt (compiled in). A cue file holds one
// phrase a line, each marked with how it matches a line's key:
//   = phrase   the whole line
//   ^ phrase   the start of the line
//   $ phrase   the end of the line
//   ~ phrase   anywhere in the line
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace scrapedoc::readers::text_segmenter {

// The look-up key of a line or phrase: case-folded, white space collapsed,
// leading and trailing characters that are neither letters nor digits removed.
std::string cue_key(std::string_view s);

class CueList {
public:
    CueList(std::string name, std::string_view content);

    const std::string& name() const { return name_; }
    bool matches(std::string_view key) const;
    // Length in bytes of the longest phrase the key starts (ends) with, 0 if none.
    std::size_t prefix_length(std::string_view key) const;
    std::size_t suffix_length(std::string_view key) const;
    bool contains(std::string_view key) const;
    bool whole(std::string_view key) const { return whole_.count(std::string(key)) > 0; }

private:
    std::string name_;
    std::unordered_set<std::string> whole_, prefix_, suffix_;
    std::vector<std::size_t> prefix_lengths_, suffix_lengths_;  // distinct, longest first
    std::vector<std::string> contains_;
};

// A cue list by file name without extension: "byline", "credit", "date-words" ...
const CueList& cue_list(std::string_view name);

// The lists whose match drops a line; each list's name is the dropped reason.
const std::vector<const CueList*>& boilerplate_lists();

}  // namespace scrapedoc::readers::text_segmenter
