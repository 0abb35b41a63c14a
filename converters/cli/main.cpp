// The scrapedoc command line: argument parsing (CLI11) and dispatch to the
// subcommands in converters/cli/. No extraction logic lives here. The only
// file that includes CLI11 (header-only: each including file compiles it).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "cli/commands.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::cli {

void report(const std::string& line) {
    static std::mutex m;
    std::lock_guard lock(m);
    std::fputs((line + "\n").c_str(), stderr);
}

namespace {

// Adds a subcommand's options to `app`; the returned function runs it once
// the command line is parsed.
using Runner = std::function<int()>;

Runner add_convert_command(CLI::App& app) {
    auto args = std::make_shared<ConvertArgs>();
    auto max_input = std::make_shared<std::string>(std::to_string(scrapedoc::default_max_input >> 20) + "M");
    auto* cmd = app.add_subcommand("convert", "Convert pages to a document format");
    cmd->add_option("inputs", args->inputs, "Input files; - reads standard input")->required();
    std::vector<std::string> readers = scrapedoc::reader_names();
    readers.insert(readers.begin(), "auto");
    readers.push_back("md");
    // A web archive is not one page but many: read by scrapedoc::warc_reader.
    readers.push_back("warc");
    cmd->add_option("--from,-f", args->from, "Input format (warc: a web archive, .warc or .warc.gz)")->check(CLI::IsMember(readers))->capture_default_str();
    std::vector<std::string> writers = scrapedoc::writer_names();
    writers.push_back("markdown");
    writers.push_back("xml");
    cmd->add_option("--to,-t", args->to, "Output format; default from the -o extension, else json")
        ->check(CLI::IsMember(writers));
    cmd->add_option("--output,-o", args->output,
                    "Output file (- for standard output), or a directory when there are several inputs");
    cmd->add_flag("--explain", args->explain,
                  "Print every input line with the class given to it and why (to standard error)");
    cmd->add_flag("--front-matter", args->front_matter, "Markdown: add YAML front matter with the meta fields");
    cmd->add_option("--max-input", *max_input, "Largest input accepted, e.g. 256M")->capture_default_str();
    cmd->add_option("--jobs,-j", args->jobs, "Files converted at once")->check(CLI::Range(1u, 256u))->capture_default_str();
    cmd->add_flag("--quiet,-q", args->quiet, "Do not print warnings and the batch summary");
    cmd->add_option("--models", args->models,
                    "Folder of learned models (<name>.json) to use instead of the built-in ones (make train's folds)")
        ->check(CLI::ExistingDirectory);
    return [cmd, args, max_input]() -> int {
        if (!*cmd) return exit_usage;
        try {
            args->max_input = parse_size(*max_input);
        } catch (const std::exception&) {
            report("scrapedoc: --max-input: not a size: " + *max_input);
            return exit_usage;
        }
        return run_convert(*args);
    };
}

Runner add_validate_command(CLI::App& app) {
    auto args = std::make_shared<ValidateArgs>();
    auto* cmd = app.add_subcommand("validate", "Check TEI and JSON files against scrapedoc's schemas");
    cmd->add_option("files", args->files, "TEI (.xml, .tei.xml), JSON (.json) and JSON Lines (.jsonl) files")->required();
    cmd->add_option("--tei-all", args->tei_all, "Also check TEI files against this full TEI schema (tei_all.rng)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--schema-dir", args->schema_dir,
                    "Folder with scrapedoc-tei.rng and scrapedoc.schema.json (default: the installed ones)")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--format", args->format, "Report as text (file:line: message) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_flag("--quiet,-q", args->quiet, "Do not print the summary line");
    return [cmd, args]() -> int {
        if (!*cmd) return exit_usage;
        return run_validate(*args);
    };
}

}  // namespace

}  // namespace scrapedoc::cli

int main(int argc, char** argv) {
    using namespace scrapedoc::cli;
    CLI::App app{"scrapedoc: turns scraped web pages (plain text or HTML) into clean documents "
                 "written as JSON, TEI-XML or Markdown."};
    app.set_version_flag("--version", std::string("scrapedoc ") + scrapedoc::version());
    app.require_subcommand(1);
    // One line per subcommand.
    std::vector<std::pair<CLI::App*, Runner>> commands;
    auto add = [&](Runner r) { commands.emplace_back(app.get_subcommands({}).back(), std::move(r)); };
    add(add_convert_command(app));
    add(add_validate_command(app));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_usage;
    }
    for (auto& [cmd, run] : commands)
        if (*cmd) return run();
    return exit_usage;
}
