// libFuzzer target: a WARC (any bytes) through scrapedoc::warc_reader, read
// twice: from memory (reading may go back by seeking) and from a function
// handing it over in small pieces of changing sizes, as a pipe does (going
// back only within the bytes kept). Whatever the input:
//   - both reads give the same entries: offsets, URLs, documents, problems;
//   - every problem names the input, and every entry is counted in the
//     summary (converted + failed);
//   - every document's JSON Lines output is one line of JSON valid against
//     schema/scrapedoc.schema.json (valijson), with meta.source.format "html".
// A failed check prints what is wrong and aborts, so libFuzzer keeps the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "output_checks.hpp"
#include "scrapedoc.hpp"
#include "validate/validate.hpp"

namespace {

std::unique_ptr<scrapedoc::validate::json_schema> json_schema;

[[noreturn]] void fail(const std::string& problem) {
    std::fprintf(stderr, "fuzz_warc: %s\n", problem.c_str());
    std::abort();
}

// What a read gave, entry by entry, as text to compare.
std::vector<std::string> read_all(scrapedoc::warc_reader& reader) {
    std::vector<std::string> out;
    std::size_t entries = 0;
    while (auto e = reader.next()) {
        ++entries;
        std::string line = std::to_string(e->offset) + " " + e->url + " ";
        if (e->document) {
            if (e->problem) fail("an entry with both a document and a problem");
            const std::string jsonl = scrapedoc::write(*e->document, "jsonl");
            if (jsonl.empty() || jsonl.back() != '\n' || std::count(jsonl.begin(), jsonl.end(), '\n') != 1)
                fail("a JSON Lines document is not one line");
            std::string problem = scrapedoc::checks::json_problem(jsonl);
            if (problem.empty()) {
                const auto r = json_schema->check(jsonl, "line");
                if (!r.valid) problem = "not valid against the schema: " + r.problems.front().message;
            }
            if (!problem.empty()) fail(problem);
            if (e->document->meta.source.format != "html") fail("a page not read as HTML");
            line += jsonl;
        } else if (e->problem) {
            const std::string what = e->problem->what();
            if (what.rfind("fuzz-input: ", 0) != 0) fail("a problem that does not name the input: " + what);
            line += what;
        } else {
            fail("an entry with neither a document nor a problem");
        }
        out.push_back(std::move(line));
        if (entries > 100000) fail("more entries than a 64 KB input can hold");
    }
    const scrapedoc::warc_summary& s = reader.summary();
    if (s.converted + s.failed != entries)
        fail(std::to_string(entries) + " entries but " + std::to_string(s.converted) + " converted and " +
             std::to_string(s.failed) + " failed");
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    try {
        json_schema = std::make_unique<scrapedoc::validate::json_schema>(SCRAPEDOC_SOURCE_DIR "/schema/" +
                                                                         std::string(scrapedoc::validate::json_schema_file));
    } catch (const scrapedoc::error& e) {
        std::fprintf(stderr, "fuzz_warc: %s\n", e.what());
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    scrapedoc::read_options options;
    options.source_name = "fuzz-input";
    options.max_input = 1 << 20;
    scrapedoc::warc_reader from_memory = scrapedoc::warc_reader::from_bytes(bytes, options);
    const std::vector<std::string> a = read_all(from_memory);
    // Pieces of 1 to 13 bytes, then 4 KB: reads that end anywhere.
    std::size_t at = 0, turn = 0;
    scrapedoc::warc_reader piecewise = scrapedoc::warc_reader::from_function(
        [&](char* buf, std::size_t n) {
            const std::size_t piece = ++turn % 16 == 0 ? 4096 : turn % 13 + 1;
            n = std::min({n, piece, size - at});
            std::memcpy(buf, bytes.data() + at, n);
            at += n;
            return n;
        },
        options);
    const std::vector<std::string> b = read_all(piecewise);
    if (a != b) {
        std::size_t i = 0;
        while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
        fail("memory and piecewise reads differ at entry " + std::to_string(i) + ": " +
             (i < a.size() ? a[i].substr(0, 200) : "(none)") + " | " + (i < b.size() ? b[i].substr(0, 200) : "(none)"));
    }
    return 0;
}
