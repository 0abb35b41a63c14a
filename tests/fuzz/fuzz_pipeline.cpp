// libFuzzer target: the whole pipeline, raw bytes -> scrapedoc::read ->
// every writer in the registry, and what each output must be whatever the
// input was (output_checks.hpp):
//   TEI   valid UTF-8, only XML 1.0 characters, well-formed (pugixml),
//         valid against schema/scrapedoc-tei.rng (libxml2's RELAX NG);
//   JSON  parses (nlohmann), valid against schema/scrapedoc.schema.json
//         (valijson);
//   md    parsed by cmark, the same blocks with the same text, no page text
//         turned into links, raw HTML, code or emphasis; with front matter,
//         the same body after a front matter of JSON values.
// SCRAPEDOC_FUZZ_READER names the reader (default "auto": detection picks).
// A failed check prints what is wrong and aborts, so libFuzzer keeps the input.
#define VALIJSON_USE_EXCEPTIONS 1

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "output_checks.hpp"
#include "scrapedoc.hpp"
#include "writers/registry.hpp"

namespace {

std::string reader_name = "auto";
valijson::Schema* json_schema = nullptr;
xmlRelaxNGPtr tei_schema = nullptr;

[[noreturn]] void fail(std::string_view writer, const std::string& problem) {
    std::fprintf(stderr, "fuzz_pipeline: %.*s output: %s\n", static_cast<int>(writer.size()), writer.data(),
                 problem.c_str());
    std::abort();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz_pipeline: cannot open %s\n", path.c_str());
        std::exit(2);
    }
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void collect_xml_error(void* context, xmlErrorPtr error) {
    auto* out = static_cast<std::string*>(context);
    if (out->empty() && error && error->message) *out = error->message;
}

void load_schemas() {
    const std::string dir = SCRAPEDOC_SOURCE_DIR "/schema/";
    static nlohmann::json schema_json = nlohmann::json::parse(slurp(dir + "scrapedoc.schema.json"));
    static valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
    parser.populateSchema(adapter, schema);
    json_schema = &schema;

    const std::string rng = dir + "scrapedoc-tei.rng";
    xmlRelaxNGParserCtxtPtr ctxt = xmlRelaxNGNewParserCtxt(rng.c_str());
    tei_schema = xmlRelaxNGParse(ctxt);
    xmlRelaxNGFreeParserCtxt(ctxt);
    if (!tei_schema) {
        std::fprintf(stderr, "fuzz_pipeline: cannot load %s\n", rng.c_str());
        std::exit(2);
    }
}

// JSON Schema counts 6.0 as the integer 6; valijson's strong types do not.
void normalise_numbers(nlohmann::json& node) {
    std::vector<nlohmann::json*> todo{&node};
    while (!todo.empty()) {
        nlohmann::json* n = todo.back();
        todo.pop_back();
        if (n->is_number_float()) {
            const double d = n->get<double>();
            if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) *n = static_cast<std::int64_t>(d);
        } else if (n->is_structured()) {
            for (auto& child : *n) todo.push_back(&child);
        }
    }
}

std::string json_schema_problem(std::string_view text) {
    nlohmann::json instance = nlohmann::json::parse(text);
    normalise_numbers(instance);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(instance);
    if (validator.validate(*json_schema, target, &results)) return {};
    std::string problem = "JSON not valid against scrapedoc.schema.json:";
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        problem += "\n  ";
        for (const auto& step : error.context) problem += step;
        problem += ": " + error.description;
    }
    return problem;
}

std::string tei_schema_problem(std::string_view xml) {
    std::string problem;
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "output.tei.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc) return "TEI: libxml2 cannot parse it";
    xmlRelaxNGValidCtxtPtr valid = xmlRelaxNGNewValidCtxt(tei_schema);
    xmlRelaxNGSetValidStructuredErrors(valid, collect_xml_error, &problem);
    const int rc = xmlRelaxNGValidateDoc(valid, doc);
    xmlRelaxNGFreeValidCtxt(valid);
    xmlFreeDoc(doc);
    if (rc == 0) return {};
    return "TEI not valid against scrapedoc-tei.rng: " + (problem.empty() ? std::to_string(rc) : problem);
}

// Front matter: "---", one "key: <JSON value>" line per field, "---", a
// blank line, then exactly the body written without front matter.
std::string front_matter_problem(std::string_view with, std::string_view body) {
    if (with.substr(0, 4) != "---\n") return "front matter does not start with ---";
    const std::size_t end = with.find("\n---\n\n", 3);
    if (end == std::string_view::npos) return "front matter not closed";
    if (with.substr(end + 6) != body) return "body after front matter differs from the body alone";
    std::string_view lines = with.substr(4, end - 4 + 1);
    while (!lines.empty()) {
        const std::size_t nl = lines.find('\n');
        const std::string_view line = lines.substr(0, nl);
        lines.remove_prefix(nl + 1);
        const std::size_t colon = line.find(": ");
        if (colon == std::string_view::npos) return "front matter line without \": \": " + std::string(line);
        if (!nlohmann::json::accept(line.substr(colon + 2)))
            return "front matter value is not JSON: " + std::string(line);
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* name = std::getenv("SCRAPEDOC_FUZZ_READER")) reader_name = name;
    xmlInitParser();
    load_schemas();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    scrapedoc::read_options options;
    options.format = reader_name;
    options.source_name = "fuzz-input";
    scrapedoc::Document doc;
    try {
        doc = scrapedoc::read(std::string_view(reinterpret_cast<const char*>(data), size), options);
    } catch (const scrapedoc::error&) {
        return 0;  // refused, with a message naming the input: allowed
    }
    for (const auto& writer : scrapedoc::writers::all()) {
        const std::string out = writer.write(doc, {});
        std::string problem;
        if (writer.name == "tei") {
            problem = scrapedoc::checks::tei_problem(out);
            if (problem.empty()) problem = tei_schema_problem(out);
        } else if (writer.name == "json") {
            problem = scrapedoc::checks::json_problem(out);
            if (problem.empty()) problem = json_schema_problem(out);
        } else if (writer.name == "md") {
            problem = scrapedoc::checks::markdown_problem(doc, out);
            if (problem.empty()) {
                scrapedoc::write_options front;
                front.front_matter = true;
                problem = front_matter_problem(writer.write(doc, front), out);
            }
        } else {
            problem = scrapedoc::checks::utf8_problem(out);
        }
        if (!problem.empty()) fail(writer.name, problem);
    }
    return 0;
}
