// The scrapedoc command line: argument parsing (CLI11) and dispatch to the
// subcommands in converters/cli/. No extraction logic lives here.
#include <cstdio>
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
