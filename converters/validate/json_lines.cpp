#include "validate/json_lines.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

#include <nlohmann/json.hpp>

namespace scrapedoc::validate {

namespace {

// A character iterator that records how far the parser has read, so each
// SAX event can be placed: at an event the lexer has read the token and at
// most one character of look-ahead.
struct counting_iterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* at = nullptr;
    const char* begin = nullptr;
    std::size_t* read = nullptr;

    reference operator*() const {
        *read = std::max(*read, static_cast<std::size_t>(at - begin) + 1);
        return *at;
    }
    counting_iterator& operator++() {
        ++at;
        return *this;
    }
    counting_iterator operator++(int) {
        counting_iterator old = *this;
        ++at;
        return old;
    }
    bool operator==(const counting_iterator& o) const { return at == o.at; }
    bool operator!=(const counting_iterator& o) const { return at != o.at; }
};

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Records the pointer of every value with the line its last-read token is on.
class line_recorder {
public:
    line_recorder(std::string_view text, const std::size_t& read, std::unordered_map<std::string, std::size_t>& lines)
        : text_(text), read_(read), lines_(lines) {
        // Line starts, to turn an offset into a line by binary search.
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(std::int64_t) { return value(); }
    bool number_unsigned(std::uint64_t) { return value(); }
    bool number_float(double, const std::string&) { return value(); }
    bool string(std::string&) { return value(); }
    bool binary(nlohmann::json::binary_t&) { return value(); }
    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        if (!frames_.empty()) frames_.back().key = pointer_token(k);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    struct frame {
        bool array;
        std::size_t index = 0;
        std::string key;
        std::string pointer;
    };

    // Pointer of the value being read now, advancing the array index.
    std::string next_pointer() {
        if (frames_.empty()) return {};
        frame& f = frames_.back();
        if (f.array) return f.pointer + "/" + std::to_string(f.index++);
        return f.pointer + "/" + f.key;
    }

    // Line of the last token read: the last non-blank character before the
    // read position (the look-ahead character, when there is one, is either
    // blank or directly after the token).
    std::size_t current_line() const {
        std::size_t i = std::min(read_, text_.size());
        while (i > 0 && is_json_space(text_[i - 1])) --i;
        const std::size_t offset = i > 0 ? i - 1 : 0;
        return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin());
    }

    bool value() {
        lines_.emplace(next_pointer(), current_line());
        return true;
    }
    bool open(bool array) {
        std::string p = next_pointer();
        lines_.emplace(p, current_line());
        frames_.push_back(frame{array, 0, {}, std::move(p)});
        return true;
    }
    bool close() {
        if (!frames_.empty()) frames_.pop_back();
        return true;
    }

    std::string_view text_;
    const std::size_t& read_;
    std::unordered_map<std::string, std::size_t>& lines_;
    std::vector<std::size_t> starts_;
    std::vector<frame> frames_;
};

}  // namespace

json_lines::json_lines(std::string_view text) {
    std::size_t read = 0;
    line_recorder recorder(text, read, lines_);
    counting_iterator first{text.data(), text.data(), &read};
    counting_iterator last{text.data() + text.size(), text.data(), &read};
    nlohmann::json::sax_parse(first, last, &recorder);
}

std::size_t json_lines::line_of(std::string_view pointer) const {
    std::string p(pointer);
    while (true) {
        if (auto it = lines_.find(p); it != lines_.end()) return it->second;
        if (p.empty()) return 0;
        const std::size_t slash = p.rfind('/');
        p.erase(slash == std::string::npos ? 0 : slash);
    }
}

std::size_t line_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace scrapedoc::validate
