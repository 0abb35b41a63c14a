// JSON reader: our own JSON shape (../spec/json-shape.md, version 1) back
// into the model, field for field, so read_json(write_json(d)) == d.
// Refuses other JSON and other shape versions with an error naming the file,
// the line and the JSON pointer of the offending value.
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "readers/registry.hpp"
#include "text/clean.hpp"
#include "validate/json_lines.hpp"

namespace scrapedoc::readers {

namespace {

using json = nlohmann::json;

// Turns a problem at a JSON pointer into a scrapedoc::error with its line.
// The line map is only built when there is an error to report.
struct json_input {
    std::string_view text;
    std::string_view name;

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        const validate::json_lines lines(text, {pointer});
        throw error(std::string(name), (pointer.empty() ? "" : pointer + ": ") + message, lines.line_of(pointer));
    }
};

const char* type_name(const json& j) {
    switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::discarded: return "nothing";
    default: return "a number";
    }
}

// Typed access to the members of one JSON object; every error names the
// member's pointer.
// The object's own JSON pointer is computed only when an error needs it:
// building it for every block of a deeply nested file would cost time and
// memory quadratic in the depth.
class object_reader {
public:
    using pointer_fn = std::function<std::string()>;

    object_reader(const json_input& in, const json& j, pointer_fn pointer) : in_(in), j_(j), pointer_(std::move(pointer)) {
        if (!j_.is_object()) in_.fail(pointer_(), std::string("expected an object, found ") + type_name(j_));
    }
    object_reader(const json_input& in, const json& j, std::string pointer)
        : object_reader(in, j, pointer_fn([pointer] { return pointer; })) {}

    std::string at(std::string_view key) const { return pointer_() + "/" + validate::pointer_token(key); }

    const json* find(std::string_view key) const {
        auto it = j_.find(std::string(key));
        return it == j_.end() ? nullptr : &*it;
    }

    const json& required(std::string_view key) const {
        if (const json* v = find(key)) return *v;
        in_.fail(pointer_(), "missing \"" + std::string(key) + "\"");
    }

    std::string string(std::string_view key) const {
        return as_string(required(key), [&] { return at(key); });
    }

    // A string, or null / absent for "not known".
    std::optional<std::string> optional_string(std::string_view key) const {
        const json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        return as_string(*v, [&] { return at(key); });
    }

    bool boolean(std::string_view key, bool absent) const {
        const json* v = find(key);
        if (!v) return absent;
        if (!v->is_boolean()) in_.fail(at(key), std::string("expected true or false, found ") + type_name(*v));
        return v->get<bool>();
    }

    // An integer; 2.0 counts as 2, as in JSON Schema. One that does not fit
    // a long long is refused (a double outside that range cannot even be
    // converted: the cast would be undefined behaviour).
    long long integer(std::string_view key) const {
        const json& v = required(key);
        if (v.is_number_unsigned()) {
            const auto u = v.get<unsigned long long>();
            if (u > static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
                in_.fail(at(key), "the integer " + std::to_string(u) + " is out of range");
            return static_cast<long long>(u);
        }
        if (v.is_number_integer()) return v.get<long long>();
        if (v.is_number_float()) {
            const double d = v.get<double>();
            // 2^63 is exact as a double; every integral double in [-2^63, 2^63) fits.
            constexpr double limit = 9223372036854775808.0;
            if (std::isfinite(d) && std::trunc(d) == d) {
                if (d < -limit || d >= limit) in_.fail(at(key), "the integer " + v.dump() + " is out of range");
                return static_cast<long long>(d);
            }
        }
        in_.fail(at(key), std::string("expected an integer, found ") + type_name(v));
    }

    std::vector<std::string> strings(const json& v, const pointer_fn& pointer) const {
        if (!v.is_array()) in_.fail(pointer(), std::string("expected an array of strings, found ") + type_name(v));
        std::vector<std::string> out;
        out.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i)
            out.push_back(as_string(v[i], [&] { return pointer() + "/" + std::to_string(i); }));
        return out;
    }

    std::vector<std::string> strings(std::string_view key) const {
        return strings(required(key), [&] { return at(key); });
    }

    std::string as_string(const json& v, const pointer_fn& pointer) const {
        if (!v.is_string()) in_.fail(pointer(), std::string("expected a string, found ") + type_name(v));
        return v.get<std::string>();
    }

