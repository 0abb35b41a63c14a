// libFuzzer target: one reader on decoded input, exactly as the pipeline
// hands it over (text::decode first: readers get clean UTF-8).
//
// The reader is named by SCRAPEDOC_FUZZ_READER (default "text"), so every
// reader in the registry is fuzzed by this one target, new ones included;
// SCRAPEDOC_FUZZ_LIST=1 prints the registry's reader names and exits
// (tests/fuzz/run uses it). A reader may refuse input with scrapedoc::error;
// any other exception, a crash, a leak or a sanitizer report is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "readers/registry.hpp"
#include "text/decode.hpp"

namespace {
const scrapedoc::readers::Reader* reader = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (std::getenv("SCRAPEDOC_FUZZ_LIST")) {
        for (const auto& r : scrapedoc::readers::all()) std::printf("%.*s\n", static_cast<int>(r.name.size()), r.name.data());
        std::exit(0);
    }
    const char* name = std::getenv("SCRAPEDOC_FUZZ_READER");
    reader = scrapedoc::readers::find(name ? name : "text");
    if (!reader) {
        std::fprintf(stderr, "fuzz_reader: no reader \"%s\" (SCRAPEDOC_FUZZ_READER)\n", name);
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const scrapedoc::text::Decoded decoded = scrapedoc::text::decode(bytes);
    const int score = reader->sniff(decoded.text);
    if (score < 0 || score > 100) {
        std::fprintf(stderr, "fuzz_reader: %.*s sniff() gave %d, outside 0..100\n", static_cast<int>(reader->name.size()),
                     reader->name.data(), score);
        std::abort();
    }
    std::vector<scrapedoc::explain_entry> explain;
    const scrapedoc::readers::ReadContext context{"fuzz-input", &explain};
    try {
        scrapedoc::Document doc = reader->read(decoded.text, context);
        (void)doc;
    } catch (const scrapedoc::error&) {
        // Refused as not this format: the documented way to fail.
    }
    return 0;
}
