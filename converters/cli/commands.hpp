// Subcommands of the scrapedoc command line. Each registers its options on
// the CLI11 app and returns the function that runs it once parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace scrapedoc::cli {

// Exit codes (docs/user-guide.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_input_failed = 1;   // an input could not be converted (or is invalid)
inline constexpr int exit_usage = 2;          // bad arguments
inline constexpr int exit_output_failed = 3;  // an output could not be written

using Runner = std::function<int()>;

// Adds the subcommand to `app`; the returned runner is valid after parsing
// when the subcommand was given.
Runner add_convert_command(CLI::App& app);
Runner add_validate_command(CLI::App& app);

// Writes one line to standard error (thread safe).
void report(const std::string& line);

}  // namespace scrapedoc::cli
