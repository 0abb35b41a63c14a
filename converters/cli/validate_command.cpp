// `scrapedoc validate FILE...`: TEI against schema/scrapedoc-tei.rng (and,
// with --tei-all, against the full TEI schema), JSON against
// schema/scrapedoc.schema.json. Problems print as `file:line: message`;
// --format json prints one report for pipelines.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "scrapedoc.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;

namespace scrapedoc::cli {

namespace {

// One file's checks: the schema(s) for its kind, or why it has none.
struct FileReport {
    std::string file;
    std::string kind;  // tei | json | "" when neither
    std::vector<validate::result> checks;
    std::optional<std::string> unusable;  // cannot be validated at all

    bool valid() const {
        if (unusable) return false;
        for (const auto& c : checks)
            if (!c.valid) return false;
        return true;
    }
};

std::string head_of(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(512, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

std::string location(const std::string& file, std::size_t line) {
    return line ? file + ":" + std::to_string(line) : file;
}

nlohmann::ordered_json report_json(const std::vector<FileReport>& reports) {
    using json = nlohmann::ordered_json;
    json files = json::array();
    std::size_t valid = 0;
    for (const auto& r : reports) {
        json checks = json::array();
        for (const auto& c : r.checks) {
            json errors = json::array();
            for (const auto& p : c.problems) {
                json e = {{"line", p.line}, {"message", p.message}};
                if (r.kind != "tei") e["pointer"] = p.pointer;
                errors.push_back(std::move(e));
            }
            checks.push_back({{"schema", c.schema.string()}, {"valid", c.valid}, {"errors", std::move(errors)}});
        }
        json f = {{"file", r.file}, {"format", r.kind.empty() ? json(nullptr) : json(r.kind)}, {"valid", r.valid()},
                  {"checks", std::move(checks)}};
        if (r.unusable) f["error"] = *r.unusable;
        files.push_back(std::move(f));
        if (r.valid()) ++valid;
    }
    return {{"valid", valid == reports.size()},
            {"summary", {{"files", reports.size()}, {"valid", valid}, {"invalid", reports.size() - valid}}},
            {"files", std::move(files)}};
}

}  // namespace

int run_validate(const ValidateArgs& args) {
    const fs::path dir = validate::schema_dir(args.schema_dir);
    // Schemas are loaded once, and only those the files need.
    std::unique_ptr<validate::relaxng_schema> tei, tei_all;
    std::unique_ptr<validate::json_schema> json_schema;
    std::vector<FileReport> reports;
    for (const auto& file : args.files) {
        FileReport r{file, {}, {}, {}};
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            r.unusable = fs::exists(file, ec) ? "not a regular file" : "no such file";
            reports.push_back(std::move(r));
            continue;
        }
        r.kind = validate::kind_of(file, head_of(file));
        try {
            if (r.kind == "tei") {
                if (!tei) tei = std::make_unique<validate::relaxng_schema>(dir / validate::tei_schema_file);
                r.checks.push_back(tei->check_file(file));
                if (!args.tei_all.empty()) {
                    if (!tei_all) tei_all = std::make_unique<validate::relaxng_schema>(args.tei_all);
                    r.checks.push_back(tei_all->check_file(file));
                }
            } else if (r.kind == "json" || r.kind == "jsonl") {
                if (!json_schema) json_schema = std::make_unique<validate::json_schema>(dir / validate::json_schema_file);
                r.checks.push_back(r.kind == "json" ? json_schema->check_file(file) : json_schema->check_lines_file(file));
            } else {
                r.unusable = "neither TEI (XML) nor JSON (.json, .jsonl): there is no schema to check it against";
            }
        } catch (const scrapedoc::error& e) {
            // A schema that cannot be loaded: nothing can be checked.
            report(std::string("scrapedoc: validate: ") + e.what() + (args.schema_dir.empty() ? " (--schema-dir)" : ""));
            return exit_usage;
        }
        reports.push_back(std::move(r));
    }

    std::size_t invalid = 0;
    const bool several_schemas = !args.tei_all.empty();
    for (const auto& r : reports) {
        if (!r.valid()) ++invalid;
        if (args.format == "json") continue;
        if (r.unusable) report(r.file + ": " + *r.unusable);
        for (const auto& c : r.checks)
            for (const auto& p : c.problems) {
                std::string line = location(r.file, p.line) + ": " + p.message;
                if (several_schemas) line += " [" + c.schema.filename().string() + "]";
                std::puts(line.c_str());
            }
    }
    if (args.format == "json") {
        std::puts(report_json(reports).dump(1).c_str());
    } else if (!args.quiet) {
        report("scrapedoc: validate: " + std::to_string(reports.size() - invalid) + " of " +
               std::to_string(reports.size()) + " file(s) valid" +
               (invalid ? ", " + std::to_string(invalid) + " invalid" : ""));
    }
    std::fflush(stdout);
    return invalid ? exit_input_failed : exit_ok;
}

}  // namespace scrapedoc::cli
