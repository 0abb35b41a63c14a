// The plain-text segmenter: the text a scraper copied off a rendered page ->
// Document. Stages, each testable on its own:
//   split_lines -> describe_lines -> classify_lines -> assemble_document
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/document.hpp"
#include "scrapedoc.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

enum class Kind : std::uint8_t {
    blank,
    title,
    subtitle,
    byline,
    date,
    figure,     // a caption line, with its credit when the line carries one
    credit,     // a credit line that belongs to the figure before or after it
    heading,
    paragraph,
    list_item,
    quote,
    dropped,
};

const char* kind_name(Kind k);

class TextArena;

// Texts that only a few lines carry (captions, credits, notes for
// --explain): allocated in the page's TextArena when one is set, so every
// other line pays one pointer for the three. The arena owns them, so that a
// Line owns nothing and frees nothing: the text reader gives back the
// memory of lines it has read (see AssembleOptions), and a destructor would
// map those pages again only to find nothing to free. Copies share the
// texts.
class RareTexts {
public:
    struct Fields {
        std::string note;             // details for --explain ("line 12", "score 3.20")
        std::string caption, credit;  // for figure and credit lines
    };

    const Fields& get() const {
        static const Fields none;
        return fields_ ? *fields_ : none;
    }
    Fields& edit(TextArena& arena);

private:
    Fields* fields_ = nullptr;  // in the arena
};

// Storage for the texts and keys of lines that differ from the input (white
// space collapsed, case folded), and for their rare texts. Views into it
// stay valid while it lives.
class TextArena {
public:
    std::string_view store(std::string_view s);
    // A view kept whole, at an address that stays put (see LineView).
    const std::string_view* keep(std::string_view s);
    RareTexts::Fields& rare() { return rare_.emplace_back(); }

private:
    std::deque<std::string_view> views_;
    std::deque<RareTexts::Fields> rare_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
    std::size_t chunk_size_ = 16 * 1024;  // grows as chunks fill, so small pages stay small
};

inline RareTexts::Fields& RareTexts::edit(TextArena& arena) {
    if (!fields_) fields_ = &arena.rare();
    return *fields_;
}

// A view of text that lives as long as the program (reason names: string
// literals and the cue lists' tags) in 8 bytes instead of 16: 48 bits of
// address, which is what x86-64 and arm64 user space uses, and 16 of
// length. Checked when set.
class ReasonView {
public:
    ReasonView() = default;
    ReasonView(std::string_view s) {
        const auto address = reinterpret_cast<std::uintptr_t>(s.data());
        if (s.empty()) return;
        if (s.size() > 0xFFFF || (address >> 48) != 0) throw std::logic_error("ReasonView: text out of range");
        packed_ = (static_cast<std::uint64_t>(address) << 16) | s.size();
    }
    ReasonView(const char* s) : ReasonView(std::string_view(s)) {}

    std::string_view view() const {
        return {reinterpret_cast<const char*>(static_cast<std::uintptr_t>(packed_ >> 16)), static_cast<std::size_t>(packed_ & 0xFFFF)};
    }
    operator std::string_view() const { return view(); }
    bool empty() const { return packed_ == 0; }
    friend bool operator==(ReasonView a, std::string_view b) { return a.view() == b; }

private:
    std::uint64_t packed_ = 0;  // 0: empty
};

// A line's text or key, a view into the input or a TextArena, in 8 bytes
// instead of 16: 48 bits of address, as ReasonView, and 16 of length. A view
// that does not fit (64 KB or longer, or above 48 bits of address) is kept
// whole in the arena and the 8 bytes point to it. It answers what the
// segmenter asks of std::string_view, and converts to one.
class LineView {
public:
    LineView() = default;
    LineView(std::string_view s, TextArena& arena) {
        const auto address = reinterpret_cast<std::uintptr_t>(s.data());
        if (s.size() < kept_whole && (address >> 48) == 0) [[likely]]
            packed_ = (static_cast<std::uint64_t>(address) << 16) | s.size();
        else
            keep_whole(s, arena);
    }

