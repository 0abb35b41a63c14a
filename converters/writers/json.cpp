// JSON writer: the model written out as spec/json-shape.md (version 1).
// RapidJSON's streaming writer does the escaping: no tree is built, and the
// output goes to a sink in pieces of about 64 KB as it is made, so a large
// document is never held twice (docs/dependencies.md).
#define RAPIDJSON_SSE2
#include <rapidjson/prettywriter.h>
#include <rapidjson/writer.h>
#include <rapidjson/stringbuffer.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

#include "text/clean.hpp"
#include "text/swar.hpp"
#include "text/unicode.hpp"
#include "writers/registry.hpp"

namespace scrapedoc::writers {

namespace {

// The same code writes indented JSON and JSON Lines (one compact line):
// the helpers below take either RapidJSON writer.
using PrettyWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
using CompactWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// RapidJSON writes into a StringBuffer (its fastest output); between blocks
// and dropped lines the buffer goes to the sink once it holds enough.
struct Output {
    static constexpr std::size_t piece = 64 * 1024;
    explicit Output(const Sink& s) : sink(s) {}
    const Sink& sink;
    // Room for a piece and the value that crosses its end from the start:
    // grown from RapidJSON's 256 bytes, a 10 KB page's JSON took a dozen
    // reallocations and copies.
    rapidjson::StringBuffer buffer{nullptr, piece + piece / 4};

    void pass_on(std::size_t at_least = piece) {
        if (buffer.GetSize() < at_least || buffer.GetSize() == 0) return;
        sink(std::string_view(buffer.GetString(), buffer.GetSize()));
        buffer.Clear();
    }
};

// RapidJSON 1.1.0's SSE2 scan (writer.h, ScanWriteUnescapedString) takes
// bytes 0x1A to 0x1F for text that needs no escape (it tests s <= 0x19 for
// s < 0x20) and writes them raw, which JSON does not allow. The readers
// drop such controls; a document built through the library API may hold
// them.
bool has_control_rapidjson_misses(std::string_view s) {
    // Eight bytes at a time: a word with no byte below 0x20 (nearly every
    // one) is passed over with a few operations.
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (text::swar::some_byte_below(w, 0x20) == 0) continue;
        for (int k = 0; k < 8; ++k)
            if (static_cast<unsigned char>(p[k]) >= 0x1A && static_cast<unsigned char>(p[k]) <= 0x1F) return true;
    }
    for (; n > 0; ++p, --n)
        if (static_cast<unsigned char>(*p) >= 0x1A && static_cast<unsigned char>(*p) <= 0x1F) return true;
    return false;
}

// Strings from the readers are valid UTF-8 by construction (decode); a
// document built through the library API might not be, and JSON must be.
template <class JsonWriter>
void put_text(JsonWriter& w, std::string_view s) {
    // Text from the readers holds no control character: one pass finds it
    // ready for RapidJSON.
    if (text::valid_utf8_without_controls(s)) {
        w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
        return;
    }
    std::string fixed;
    if (!text::valid_utf8(s)) s = fixed = text::repair_utf8(s);
    if (has_control_rapidjson_misses(s)) {
        // nlohmann-json escapes every control character.
        const std::string quoted = nlohmann::json(std::string(s)).dump();
        w.RawValue(quoted.data(), quoted.size(), rapidjson::kStringType);
        return;
    }
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// Keys are literals: their length is known, where Key(const char*) would
// count it again for every one written.
template <class JsonWriter, std::size_t N>
void key(JsonWriter& w, const char (&k)[N]) {
    w.Key(k, N - 1);
}

template <class JsonWriter>
void put(JsonWriter& w, const std::optional<std::string>& s) {
    if (s) put_text(w, *s);
    else w.Null();
}

template <class JsonWriter>
void put_strings(JsonWriter& w, const std::vector<std::string>& v) {
    w.StartArray();
    for (const auto& s : v) put_text(w, s);
    w.EndArray();
}

// A reason token is lower-case letters, digits and hyphens (so is what
// reason_token makes): valid UTF-8 with no control, nothing to repair.
// Reasons come from a small vocabulary and mostly repeat the one before, so
// the last one found a token (`known`, a string of the document) is not
// checked again.
template <class JsonWriter>
void put_reason(JsonWriter& w, const std::string& reason, std::string_view& known) {
    if ((!known.empty() && reason == known) || text::is_reason_token(reason)) {
        known = reason;
        w.String(reason.data(), static_cast<rapidjson::SizeType>(reason.size()));
        return;
    }
    const std::string token = text::reason_token(reason);
    w.String(token.data(), static_cast<rapidjson::SizeType>(token.size()));
}

// Blocks nest only through sections (levels 2..6), so recursion is shallow.
template <class JsonWriter>
void put_blocks(JsonWriter& w, const std::vector<Block>& blocks, Output& out);

template <class JsonWriter>
void put_block(JsonWriter& w, const Block& block, Output& out) {
    w.StartObject();
    key(w, "type");
    w.String(block_type_name(block));
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Quote>) {
                key(w, "text");
                put_text(w, b.text);
            } else if constexpr (std::is_same_v<T, Figure>) {
                key(w, "caption");
                put(w, b.caption);
                key(w, "credit");
                put(w, b.credit);
                key(w, "src");
                put(w, b.src);
                key(w, "alt");
                put(w, b.alt);
            } else if constexpr (std::is_same_v<T, List>) {
                key(w, "ordered");
                w.Bool(b.ordered);
                key(w, "items");
                put_strings(w, b.items);
            } else if constexpr (std::is_same_v<T, Table>) {
                key(w, "header");
                w.Bool(b.header);
                key(w, "rows");
                w.StartArray();
                for (const auto& row : b.rows) put_strings(w, row);
                w.EndArray();
            } else if constexpr (std::is_same_v<T, Section>) {
                key(w, "heading");
                put_text(w, b.heading);
                key(w, "level");
                w.Int(b.level);
                if (b.is_post()) {
                    // only on posts: other sections' JSON is as it was
                    key(w, "author");
                    put(w, b.author);
                    key(w, "date");
                    put(w, b.date);
                }
                key(w, "blocks");
                put_blocks(w, b.blocks, out);
            }
        },
        block);
    w.EndObject();
}

