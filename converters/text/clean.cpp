#include "text/clean.hpp"

#include <cstdint>
#include <cstring>
#include <variant>
#include <vector>

#include <unicode/utf8.h>

namespace scrapedoc::text {

namespace {

// The offset of the first character clean_value() would change, or npos.
// Printable ASCII is skipped eight bytes at a time.
std::size_t first_unclean(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const std::size_t n = s.size();
    constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            const uint64_t below_space = (w - 0x20 * ones) & ~w & highs;
            uint64_t del = w ^ (0x7F * ones);
            del = (del - ones) & ~del & highs;
            if (((w & highs) | below_space | del) == 0) {
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

void clean_read_document(Document& doc) {
    if (const std::size_t n = clean_document(doc))
        doc.warnings.push_back(
            {std::to_string(n) + " character(s) a document cannot hold (controls, noncharacters) removed", 0});
}

}  // namespace scrapedoc::text