    std::string_view view() const {
        const auto address = static_cast<std::uintptr_t>(packed_ >> 16);
        const auto size = static_cast<std::size_t>(packed_ & 0xFFFF);
        if (size == kept_whole) [[unlikely]]
            return *reinterpret_cast<const std::string_view*>(address);
        return {reinterpret_cast<const char*>(address), size};
    }
    operator std::string_view() const { return view(); }

    bool empty() const { return (packed_ & 0xFFFF) == 0; }
    std::size_t size() const { return view().size(); }
    const char* data() const { return view().data(); }
    const char* begin() const { return view().data(); }
    const char* end() const {
        const std::string_view v = view();
        return v.data() + v.size();
    }
    char front() const { return view().front(); }
    char back() const { return view().back(); }
    char operator[](std::size_t i) const { return view()[i]; }
    std::string_view substr(std::size_t pos, std::size_t n = std::string_view::npos) const { return view().substr(pos, n); }
    template <class... Args>
    std::size_t find(Args&&... args) const {
        return view().find(std::forward<Args>(args)...);
    }
    template <class... Args>
    std::size_t rfind(Args&&... args) const {
        return view().rfind(std::forward<Args>(args)...);
    }
    template <class... Args>
    std::size_t find_first_of(Args&&... args) const {
        return view().find_first_of(std::forward<Args>(args)...);
    }
    template <class T>
    bool starts_with(T&& prefix) const {
        return view().starts_with(std::forward<T>(prefix));
    }
    template <class T>
    bool ends_with(T&& suffix) const {
        return view().ends_with(std::forward<T>(suffix));
    }
    friend bool operator==(const LineView& a, std::string_view b) { return a.view() == b; }

private:
    void keep_whole(std::string_view s, TextArena& arena);

    static constexpr std::uint64_t kept_whole = 0xFFFF;  // the address is of a std::string_view
    std::uint64_t packed_ = 0;
};

// One input line with its features and, after classify_lines, its kind. The
// page's lines are all held at once, so the fields are kept compact (64
// bytes): texts and reasons in 8 bytes, counts in 32 bits (an input is at
// most a few hundred MB) or, where the classifier only asks whether there
// are none, one or a few, in 8 or 16 saturating at their maximum, flags in
// bits, the rare texts behind one pointer.
struct Line {
    LineView text;   // white space collapsed; into the input or the arena
    LineView key;    // for cue look-up (cue_key): into the input or the arena; empty for long lines
    ReasonView cue;          // boilerplate reason from a cue list, empty if none
    ReasonView reason;       // why: a dropped reason, or the feature that decided (static text)
    RareTexts rare;          // note, caption, credit

    std::uint32_t number = 0;  // 1-based

    // Features (describe_lines).
    std::uint32_t graphemes = 0;
    std::uint32_t words = 0;
    // Length in Latin-letter equivalents (a CJK character counts more), in
    // halves: the sums are exact. Saturates past 2^31 letters.
    std::uint32_t half_weight = 0;
    double weight() const { return static_cast<double>(half_weight) / 2; }
    std::uint8_t sentence_marks = 0;  // sentence-final punctuation anywhere in the line (saturates)
    std::uint8_t commas = 0;          // (saturates)
    std::uint16_t repeats = 0;        // other lines of the page with the same key (saturates)
    bool terminal : 1 = false;  // ends with sentence-final punctuation (quotes and brackets aside)
    bool ends_with_colon : 1 = false;
    bool bullet : 1 = false;    // starts with a bullet or a list number
    bool numbered : 1 = false;  // starts with "1." / "1)" / "(1)"
    bool enclosed_quote : 1 = false;  // one quotation from its first character to its last
    bool blank_before : 1 = false;
    bool blank_after : 1 = false;
    bool upper : 1 = false;     // written in capitals (Latin, Cyrillic, Greek)
    bool residue : 1 = false;   // a CSS class or id left by the scraper ("post-title")
    bool date_like : 1 = false;
    bool separator_list : 1 = false;  // "Home | News | Sport" or "a · b · c"
    bool byline_cue : 1 = false;
    bool credit_cue : 1 = false;  // carries a photo credit (split_credit)
    bool copyright : 1 = false;   // a copyright line: what follows is seldom the article

