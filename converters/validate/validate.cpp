// RELAX NG through libxml2 (errors collected with structured error handlers,
// so each has its file line) and JSON Schema through valijson.
#define VALIJSON_USE_EXCEPTIONS 1  // a schema valijson cannot use is an error, not abort()

#include "validate/validate.hpp"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "scrapedoc.hpp"
#include "validate/json_lines.hpp"

namespace scrapedoc::validate {

namespace {

std::string read_whole_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw error(file.string(), std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw error(file.string(), "read error");
    return bytes.str();
}

result unreadable(const std::filesystem::path& file, const std::filesystem::path& schema, const error& e) {
    return result{file.string(), schema, false, {problem{0, e.message(), {}}}};
}

// ---------------------------------------------------------------- RELAX NG

// libxml2 messages end with a line feed and may span lines; ours are one line.
std::string one_line(const char* message) {
    std::string s = message ? message : "unknown error";
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

void collect(std::vector<problem>& problems, const xmlError* e) {
    if (!e || e->level == XML_ERR_WARNING) return;
    std::string message = one_line(e->message);
    // Validity errors name the element they are about, as xmllint does.
    const auto* node = static_cast<const xmlNode*>(e->node);
    if (e->domain == XML_FROM_RELAXNGV && node && node->type == XML_ELEMENT_NODE && node->name)
        message = "element " + std::string(reinterpret_cast<const char*>(node->name)) + ": " + message;
    problems.push_back({e->line > 0 ? static_cast<std::size_t>(e->line) : 0, std::move(message), {}});
}

void collect_into(void* problems, xmlErrorPtr e) { collect(*static_cast<std::vector<problem>*>(problems), e); }

// Parser errors go to the parser context's own handler, whose user data
// must stay the context; the problem list rides in its _private field.
void collect_parser_error(void* context, xmlErrorPtr e) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(context);
    collect(*static_cast<std::vector<problem>*>(ctxt->_private), e);
}

}  // namespace

struct relaxng_schema::impl {
    xmlRelaxNGPtr schema = nullptr;
    ~impl() {
        if (schema) xmlRelaxNGFree(schema);
    }
};

relaxng_schema::relaxng_schema(const std::filesystem::path& rng) : path_(rng), impl_(std::make_unique<impl>()) {
    if (!std::filesystem::is_regular_file(rng)) throw error(rng.string(), "schema not found");
    std::vector<problem> problems;
    xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt(rng.c_str());
    if (!parser) throw error(rng.string(), "cannot read the RELAX NG schema");
    xmlRelaxNGSetParserStructuredErrors(parser, collect_into, &problems);
    impl_->schema = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
    if (!impl_->schema) {
        const problem first = problems.empty() ? problem{0, "not a RELAX NG schema", {}} : problems.front();
        throw error(rng.string(), "not a usable RELAX NG schema: " + first.message, first.line);
    }
}

relaxng_schema::~relaxng_schema() = default;

result relaxng_schema::check(std::string_view xml, const std::string& name) const {
    result r{name, path_, false, {}};
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser) throw std::bad_alloc();
    parser->_private = &r.problems;
    parser->sax->serror = collect_parser_error;
    // No network, no external entities; line numbers past 65535 kept.
    xmlDocPtr doc = xmlCtxtReadMemory(parser, xml.data(), static_cast<int>(xml.size()), name.c_str(), nullptr,
                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    xmlFreeParserCtxt(parser);
    if (!doc) {
        if (r.problems.empty()) r.problems.push_back({0, "not well-formed XML", {}});
        return r;
    }
    xmlRelaxNGValidCtxtPtr validator = xmlRelaxNGNewValidCtxt(impl_->schema);
    xmlRelaxNGSetValidStructuredErrors(validator, collect_into, &r.problems);
    const int status = xmlRelaxNGValidateDoc(validator, doc);
    xmlRelaxNGFreeValidCtxt(validator);
    xmlFreeDoc(doc);
    r.valid = status == 0;
    if (!r.valid && r.problems.empty())
        r.problems.push_back({0, status < 0 ? "the validator failed internally" : "not valid", {}});
    if (r.valid) r.problems.clear();  // warnings only
    return r;
}

result relaxng_schema::check_file(const std::filesystem::path& file) const {
    std::string bytes;
    try {
        bytes = read_whole_file(file);
    } catch (const error& e) {
        return unreadable(file, path_, e);
    }
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
        return result{file.string(), path_, false, {problem{0, "file too large to validate", {}}}};
    return check(bytes, file.string());
}

// ---------------------------------------------------------------- JSON Schema

namespace {

using json = nlohmann::json;

// JSON Schema's data model has one number type: 6.0 is the integer 6 (draft
// 6 onwards). valijson with strong types would call nlohmann's double 6.0 not
// an integer, so integral doubles become integers first.
void integral_doubles_to_integers(json& root) {
    std::vector<json*> todo{&root};
    while (!todo.empty()) {
        json* n = todo.back();
        todo.pop_back();
        if (n->is_number_float()) {
            const double d = n->get<double>();
            if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) *n = static_cast<std::int64_t>(d);
        } else if (n->is_structured()) {
            for (auto& c : *n) todo.push_back(&c);
        }
    }
}

// valijson names a step "[meta]" or "[0]" whether it is a key or an index;
// walking the instance alongside tells which, giving an exact JSON pointer.
std::string pointer_of(const std::vector<std::string>& context, const json& instance) {
    std::string pointer;
    const json* node = &instance;
    for (const auto& step : context) {
        if (step == "<root>") continue;
        std::string token = step;
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
        pointer += '/';  // appended apart: gcc 12 warns (-Wrestrict, falsely) on "/" + std::string
        pointer += pointer_token(token);
        if (!node) continue;
        if (node->is_object()) {
            auto it = node->find(token);
            node = it == node->end() ? nullptr : &*it;
        } else if (node->is_array()) {
            char* end = nullptr;
            const unsigned long index = std::strtoul(token.c_str(), &end, 10);
            node = (!token.empty() && *end == '\0' && index < node->size()) ? &(*node)[index] : nullptr;
        } else {
            node = nullptr;
        }
    }
    return pointer;
}

bool is_under(const std::string& pointer, const std::string& ancestor) {
    return pointer.compare(0, ancestor.size(), ancestor) == 0 &&
           (pointer.size() == ancestor.size() || pointer[ancestor.size()] == '/');
}

}  // namespace

