// Cue lists: the per-language words and phrases the segmenter looks for,
// read from converters/data/cues/*.txt (compiled in). A cue file holds one
// phrase a line, each marked with how it matches a line's key:
//   = phrase   the whole line
//   ^ phrase   the start of the line
//   $ phrase   the end of the line
//   ~ phrase   anywhere in the line
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scrapedoc::readers::text_segmenter {

// The look-up key of a line or phrase: case-folded, white space collapsed,
// Arabic and Hebrew vowel marks dropped, leading and trailing characters
// that are neither letters nor digits removed.
std::string cue_key(std::string_view s);
void cue_key(std::string_view s, std::string& out);  // into a reused buffer

// A "= words N" line of a date-word file (cues/date-words.txt,
// cues/persian-months.txt): the words' cue key and N (a month number; 0 when
// the line has none). False for other lines.
bool date_word_entry(std::string_view line, std::string& key, int& month);

// A hash for the short strings looked up here (words, keys): eight bytes
// at a time. Computed once per word and shared by every table it is looked
// up in.
namespace hash_detail {
constexpr std::uint64_t mix_factor = 0xBF58476D1CE4E5B9ULL;
constexpr std::uint64_t start(std::size_t size) { return 0x9E3779B97F4A7C15ULL * (size + 1); }
constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * mix_factor;
    return h ^ (h >> 29);
}
constexpr std::uint64_t finish(std::uint64_t h) {
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 32);
}
}  // namespace hash_detail

inline std::uint64_t phrase_hash(std::string_view s) {
    std::uint64_t h = hash_detail::start(s.size());
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = hash_detail::mix(h, w);
    }
    if (i < s.size()) {
        // The last bytes as the low bytes of a word. Most words are shorter
        // than eight bytes: from four up, two four-byte loads that overlap
        // where that is their order in memory.
        std::uint64_t w = 0;
        const std::size_t left = s.size() - i;
        if (std::endian::native == std::endian::little && left >= 4) {
            std::uint32_t lo, hi;
            std::memcpy(&lo, s.data() + i, 4);
            std::memcpy(&hi, s.data() + s.size() - 4, 4);
            w = lo | (std::uint64_t{hi} << (8 * (left - 4)));
        } else {
            for (unsigned shift = 0; i < s.size(); ++i, shift += 8) w |= std::uint64_t(static_cast<unsigned char>(s[i])) << shift;
        }
        h = hash_detail::mix(h, w);
    }
    return hash_detail::finish(h);
}

// phrase_hash of the `size` bytes at p, where the seven bytes after them
// may be read too (a buffer with room to spare): the last bytes are one
// eight-byte load, masked, instead of two loads or a loop.
inline std::uint64_t phrase_hash_padded(const char* p, std::size_t size) {
    if constexpr (std::endian::native != std::endian::little) return phrase_hash({p, size});
    std::uint64_t h = hash_detail::start(size);
    std::size_t i = 0;
    for (; i + 8 < size; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = hash_detail::mix(h, w);
    }
    if (i < size) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = hash_detail::mix(h, w & (~std::uint64_t{0} >> (8 * (8 - (size - i)))));
    }
    return hash_detail::finish(h);
}

// Strings to values, looked up by a string and its phrase_hash. Open
// addressing over a power-of-two table; built once, then only read. Most
// look-ups miss (a line's words are looked up in every cue list): the table
// is kept at most a quarter full, and a slot holds the upper half of its
// key's hash beside the entry's index, so that a miss is told by the slots
// alone, without reading an entry.
template <class V>
class PhraseMap {
public:
    // The value of a key, default-constructed when it is new.
    V& operator[](std::string_view key) {
        const std::uint64_t hash = phrase_hash(key);
        if (const V* v = find(key, hash)) return const_cast<V&>(*v);
        entries_.push_back({std::string(key), hash, V{}});
        if (entries_.size() * 4 > slots_.size()) rehash(std::max<std::size_t>(32, slots_.size() * 2));
        else place(entries_.size() - 1);
        return entries_.back().value;
    }
    const V* find(std::string_view key, std::uint64_t hash) const {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t pos = hash & mask; slots_[pos].index; pos = (pos + 1) & mask) {
            if (slots_[pos].tag != tag) continue;
            const Entry& e = entries_[slots_[pos].index - 1];
            if (e.hash == hash && e.key == key) return &e.value;
        }
        return nullptr;
    }
    const V* find(std::string_view key) const { return find(key, phrase_hash(key)); }
    bool empty() const { return entries_.empty(); }

private:
    struct Entry {
        std::string key;
        std::uint64_t hash;
        V value;
    };
    struct Slot {
        std::uint32_t tag = 0;    // the hash's upper 32 bits
        std::uint32_t index = 0;  // entry index + 1; 0 is free
    };
    void place(std::size_t index) {
        const std::size_t mask = slots_.size() - 1;
        const std::uint64_t hash = entries_[index].hash;
        std::size_t pos = hash & mask;
        while (slots_[pos].index) pos = (pos + 1) & mask;
        slots_[pos] = {static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(index + 1)};
    }
    void rehash(std::size_t size) {
        slots_.assign(size, Slot{});
        for (std::size_t i = 0; i < entries_.size(); ++i) place(i);
    }
    std::vector<Entry> entries_;
    std::vector<Slot> slots_;
};