    const json_input& input() const { return in_; }

private:
    const json_input& in_;
    const json& j_;
    pointer_fn pointer_;
};

Meta read_meta(const object_reader& doc) {
    Meta meta;
    const json* m = doc.find("meta");
    if (!m) return meta;
    const object_reader r(doc.input(), *m, doc.at("meta"));
    meta.title = r.optional_string("title");
    meta.subtitle = r.optional_string("subtitle");
    if (r.find("authors")) meta.authors = r.strings("authors");
    meta.publisher = r.optional_string("publisher");
    meta.date = r.optional_string("date");
    meta.language = r.optional_string("language");
    if (r.find("direction")) {
        const std::string d = r.string("direction");
        if (d == "rtl") meta.direction = Direction::rtl;
        else if (d != "ltr") r.input().fail(r.at("direction"), "direction is \"" + d + "\"; expected \"rtl\" or \"ltr\"");
    }
    // Absent in documents written before page types (and null when the
    // reader could not tell).
    if (auto t = r.optional_string("page_type")) {
        meta.page_type = page_type_from_string(*t);
        if (!meta.page_type)
            r.input().fail(r.at("page_type"), "page_type is \"" + *t +
                                                  "\"; expected article, forum, product, collection, listing, "
                                                  "documentation, service or other");
    }
    if (const json* s = r.find("source")) {
        const object_reader source(r.input(), *s, r.at("source"));
        meta.source.name = source.string("name");
        meta.source.format = source.string("format");
        meta.source.sha256 = source.string("sha256");
        meta.source.url = source.optional_string("url");
        meta.source.retrieved = source.optional_string("retrieved");
        meta.source.record_id = source.optional_string("record_id");
    }
    return meta;
}

Block read_leaf(const object_reader& r, const std::string& type) {
    if (type == "paragraph") return Paragraph{r.string("text")};
    if (type == "quote") return Quote{r.string("text")};
    if (type == "figure")
        return Figure{r.optional_string("caption"), r.optional_string("credit"), r.optional_string("src"),
                      r.optional_string("alt")};
    if (type == "list") return List{r.boolean("ordered", false), r.strings("items")};
    // table
    Table table;
    table.header = r.boolean("header", false);
    const json& rows = r.required("rows");
    if (!rows.is_array()) r.input().fail(r.at("rows"), std::string("expected an array of rows, found ") + type_name(rows));
    for (std::size_t i = 0; i < rows.size(); ++i)
        table.rows.push_back(r.strings(rows[i], [&] { return r.at("rows") + "/" + std::to_string(i); }));
    return table;
}

// The block tree is read with an explicit stack, so a deeply nested file
// cannot exhaust the call stack.
std::vector<Block> read_blocks(const json_input& in, const json& blocks, const std::string& pointer) {
    struct level {
        const json* array;
        std::size_t next = 0;
        std::vector<Block>* out;
    };
    std::vector<Block> top;
    if (!blocks.is_array()) in.fail(pointer, std::string("expected an array of blocks, found ") + type_name(blocks));
    std::vector<level> stack{{&blocks, 0, &top}};
    // Pointer of the block being read: "/blocks/3/blocks/0/...".
    auto current = [&] {
        std::string p = pointer;
        for (std::size_t i = 0; i < stack.size(); ++i) {
            if (i > 0) p += "/blocks";
            p += '/';  // appended apart: gcc 12 warns (-Wrestrict, falsely) on "/" + std::string
            p += std::to_string(stack[i].next - 1);
        }
        return p;
    };
    while (!stack.empty()) {
        level& l = stack.back();
        if (l.next == l.array->size()) {
            stack.pop_back();
            continue;
        }
        const object_reader r(in, (*l.array)[l.next++], current);
        const std::string type = r.string("type");
        if (type == "section") {
            Section s;
            s.heading = r.string("heading");
            const long long level_number = r.integer("level");
            if (level_number < 2 || level_number > 6)
                in.fail(r.at("level"), "section level " + std::to_string(level_number) + " is not a heading level (2..6)");
            s.level = static_cast<int>(level_number);
            s.author = r.optional_string("author");
            s.date = r.optional_string("date");
            const json& children = r.required("blocks");
            if (!children.is_array())
                in.fail(r.at("blocks"), std::string("expected an array of blocks, found ") + type_name(children));
            l.out->push_back(std::move(s));
            auto& section = std::get<Section>(l.out->back());
            stack.push_back({&children, 0, &section.blocks});  // invalidates `l`
            continue;
        }
        if (type != "paragraph" && type != "quote" && type != "figure" && type != "list" && type != "table")
            in.fail(r.at("type"), "unknown block type \"" + type +
                                      "\" (paragraph, figure, quote, list, table or section)");
        l.out->push_back(read_leaf(r, type));
    }
    return top;
}

