#include "text/clean.hpp"

#include <cstdint>
#include <cstring>
#include <variant>
#include <vector>

#include <unicode/utf8.h>

#include "text/swar.hpp"

namespace scrapedoc::text {

namespace {

// The offset of the first character clean_value() would change, or npos.
// Printable ASCII is skipped eight bytes at a time.
std::size_t first_unclean(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if (swar::printable_ascii(w)) {
                i += 8;
                continue;
            }
        }
        if (p[i] < 0x80) {
            if (!is_document_char(p[i])) return i;
            ++i;
            continue;
        }
        const std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        if (c < 0 || !is_document_char(static_cast<char32_t>(c))) return at;
    }
    return std::string::npos;
}

void clean_optional(std::optional<std::string>& s, std::size_t& count) {
    if (s) count += clean_value(*s);
}

void clean_strings(std::vector<std::string>& v, std::size_t& count) {
    for (auto& s : v) count += clean_value(s);
}

}  // namespace

std::size_t clean_value(std::string& s) {
    std::size_t i = first_unclean(s);
    if (i == std::string::npos) return 0;
    std::string out;
    out.reserve(s.size());
    out.append(s, 0, i);
    std::size_t count = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const std::size_t n = s.size();
    while (i < n) {
        if (p[i] < 0x80) {
            const char32_t c = p[i];
            if (is_document_char(c)) {
                out += static_cast<char>(c);
            } else if (c == '\r') {
                out += '\n';
                if (i + 1 < n && p[i + 1] == '\n') ++i;
                ++count;
            } else {
                ++count;
            }
            ++i;
            continue;
        }
        const std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++count;
        } else if (!is_document_char(static_cast<char32_t>(c))) {
            ++count;
        } else {
            out.append(s, at, i - at);
        }
    }
    s = std::move(out);
    return count;
}

std::size_t clean_document(Document& doc) {
    std::size_t count = 0;
    Meta& m = doc.meta;
    clean_optional(m.title, count);
    clean_optional(m.subtitle, count);
    clean_strings(m.authors, count);
    clean_optional(m.publisher, count);
    clean_optional(m.date, count);
    clean_optional(m.language, count);
    count += clean_value(m.source.name);
    count += clean_value(m.source.format);
    count += clean_value(m.source.sha256);
    clean_optional(m.source.url, count);
    clean_optional(m.source.retrieved, count);
    clean_optional(m.source.record_id, count);
    clean_optional(doc.byline, count);
    // Blocks nest through sections; walked with a stack, not recursion.
    std::vector<std::vector<Block>*> todo{&doc.blocks};
    while (!todo.empty()) {
        std::vector<Block>* blocks = todo.back();
        todo.pop_back();
        for (Block& block : *blocks) {
            if (auto* p = std::get_if<Paragraph>(&block)) {
                count += clean_value(p->text);
            } else if (auto* q = std::get_if<Quote>(&block)) {
                count += clean_value(q->text);
            } else if (auto* l = std::get_if<List>(&block)) {
                clean_strings(l->items, count);
            } else if (auto* f = std::get_if<Figure>(&block)) {
                clean_optional(f->caption, count);
                clean_optional(f->credit, count);
                clean_optional(f->src, count);
                clean_optional(f->alt, count);
            } else if (auto* t = std::get_if<Table>(&block)) {
                for (auto& row : t->rows) clean_strings(row, count);
            } else if (auto* s = std::get_if<Section>(&block)) {
                count += clean_value(s->heading);
                todo.push_back(&s->blocks);
            }
        }
    }
    for (Dropped& d : doc.dropped) {
        count += clean_value(d.text);
        count += clean_value(d.reason);
    }
    return count;
}

namespace {

bool digits(std::string_view s, std::size_t& i, std::size_t n) {
    if (i + n > s.size()) return false;
    for (std::size_t k = 0; k < n; ++k)
        if (s[i + k] < '0' || s[i + k] > '9') return false;
    i += n;
    return true;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_iso_date(std::string_view s) {
    std::size_t i = 0;
    auto at = [&](char c) { return i < s.size() && s[i] == c; };
    if (!digits(s, i, 4)) return false;
    if (i == s.size()) return true;
    if (!at('-') || !digits(s, ++i, 2)) return false;
    if (i == s.size()) return true;
    if (!at('-') || !digits(s, ++i, 2)) return false;
    if (i == s.size()) return true;
    if (!at('T') || !digits(s, ++i, 2) || !at(':') || !digits(s, ++i, 2)) return false;
    if (at(':')) {
        if (!digits(s, ++i, 2)) return false;
        if (at('.')) {
            ++i;
            const std::size_t start = i;
            while (i < s.size() && is_digit(s[i])) ++i;
            if (i == start) return false;
        }
    }
    if (at('Z')) {
        ++i;
    } else if (at('+') || at('-')) {
        if (!digits(s, ++i, 2)) return false;
        if (at(':')) ++i;
        if (i < s.size() && !digits(s, i, 2)) return false;
    }
    return i == s.size();
}

bool is_language_tag(std::string_view s) {
    std::size_t i = 0;
    bool first = true;
    while (true) {
        std::size_t n = 0;
        while (i < s.size() && s[i] != '-') {
            if (!is_alpha(s[i]) && (first || !is_digit(s[i]))) return false;
            ++i;
            ++n;
        }
        if (n < 1 || n > 8) return false;
        if (i == s.size()) return true;
        ++i;
        first = false;
    }
}

bool is_reason_token(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if ((c >= 'a' && c <= 'z') || is_digit(c)) continue;
        if (c == '-' && i + 1 < s.size() && s[i - 1] != '-') continue;
        return false;
    }
    return true;
}

std::string reason_token(std::string_view s) {
    std::string out;
    bool gap = false;
    for (char c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || is_digit(c)) {
            if (gap && !out.empty()) out += '-';
            out += c;
            gap = false;
        } else {
            gap = true;
        }
    }
    // It must open with a letter.
    if (!out.empty() && !(out[0] >= 'a' && out[0] <= 'z')) out = "reason-" + out;
    return out.empty() ? "other" : out;
}

void fit_field_shapes(Document& doc) {
    Meta& m = doc.meta;
    if (m.date && !is_iso_date(*m.date)) {
        doc.warnings.push_back({"date \"" + *m.date + "\" is not an ISO 8601 date; left out", 0});
        m.date.reset();
    }
    if (m.language && !is_language_tag(*m.language)) {
        doc.warnings.push_back({"language \"" + *m.language + "\" is not a language tag; left out", 0});
        m.language.reset();
    }
    std::size_t changed = 0;
    // Reasons come from a small vocabulary and mostly repeat the one before:
    // one equal to the last token found (`known`, never empty) is not
    // checked again.
    std::string_view known;
    for (Dropped& d : doc.dropped) {
        if (!known.empty() && d.reason == known) continue;
        if (is_reason_token(d.reason)) {
            known = d.reason;
            continue;
        }
        d.reason = reason_token(d.reason);
        ++changed;
    }
    if (changed)
        doc.warnings.push_back(
            {std::to_string(changed) + " drop reason(s) made lower-case words joined by hyphens", 0});
}

void clean_read_document(Document& doc) {
    if (const std::size_t n = clean_document(doc))
        doc.warnings.push_back(
            {std::to_string(n) + " character(s) a document cannot hold (controls, noncharacters) removed", 0});
}

}  // namespace scrapedoc::text