// A key split once into what the phrase look-ups ask of it: its words (runs
// of letters, digits and marks) with their hashes, its first and last
// character (the heads of phrases in scripts written without spaces), and
// the hash of the whole. One line's key serves every cue list.
struct KeyWords {
    struct Word {
        std::uint32_t start = 0, size = 0;  // bytes into key
        std::uint64_t hash = 0;
    };
    std::string_view key;
    std::uint64_t hash = 0;
    std::vector<Word> words;  // in order
    std::string_view first_char, last_char;
    std::uint64_t first_char_hash = 0, last_char_hash = 0;
    bool unspaced = false;  // has a character of a script written without spaces
    bool digit = false;     // has a decimal digit
    bool zwnj = false;      // has a zero-width non-joiner

    KeyWords() = default;
    explicit KeyWords(std::string_view k) { assign(k); }
    void assign(std::string_view k);  // reuses the word list's storage

    std::string_view text(const Word& w) const { return key.substr(w.start, w.size); }
    // The word the key starts (ends) with, or null when it starts (ends)
    // with another character.
    const Word* first_word() const { return !words.empty() && words.front().start == 0 ? &words.front() : nullptr; }
    const Word* last_word() const {
        return !words.empty() && words.back().start + words.back().size == key.size() ? &words.back() : nullptr;
    }
};

// The key of a text built and split in one pass into `split`, whose key
// views `buffer`. The buffer only grows, and keeps its size: its bytes past
// the key are not the key's (resizing it to each key would fill it with
// zeros again for each longer text).
void cue_key(std::string_view s, std::string& buffer, KeyWords& split);

// The same into storage of this thread, valid until its next call.
const KeyWords& key_words_of(std::string_view text);

// Phrases with a tag (a reason name), found at the start, at the end, as
// the whole, or inside a key. A phrase is filed under its first or last
// word (or character, in scripts written without spaces); a look-up finds
// the few phrases filed under a key's word by its hash, then compares them,
// so the cost does not grow with the lists.
class PhraseIndex {
public:
    void add(char mode, std::string phrase, std::string_view tag);  // mode: = ^ $ ~

    // Tag of the whole-key phrase, else of the longest prefix, else of the
    // longest suffix, else of the first phrase found inside; empty if none.
    std::string_view match(const KeyWords& key, bool inside_only = false) const;
    std::string_view whole(std::string_view key, std::uint64_t hash) const {
        const std::string_view* tag = whole_.find(key, hash);
        return tag ? *tag : std::string_view{};
    }
    std::size_t prefix_length(const KeyWords& key) const;  // bytes, 0 if none
    std::size_t suffix_length(const KeyWords& key) const;
    std::string_view inside(const KeyWords& key) const;

    // The same for a key not split yet.
    std::string_view match(std::string_view key, bool inside_only = false) const;
    std::string_view whole(std::string_view key) const { return whole(key, phrase_hash(key)); }
    std::size_t prefix_length(std::string_view key) const;
    std::size_t suffix_length(std::string_view key) const;
    std::string_view inside(std::string_view key) const;

private:
    struct Entry {
        std::string phrase;
        std::string_view tag;
    };
    struct Head {
        std::string_view text;
        std::uint64_t hash;
    };
    std::string_view prefix_tag(std::string_view key, const Head& word, const Head& first, std::size_t& len) const;
    std::string_view suffix_tag(std::string_view key, const Head& word, const Head& last, std::size_t& len) const;

    std::string_view inside_unspaced(std::string_view key) const;

    PhraseMap<std::string_view> whole_;
    PhraseMap<std::vector<Entry>> prefix_, suffix_, inside_;  // by first (last) word or character
    std::vector<Entry> inside_unspaced_;  // phrases in scripts without spaces
    // The same by their first character (indexes into inside_unspaced_);
    // of those below U+10000 (three bytes in UTF-8) the code point's top
    // ten bits (its first two bytes) as bits here, and whether one is
    // above: a key is looked up only where such a character may start.
    PhraseMap<std::vector<std::uint32_t>> unspaced_heads_;
    std::uint64_t unspaced_starts_[16] = {};
    bool unspaced_supplementary_ = false;
};

class CueList {
public:
    CueList(std::string name, std::string_view content);

    const std::string& name() const { return name_; }
    bool matches(std::string_view key) const { return !key.empty() && !index_.match(key).empty(); }
    bool matches(const KeyWords& key) const { return !key.key.empty() && !index_.match(key).empty(); }
    std::size_t prefix_length(std::string_view key) const { return index_.prefix_length(key); }
    std::size_t prefix_length(const KeyWords& key) const { return index_.prefix_length(key); }
    std::size_t suffix_length(std::string_view key) const { return index_.suffix_length(key); }
    std::size_t suffix_length(const KeyWords& key) const { return index_.suffix_length(key); }
    bool contains(std::string_view key) const { return !index_.inside(key).empty(); }
    bool whole(std::string_view key) const { return !index_.whole(key).empty(); }
    bool whole(std::string_view key, std::uint64_t hash) const { return !index_.whole(key, hash).empty(); }

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
std::string_view boilerplate_reason(const KeyWords& key, bool inside_only = false);

}  // namespace scrapedoc::readers::text_segmenter
