// Writes the hand-built writer test documents in every format into the folder
// named by SCRAPEDOC_WRITER_OUTPUTS, for tests/scripts/writers_validate.sh to
// validate against the schemas. Skipped in a plain unit test run; the script
// runs it with --no-skip.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "scrapedoc.hpp"
#include "writer_fixtures.hpp"

using namespace scrapedoc;

TEST_CASE("writers: write sample outputs" * doctest::skip()) {
    const char* dir_env = std::getenv("SCRAPEDOC_WRITER_OUTPUTS");
    REQUIRE_MESSAGE(dir_env != nullptr, "set SCRAPEDOC_WRITER_OUTPUTS to the folder to write into");
    const std::filesystem::path dir(dir_env);
    std::filesystem::create_directories(dir);

    const std::vector<std::pair<std::string, Document>> documents = {
        {"arabic-news", test::arabic_news()},
        {"nested-english", test::nested_english()},
        {"markdown-lookalike", test::markdown_lookalike()},
        {"archived-page", test::archived_page()},
        {"forum-without-language", test::forum_without_language()},
        {"forum-thread", test::forum_thread()},
        {"empty", test::empty_document()},
        {"sparse", test::sparse_document()},
    };
    for (const auto& [name, doc] : documents) {
        for (const std::string format : {"json", "tei", "md"}) {
            const std::filesystem::path path = dir / (name + extension_for_writer(format));
            std::ofstream out(path, std::ios::binary);
            out << write(doc, format);
            out.close();
            CHECK_MESSAGE(out.good(), "cannot write ", path.string());
        }
        write_options options;
        options.front_matter = true;
        std::ofstream(dir / (name + ".front-matter.md"), std::ios::binary) << write(doc, "md", options);
    }
}
