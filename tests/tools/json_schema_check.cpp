// json_schema_check SCHEMA.json FILE...
//
// Validates JSON files against a JSON Schema with valijson, a validator that
// shares no code with our writer, so the tests check the writer against the
// schema rather than against itself. Prints `FILE: <json pointer>: message`
// for each error. Exit status: 0 all valid, 1 some file invalid, 2 usage or
// I/O error (unreadable file, file or schema that is not JSON, bad schema).
//
// valijson (Debian's libvalijson-dev 1.0) implements draft 7; our schema
// declares 2020-12 but uses only keywords that mean the same in both.

// Report a schema valijson cannot use as an error instead of abort().
#define VALIJSON_USE_EXCEPTIONS 1

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace {

using json = nlohmann::json;

constexpr int exit_valid = 0;
constexpr int exit_invalid = 1;
constexpr int exit_usage = 2;

// Reads and parses a JSON file; on failure prints why and returns false.
bool load_json(const std::string& path, json& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << path << ": cannot open file\n";
        return false;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        std::cerr << path << ": read error\n";
        return false;
    }
    try {
        out = json::parse(bytes.str());
    } catch (const json::parse_error& e) {
        std::cerr << path << ": not JSON: " << e.what() << "\n";
        return false;
    }
    return true;
}

// RFC 6901 escaping of one reference token.
std::string pointer_token(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

// valijson reports a path as {"<root>", "[meta]", "[0]", ...}; "[0]" is an
// array index or an object key "0" depending on the instance, so walk the
// instance alongside to turn the path into an exact JSON pointer.
std::string json_pointer(const std::vector<std::string>& context, const json& instance) {
    std::string pointer;
    const json* node = &instance;
    for (const auto& step : context) {
        if (step == "<root>") continue;
        std::string token = step;
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
        pointer += "/" + pointer_token(token);
        if (node == nullptr) continue;
        if (node->is_object() && node->contains(token)) {
            node = &(*node)[token];
        } else if (node->is_array()) {
            try {
                std::size_t pos = 0;
                unsigned long index = std::stoul(token, &pos);
                node = (pos == token.size() && index < node->size()) ? &(*node)[index] : nullptr;
            } catch (const std::exception&) {
                node = nullptr;
            }
        } else {
            node = nullptr;
        }
    }
    return pointer;
}

// In JSON Schema's data model 6.0 and 6 are the same number, an integer
// (draft 6 onwards; ajv agrees). valijson with strong types sees nlohmann's
// double 6.0 as not an integer, so integral doubles become integers first.
void normalise_numbers(json& node) {
    std::vector<json*> todo{&node};
    while (!todo.empty()) {
        json* n = todo.back();
        todo.pop_back();
        if (n->is_number_float()) {
            const double d = n->get<double>();
            if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) *n = static_cast<std::int64_t>(d);
        } else if (n->is_structured()) {
            for (auto& child : *n) todo.push_back(&child);
        }
    }
}

// True when `description` only says that a sub-schema failed, for a pointer
// at or above one whose error was already printed.
bool is_echo(const std::string& description, const std::string& pointer, const std::vector<std::string>& printed) {
    if (description.rfind("Failed to validate", 0) != 0) return false;
    for (const auto& p : printed)
        if (p.compare(0, pointer.size(), pointer) == 0 && (p.size() == pointer.size() || p[pointer.size()] == '/'))
            return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: json_schema_check SCHEMA.json FILE...\n"
                     "Validates each FILE against the JSON Schema; prints FILE: <json pointer>: message\n"
                     "per error. Exit 0 all valid, 1 some invalid, 2 usage or I/O error.\n";
        return exit_usage;
    }

    json schema_json;
    if (!load_json(argv[1], schema_json)) return exit_usage;
    valijson::Schema schema;
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
        parser.populateSchema(schema_adapter, schema);
    } catch (const std::exception& e) {
        std::cerr << argv[1] << ": not a usable JSON Schema: " << e.what() << "\n";
        return exit_usage;
    }

    int status = exit_valid;
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    for (int i = 2; i < argc; ++i) {
        const std::string path = argv[i];
        json instance;
        if (!load_json(path, instance)) {
            status = exit_usage;
            continue;
        }
        normalise_numbers(instance);
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(instance);
        if (validator.validate(schema, target, &results)) continue;
        if (status == exit_valid) status = exit_invalid;
        // valijson reports the failing constraint first, then one "Failed to
        // validate ..." line for every enclosing schema on the way up; print
        // the causes and leave out those echoes of an error already printed.
        std::vector<std::string> printed;
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            const std::string pointer = json_pointer(error.context, instance);
            if (is_echo(error.description, pointer, printed)) continue;
            std::cout << path << ": " << (pointer.empty() ? "(root)" : pointer) << ": " << error.description << "\n";
            printed.push_back(pointer);
        }
    }
    return status;
}
