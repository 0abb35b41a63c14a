// Subcommands of the scrapedoc command line: their arguments and the
// functions that run them. The options are declared with CLI11 in main.cpp
// alone (CLI11 is header-only, and each file including it compiled it again).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "scrapedoc.hpp"

namespace scrapedoc::cli {

// Exit codes (docs/user-guide.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_input_failed = 1;   // an input could not be converted (or is invalid)
inline constexpr int exit_usage = 2;          // bad arguments
inline constexpr int exit_output_failed = 3;  // an output could not be written

// `scrapedoc convert`'s arguments, as parsed (converters/cli/main.cpp).
struct ConvertArgs {
    std::vector<std::string> inputs;
    std::string from = "auto";
    std::string to;
    std::string output;
    bool explain = false;
    bool front_matter = false;
    bool quiet = false;
    std::size_t max_input = scrapedoc::default_max_input;
    unsigned jobs = 1;
    std::string models;  // folder of learned models to use instead of the compiled-in ones
};

// `scrapedoc validate`'s arguments.
struct ValidateArgs {
    std::vector<std::string> files;
    std::string tei_all;
    std::string schema_dir;
    std::string format = "text";
    bool quiet = false;
};

// Run a subcommand; the return value is the exit code.
int run_convert(const ConvertArgs& args);
int run_validate(const ValidateArgs& args);

// "256M", "64K", "1G", "1000": bytes. Throws std::invalid_argument or
// std::out_of_range on anything else.
std::size_t parse_size(const std::string& s);

// Writes one line to standard error (thread safe).
void report(const std::string& line);

}  // namespace scrapedoc::cli