std::vector<Dropped> read_dropped(const object_reader& doc) {
    std::vector<Dropped> out;
    const json* d = doc.find("dropped");
    if (!d) return out;
    if (!d->is_array()) doc.input().fail(doc.at("dropped"), std::string("expected an array, found ") + type_name(*d));
    for (std::size_t i = 0; i < d->size(); ++i) {
        const object_reader r(doc.input(), (*d)[i], doc.at("dropped") + "/" + std::to_string(i));
        Dropped item{r.string("text"), r.string("reason"), 0};
        if (r.find("line")) {
            const long long line = r.integer("line");
            if (line < 0) r.input().fail(r.at("line"), "a line number cannot be negative");
            item.line = static_cast<std::size_t>(line);
        }
        out.push_back(std::move(item));
    }
    return out;
}

// Checks "format" and "version" before anything else, so that another JSON
// file or a newer shape is refused with that reason, not a field error.
void check_shape(const object_reader& doc) {
    const json* format = doc.find("format");
    if (!format || !format->is_string() || format->get<std::string>() != "scrapedoc")
        doc.input().fail(format ? doc.at("format") : std::string(),
                         "not a scrapedoc JSON document (it needs \"format\": \"scrapedoc\")");
    if (!doc.find("version")) doc.input().fail("", "no \"version\": cannot tell which scrapedoc JSON shape this is");
    const long long v = doc.integer("version");
    if (v != json_shape_version)
        doc.input().fail(doc.at("version"), "scrapedoc JSON shape version " + std::to_string(v) +
                                                " is not supported; this scrapedoc " + version() + " reads version " +
                                                std::to_string(json_shape_version));
}

Document read_json(std::string_view text, const ReadContext& context) {
    const json_input in{text, context.source_name};
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: why" -> "why"
        std::string why = e.what();
        if (auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
        throw error(std::string(context.source_name), "not valid JSON: " + why,
                    validate::line_at(text, e.byte > 0 ? e.byte - 1 : 0));
    } catch (const json::exception& e) {
        // A number too large for a double: "[json.exception.out_of_range.406]
        // number overflow parsing '1e400'". nlohmann gives no position; the
        // line is the first where that number is written.
        std::string why = e.what();
        if (auto bracket = why.find("] "); bracket != std::string::npos) why = why.substr(bracket + 2);
        std::size_t line = 0;
        if (auto open = why.find('\''), close = why.rfind('\'');
            open != std::string::npos && close > open + 1) {
            if (auto at = text.find(std::string_view(why).substr(open + 1, close - open - 1));
                at != std::string_view::npos)
                line = validate::line_at(text, at);
        }
        throw error(std::string(context.source_name), "not valid JSON: " + why, line);
    }
    const object_reader doc(in, j, "");
    check_shape(doc);
    Document d;
    d.meta = read_meta(doc);
    d.byline = doc.optional_string("byline");
    if (const json* blocks = doc.find("blocks")) d.blocks = read_blocks(in, *blocks, doc.at("blocks"));
    d.dropped = read_dropped(doc);
    // Escapes can spell characters a document never holds ("\u0001", "\uFFFE").
    text::clean_read_document(d);
    return d;
}

// Our JSON starts with an object whose first member is "format": "scrapedoc".
int sniff_json(std::string_view text) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || text[start] != '{') return 0;
    const std::string_view head = text.substr(start, 4096);
    if (head.find("\"scrapedoc\"") != std::string_view::npos && head.find("\"format\"") != std::string_view::npos)
        return 100;
    const std::size_t end = text.find_last_not_of(" \t\r\n");
    return text[end] == '}' ? 50 : 0;
}

}  // namespace

extern const Reader json_reader = {"json", "json", sniff_json, read_json};

}  // namespace scrapedoc::readers