template <class JsonWriter>
void put_blocks(JsonWriter& w, const std::vector<Block>& blocks, Output& out) {
    w.StartArray();
    for (const auto& b : blocks) {
        put_block(w, b, out);
        out.pass_on();
    }
    w.EndArray();
}


// The document as one JSON object; the caller ends the line.
template <class JsonWriter>
void put_document(JsonWriter& w, const Document& doc, Output& out) {
    w.StartObject();
    key(w, "format");
    w.String("scrapedoc");
    key(w, "version");
    w.Int(json_shape_version);

    const Meta& m = doc.meta;
    key(w, "meta");
    w.StartObject();
    key(w, "title");
    put(w, m.title);
    key(w, "subtitle");
    put(w, m.subtitle);
    key(w, "authors");
    put_strings(w, m.authors);
    key(w, "publisher");
    put(w, m.publisher);
    // Documents from scrapedoc::read have these shapes already
    // (text::fit_field_shapes); one built through the library API may not,
    // and the JSON must stay valid against the schema.
    key(w, "date");
    put(w, m.date && text::is_iso_date(*m.date) ? m.date : std::nullopt);
    key(w, "language");
    put(w, m.language && text::is_language_tag(*m.language) ? m.language : std::nullopt);
    key(w, "direction");
    w.String(to_string(m.direction));
    key(w, "page_type");
    if (m.page_type) w.String(to_string(*m.page_type));
    else w.Null();
    key(w, "source");
    w.StartObject();
    key(w, "name");
    put_text(w, m.source.name);
    key(w, "format");
    put_text(w, m.source.format);
    key(w, "sha256");
    put_text(w, m.source.sha256);
    // Only a page read from a web archive has these: written when known,
    // so documents of other inputs keep the shape they had.
    if (m.source.url && !m.source.url->empty()) {
        key(w, "url");
        put_text(w, *m.source.url);
    }
    if (m.source.retrieved && text::is_iso_date(*m.source.retrieved)) {
        key(w, "retrieved");
        put_text(w, *m.source.retrieved);
    }
    if (m.source.record_id && !m.source.record_id->empty()) {
        key(w, "record_id");
        put_text(w, *m.source.record_id);
    }
    w.EndObject();
    w.EndObject();

    key(w, "byline");
    put(w, doc.byline);
    key(w, "blocks");
    put_blocks(w, doc.blocks, out);
    key(w, "dropped");
    w.StartArray();
    std::string_view known_reason;
    for (const auto& d : doc.dropped) {
        w.StartObject();
        key(w, "text");
        put_text(w, d.text);
        key(w, "reason");
        put_reason(w, d.reason, known_reason);
        key(w, "line");
        w.Uint64(d.line);
        w.EndObject();
        out.pass_on();
    }
    w.EndArray();
    w.EndObject();
}

}  // namespace

void stream_json(const Document& doc, const write_options&, const Sink& sink) {
    Output out(sink);
    PrettyWriter w(out.buffer);
    w.SetIndent(' ', 1);
    put_document(w, doc, out);
    out.buffer.Put('\n');
    out.pass_on(0);
}

// JSON Lines: the same object on one line (no line feed can occur inside:
// RapidJSON escapes it in strings), so documents can be appended one after
// another to a file or a pipe.
void stream_json_line(const Document& doc, const write_options&, const Sink& sink) {
    Output out(sink);
    CompactWriter w(out.buffer);
    put_document(w, doc, out);
    out.buffer.Put('\n');
    out.pass_on(0);
}

std::string write_json_line(const Document& doc, const write_options& options) {
    std::string text;
    stream_json_line(doc, options, [&](std::string_view piece) { text += piece; });
    return text;
}

std::string write_json(const Document& doc, const write_options& options) {
    std::string text;
    stream_json(doc, options, [&](std::string_view piece) { text += piece; });
    return text;
}

}  // namespace scrapedoc::writers
