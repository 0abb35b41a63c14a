#include "validate/json_lines.hpp"

#include <algorithm>
#include <iterator>

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

constexpr std::size_t none = static_cast<std::size_t>(-1);

// Follows the parse through the trie of wanted pointers: each open
// container knows its trie node (or `none` once off every wanted path), so
// each event costs O(1) whatever the depth.
class line_finder {
public:
    line_finder(std::string_view text, const std::size_t& read, std::vector<json_lines::node>& nodes)
        : text_(text), read_(read), nodes_(nodes) {
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
        if (!frames_.empty() && frames_.back().trie != none) frames_.back().key = pointer_token(k);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    struct frame {
        bool array;
        std::size_t index = 0;
        std::string key;
        std::size_t trie;
    };

    // Trie node of the value being read now (advancing the array index).
    std::size_t next_node() {
        if (frames_.empty()) return 0;
        frame& f = frames_.back();
        const std::size_t index = f.index++;
        if (f.trie == none) return none;
        const auto& children = nodes_[f.trie].children;
        auto it = children.find(f.array ? std::to_string(index) : f.key);
        return it == children.end() ? none : it->second;
    }

    // Line of the last token read: the last non-blank character before the
    // read position (a look-ahead character is blank or right after the token).
    std::size_t current_line() const {
        std::size_t i = std::min(read_, text_.size());
        while (i > 0 && is_json_space(text_[i - 1])) --i;
        const std::size_t offset = i > 0 ? i - 1 : 0;
        return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin());
    }

    std::size_t mark(std::size_t n) {
        if (n != none && nodes_[n].line == 0) nodes_[n].line = current_line();
        return n;
    }
    bool value() {
        mark(next_node());
        return true;
    }
    bool open(bool array) {
        frames_.push_back(frame{array, 0, {}, mark(next_node())});
        return true;
    }
    bool close() {
        if (!frames_.empty()) frames_.pop_back();
        return true;
    }

    std::string_view text_;
    const std::size_t& read_;
    std::vector<json_lines::node>& nodes_;
    std::vector<std::size_t> starts_;
    std::vector<frame> frames_;
};

}  // namespace

std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    std::size_t at = pointer.front() == '/' ? 1 : 0;
    while (true) {
        const std::size_t slash = pointer.find('/', at);
        tokens.emplace_back(pointer.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at));
        if (slash == std::string_view::npos) break;
        at = slash + 1;
    }
    return tokens;
}

json_lines::json_lines(std::string_view text, const std::vector<std::string>& pointers) {
    for (const auto& p : pointers) {
        std::size_t n = 0;
        for (auto& token : pointer_tokens(p)) {
            auto it = nodes_[n].children.find(token);
            if (it == nodes_[n].children.end()) {
                nodes_.emplace_back();
                it = nodes_[n].children.emplace(std::move(token), nodes_.size() - 1).first;
            }
            n = it->second;
        }
    }
    std::size_t read = 0;
    line_finder finder(text, read, nodes_);
    counting_iterator first{text.data(), text.data(), &read};
    counting_iterator last{text.data() + text.size(), text.data(), &read};
    nlohmann::json::sax_parse(first, last, &finder);
}

std::size_t json_lines::line_of(std::string_view pointer) const {
    std::size_t n = 0, line = nodes_[0].line;
    for (const auto& token : pointer_tokens(pointer)) {
        auto it = nodes_[n].children.find(token);
        if (it == nodes_[n].children.end() || nodes_[it->second].line == 0) break;
        n = it->second;
        line = nodes_[n].line;
    }
    return line;
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