    // Decision (classify_lines).
    bool joined : 1 = false;  // a credit or quote attribution merged into the block above
    Kind kind = Kind::dropped;

    const std::string& note() const { return rare.get().note; }
    const std::string& caption() const { return rare.get().caption; }
    const std::string& credit() const { return rare.get().credit; }
    // An empty note allocates nothing.
    void set_note(std::string s, TextArena& arena) {
        if (!s.empty() || !note().empty()) rare.edit(arena).note = std::move(s);
    }
};
static_assert(std::is_trivially_destructible_v<Line>, "a Line owns nothing (see RareTexts)");


// Stage 1: one Line per input line (LF separated), numbers kept. The lines
// view `text` and `arena`, which must outlive them. `spaced_lines`, when
// given: the only lines (0-based, in order) that may have white space to
// collapse (text::Decoded::spaced_lines); the others are not looked at.
std::vector<Line> split_lines(std::string_view text, TextArena& arena,
                              const std::vector<std::size_t>* spaced_lines = nullptr);

// Stage 2: features of every line. `skeletons`, when given, gets the size
// and hash of the skeleton (text::skeleton, built as the line is measured)
// of every line of skeleton_line_bytes or more, for duplicate detection in
// assemble_document; unknown for the others.
inline constexpr std::size_t skeleton_line_bytes = 120;
void describe_lines(std::vector<Line>& lines, TextArena& arena, std::vector<text::SkeletonSum>* skeletons = nullptr);

// Stage 3: a kind and a reason for every line, and with `notes` a note
// where one says more (the headline's score, for --explain). Without notes
// a choice whose outcome is clear may be made without the figure. Captions,
// credits and notes are kept in `arena`, the lines' own.
void classify_lines(std::vector<Line>& lines, TextArena& arena, bool notes = true);

// What assemble_document may do besides building the document.
struct AssembleOptions {
    // The lines are not read after assemble_document (nor their notes:
    // there is no --explain), and `input`, the text they view, is discarded
    // unread by its owner: the memory of both is handed back to the system
    // as the lines are turned into the document (see PageReleaser). Empty
    // `input`: it is kept.
    bool release_lines = false;
    std::string_view input;
    // Set to whether a quote took in the line after it: a text no line had.
    bool* quote_joined = nullptr;
    // The lines' skeleton sums (describe_lines), when there are.
    const std::vector<text::SkeletonSum>* skeletons = nullptr;
};

// Stage 4: the document from the classified lines; duplicates dropped. The
// notes it adds (on dates) are kept in `arena`, the lines' own.
Document assemble_document(std::vector<Line>& lines, TextArena& arena, const AssembleOptions& options = {});

struct CaptionParts {
    std::string caption;  // empty when the line is a credit alone
    std::string credit;   // the credited name, without label words or brackets
};

struct KeyWords;

// A caption line split into caption and credit; nothing when it carries no credit.
std::optional<CaptionParts> split_credit(std::string_view line);
// The same, given the line's key split into words (cue_key) and the length
// of the credit label it opens with (the "credit-label" cue list's
// prefix_length of the key), which the caller has looked up already.
std::optional<CaptionParts> split_credit(std::string_view line, const KeyWords& key, std::size_t label_prefix);
bool is_credit_text(std::string_view part);
std::string strip_credit_label(std::string_view credit);

namespace detail {
// Where a sentence of a caption ends at byte i of s, if it does there: the
// offset past a sentence mark and the space after it (". ", "؟ "), or past
// a CJK full stop, exclamation or question mark; else npos.
std::size_t sentence_end_at(std::string_view s, std::size_t i);
// The last such offset in s, or npos (what split_credit looks for a
// labelled credit after).
std::size_t after_last_sentence(std::string_view s);
}  // namespace detail

// The ISO 8601 calendar date (YYYY-MM-DD) a date line names first, or
// nothing. Month names come from cues/date-words.txt; Solar Hijri dates are
// converted to the Gregorian calendar.
std::optional<std::string> parse_date(std::string_view line);

// Length in Latin-letter equivalents; see Line::weight.
double text_weight(std::string_view s);

}  // namespace scrapedoc::readers::text_segmenter
