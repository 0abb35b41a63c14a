#include "readers/html/text.hpp"

#include <unicode/ucnv.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "text/unicode.hpp"

namespace scrapedoc::html {

bool is_sentence_end(char32_t c) {
    switch (c) {
        case '.': case '!': case '?':
        case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E:  // 。！？．
        case 0x061F: case 0x06D4:                            // ؟ ۔
        case 0x0964: case 0x0965:                            // । ॥
        case 0x2026:                                         // …
            return true;
        default:
            return false;
    }
}

namespace {

bool is_clause_mark(char32_t c) {
    switch (c) {
        case ',': case ';': case ':':
        case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A:  // 、，；：
        case 0x060C: case 0x061B:                            // ، ؛
            return true;
        default:
            return false;
    }
}

bool is_ascii_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

}  // namespace

TextCount count_text(std::string_view s) {
    TextCount t;
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            if (is_ascii_space(c)) continue;
            ++t.chars;
            if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':') ++t.punct;
            continue;
        }
        char32_t cp = text::next_code_point(s, i);
        if (cp == 0xA0 || cp == 0x3000) continue;
        // Han, kana and Hangul carry about a word each: count them double so
        // length thresholds mean the same amount of text in every script.
        bool dense = (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
                     (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                     (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
        t.chars += dense ? 2 : 1;
        if (is_sentence_end(cp) || is_clause_mark(cp)) ++t.punct;
    }
    return t;
}

namespace {

// U+0080..U+009F as windows-1252 would read the same byte; the HTML standard
// reads numeric references to them this way.
std::string fix_c1_controls(std::string_view s) {
    static std::once_flag once;
    static UConverter* cp1252 = nullptr;
    static std::mutex lock;
    std::call_once(once, [] {
        UErrorCode status = U_ZERO_ERROR;
        cp1252 = ucnv_open("windows-1252", &status);
        if (U_FAILURE(status)) cp1252 = nullptr;
    });
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        auto d = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (c == 0xC2 && d >= 0x80 && d <= 0x9F) {
            ++i;
            UChar u[2];
            char byte = static_cast<char>(d);
            UErrorCode status = U_ZERO_ERROR;
            int32_t len = 0;
            if (cp1252) {
                std::lock_guard<std::mutex> g(lock);
                ucnv_reset(cp1252);
                len = ucnv_toUChars(cp1252, u, 2, &byte, 1, &status);
            }
            if (U_SUCCESS(status) && len == 1 && u[0] >= 0xA0) text::append_utf8(out, u[0]);
            continue;  // controls with no windows-1252 meaning are dropped
        }
        out += static_cast<char>(c);
    }
    return out;
}

}  // namespace

std::string clean_text(std::string_view raw) {
    if (raw.find('\xC2') != std::string_view::npos) {
        bool has_c1 = false;
        for (std::size_t i = 0; i + 1 < raw.size() && !has_c1; ++i)
            has_c1 = raw[i] == '\xC2' && static_cast<unsigned char>(raw[i + 1]) >= 0x80 &&
                     static_cast<unsigned char>(raw[i + 1]) <= 0x9F;
        if (has_c1) return text::collapse_whitespace(fix_c1_controls(raw));
    }
    return text::collapse_whitespace(raw);
}

bool is_hidden(const Tree& tree, std::uint32_t node) {
    const Node& n = tree.nodes[node];
    if (n.attr_begin == n.attr_end) return false;
    if (tree.has_attr(node, "hidden")) return !tree.attr(node, "id").starts_with("S:");
    if (tree.attr(node, "aria-hidden") == "true") return true;
    std::string_view style = tree.attr(node, "style");
    if (style.empty()) return false;
    std::string compact;
    for (char c : style)
        if (c != ' ' && c != '\t' && c != '\n') compact += static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    return compact.find("display:none") != std::string::npos ||
           compact.find("visibility:hidden") != std::string::npos;
}

bool is_unseen(const Tree& tree, std::uint32_t node, bool reveal) {
    Tag tag = tree.nodes[node].tag;
    if (reveal) return is_invisible(tag) && tag != Tag::noscript;
    return is_invisible(tag) || is_hidden(tree, node);
}

std::string subtree_text(const Tree& tree, std::uint32_t node, bool reveal) {
    std::string raw;
    const auto& nodes = tree.nodes;
    std::uint32_t end = nodes[node].end;
    std::vector<std::uint32_t> block_ends;  // a block's text is set apart on both sides
    for (std::uint32_t i = node; i < end;) {
        while (!block_ends.empty() && i >= block_ends.back()) {
            raw += ' ';
            block_ends.pop_back();
        }
        const Node& n = nodes[i];
        if (n.tag == Tag::text) {
            raw.append(tree.text(i));
            ++i;
            continue;
        }
        if (i != node && is_unseen(tree, i, reveal)) {
            i = n.end;
            continue;
        }
        if (is_block(n.tag) || n.tag == Tag::br) raw += ' ';
        if (is_block(n.tag)) block_ends.push_back(n.end);
        ++i;
    }
    return clean_text(raw);
}

std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> out;
    std::string w;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z')) w += c;
        else if (u >= 'A' && u <= 'Z') w += static_cast<char>(u | 0x20);
        else if (!w.empty()) out.push_back(std::move(w)), w.clear();
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

std::string describe(const Tree& t, std::uint32_t i) {
    std::string d(t.name(i));
    std::string_view id = t.attr(i, "id");
    std::string_view cls = t.attr(i, "class");
    if (!id.empty()) d.append("#").append(id);
    if (!cls.empty()) {
        std::string c = text::collapse_whitespace(cls);
        std::replace(c.begin(), c.end(), ' ', '.');
        d.append(".").append(c);
    }
    return d;
}

}  // namespace scrapedoc::html
