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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "output_checks.hpp"
#include "scrapedoc.hpp"
#include "validate/validate.hpp"
#include "writers/registry.hpp"

namespace {

std::string reader_name = "auto";
// The schemas in schema/, through the library's validators (libxml2's RELAX
// NG, valijson), loaded once.
std::unique_ptr<scrapedoc::validate::relaxng_schema> tei_schema;
std::unique_ptr<scrapedoc::validate::json_schema> json_schema;

[[noreturn]] void fail(std::string_view writer, const std::string& problem) {
    std::fprintf(stderr, "fuzz_pipeline: %.*s output: %s\n", static_cast<int>(writer.size()), writer.data(),
                 problem.c_str());
    std::abort();
}

void load_schemas() {
    const std::string dir = SCRAPEDOC_SOURCE_DIR "/schema/";
    try {
        tei_schema = std::make_unique<scrapedoc::validate::relaxng_schema>(dir + scrapedoc::validate::tei_schema_file);
        json_schema = std::make_unique<scrapedoc::validate::json_schema>(dir + scrapedoc::validate::json_schema_file);
    } catch (const scrapedoc::error& e) {
        std::fprintf(stderr, "fuzz_pipeline: %s\n", e.what());
        std::exit(2);
    }
}

// Empty when valid, else every problem the validator reports.
std::string schema_problem(const scrapedoc::validate::result& r) {
    if (r.valid) return {};
    std::string problem = "not valid against " + r.schema.filename().string() + ":";
    for (const auto& p : r.problems) {
        problem += "\n  ";
        if (p.line) problem += "line " + std::to_string(p.line) + ": ";
        problem += p.message;
    }
    return problem;
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
            if (problem.empty()) problem = schema_problem(tei_schema->check(out, "output.tei.xml"));
        } else if (writer.name == "json") {
            problem = scrapedoc::checks::json_problem(out);
            if (problem.empty()) problem = schema_problem(json_schema->check(out, "output.json"));
        } else if (writer.name == "jsonl") {
            // One line: the JSON document, compact.
            problem = out.empty() || out.back() != '\n' || out.find('\n') != out.size() - 1
                          ? "not one line ended by a line feed"
                          : scrapedoc::checks::json_problem(out);
            if (problem.empty()) problem = schema_problem(json_schema->check(out, "output.jsonl"));
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