struct json_schema::impl {
    valijson::Schema schema;
};

json_schema::json_schema(const std::filesystem::path& schema) : path_(schema), impl_(std::make_unique<impl>()) {
    if (!std::filesystem::is_regular_file(schema)) throw error(schema.string(), "schema not found");
    const std::string text = read_whole_file(schema);
    json document;
    try {
        document = json::parse(text);
    } catch (const json::parse_error& e) {
        throw error(schema.string(), std::string("the schema is not JSON: ") + e.what(), line_at(text, e.byte));
    }
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, impl_->schema);
    } catch (const std::exception& e) {
        throw error(schema.string(), std::string("not a usable JSON Schema: ") + e.what());
    }
}

json_schema::~json_schema() = default;

result json_schema::check(std::string_view text, const std::string& name) const {
    result r{name, path_, false, {}};
    json instance;
    try {
        instance = json::parse(text);
    } catch (const json::parse_error& e) {
        std::string why = e.what();
        if (auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
        r.problems.push_back({line_at(text, e.byte > 0 ? e.byte - 1 : 0), "not valid JSON: " + why, {}});
        return r;
    }
    integral_doubles_to_integers(instance);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(instance);
    r.valid = validator.validate(impl_->schema, target, &results);
    if (r.valid) return r;
    // valijson gives the failing constraint first, then "Failed to validate
    // ..." for each schema enclosing it; those echoes of an error already
    // reported at or below their pointer are left out.
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
        std::string pointer = pointer_of(e.context, instance);
        if (e.description.rfind("Failed to validate", 0) == 0 &&
            std::any_of(r.problems.begin(), r.problems.end(), [&](const problem& p) { return is_under(p.pointer, pointer); }))
            continue;
        const std::string where = pointer.empty() ? "(root)" : pointer;
        r.problems.push_back({0, where + ": " + e.description, std::move(pointer)});
    }
    // Lines for all the pointers in one pass over the text.
    std::vector<std::string> pointers;
    for (const auto& p : r.problems) pointers.push_back(p.pointer);
    const json_lines lines(text, pointers);
    for (auto& p : r.problems) p.line = lines.line_of(p.pointer);
    return r;
}

result json_schema::check_file(const std::filesystem::path& file) const {
    std::string bytes;
    try {
        bytes = read_whole_file(file);
    } catch (const error& e) {
        return unreadable(file, path_, e);
    }
    return check(bytes, file.string());
}

result json_schema::check_lines(std::string_view text, const std::string& name) const {
    result r{name, path_, true, {}};
    std::size_t line = 0;
    while (!text.empty()) {
        ++line;
        const std::size_t nl = text.find('\n');
        std::string_view one = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (!one.empty() && one.back() == '\r') one.remove_suffix(1);
        if (one.find_first_not_of(" \t") == std::string_view::npos) {
            r.problems.push_back({line, "an empty line: JSON Lines holds one document on every line", {}});
            continue;
        }
        // Lines are checked one by one: a large file is never parsed whole.
        result one_result = check(one, name);
        for (auto& p : one_result.problems) {
            p.line = line;
            r.problems.push_back(std::move(p));
        }
    }
    if (line == 0) r.problems.push_back({0, "no document: the file is empty", {}});
    r.valid = r.problems.empty();
    return r;
}

result json_schema::check_lines_file(const std::filesystem::path& file) const {
    std::string bytes;
    try {
        bytes = read_whole_file(file);
    } catch (const error& e) {
        return unreadable(file, path_, e);
    }
    return check_lines(bytes, file.string());
}

// ---------------------------------------------------------------- files

std::string kind_of(const std::filesystem::path& file, std::string_view head) {
    std::string name = file.filename().string();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto ends_with = [&](std::string_view ext) {
        return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
    };
    if (ends_with(".json")) return "json";
    if (ends_with(".jsonl")) return "jsonl";
    if (ends_with(".xml") || ends_with(".tei")) return "tei";
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    if (head[first] == '{') return "json";
    if (head[first] == '<') return "tei";
    return {};
}

std::filesystem::path schema_dir(const std::filesystem::path& override_dir) {
    if (!override_dir.empty()) return override_dir;
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "scrapedoc" / "schema";
        if (std::filesystem::is_regular_file(installed / tei_schema_file, ec)) return installed;
    }
    return SCRAPEDOC_SCHEMA_DIR;
}

}  // namespace scrapedoc::validate
