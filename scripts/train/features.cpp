// scrapedoc-features: what each learned decision sees on each page, for the
// trainer (scripts/train/). Reads every input as `scrapedoc convert` would
// and prints one JSON line per input:
//   {"file": ..., "tables": [{"model": ..., "names": [...],
//     "rows": [{"line": N, "text": ..., "values": [...]}, ...]}, ...]}
// A value that is NaN (missing) is written as null.
//   scrapedoc-features [--from FORMAT] [--models DIR] FILE...
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scrapedoc.hpp"

int main(int argc, char** argv) {
    scrapedoc::read_options options;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--from" && i + 1 < argc) {
            options.format = argv[++i];
        } else if (arg == "--models" && i + 1 < argc) {
            options.models = argv[++i];
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "usage: scrapedoc-features [--from FORMAT] [--models DIR] FILE...\n");
            return 2;
        } else {
            files.push_back(arg);
        }
    }
    int status = 0;
    for (const auto& file : files) {
        std::vector<scrapedoc::feature_table> tables;
        options.features = &tables;
        try {
            scrapedoc::read_file(file, options);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "scrapedoc-features: %s\n", e.what());
            status = 1;
            continue;
        }
        nlohmann::json out = {{"file", file}, {"tables", nlohmann::json::array()}};
        for (const auto& table : tables) {
            nlohmann::json t = {{"model", table.model}, {"names", table.names}, {"rows", nlohmann::json::array()}};
            const std::size_t columns = table.names.size();
            for (std::size_t r = 0; r < table.texts.size(); ++r) {
                nlohmann::json values = nlohmann::json::array();
                for (std::size_t c = 0; c < columns; ++c) {
                    const float v = table.values[r * columns + c];
                    values.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
                }
                t["rows"].push_back({{"line", table.lines[r]}, {"text", table.texts[r]}, {"values", values}});
            }
            out["tables"].push_back(std::move(t));
        }
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    return status;
}
