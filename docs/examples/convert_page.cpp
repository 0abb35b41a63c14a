// A page in, a document out, through the library alone: reads a scraped
// page (text or HTML), prints its headline and authors, and writes it as TEI.
//   convert_page PAGE OUT.tei.xml
#include <scrapedoc.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: convert_page PAGE OUT.tei.xml\n");
        return 2;
    }
    try {
        scrapedoc::Document doc = scrapedoc::read_file(argv[1]);
        std::printf("title: %s\n", doc.meta.title ? doc.meta.title->c_str() : "(none)");
        for (const auto& author : doc.meta.authors) std::printf("author: %s\n", author.c_str());
        std::printf("language: %s, %s\n", doc.meta.language.value_or("?").c_str(), scrapedoc::to_string(doc.meta.direction));
        std::printf("blocks: %zu, dropped lines: %zu\n", doc.blocks.size(), doc.dropped.size());
        scrapedoc::write_file(doc, argv[2], "tei");
    } catch (const scrapedoc::error& e) {
        std::fprintf(stderr, "convert_page: %s\n", e.what());
        return 1;
    }
    return 0;
}
