// Shared by the reader and round-trip tests: the readers called directly
// (reader level: no decoding, no passes, meta.source kept as the file says),
// the documents to round-trip, and a readable first difference.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <zlib.h>

#include "readers/registry.hpp"
#include "scrapedoc.hpp"
#include "writers/registry.hpp"

namespace scrapedoc::test {

inline Document read_with(std::string_view reader, std::string_view text, std::string_view name = "roundtrip") {
    const readers::Reader* r = readers::find(reader);
    if (!r) throw std::runtime_error("no reader " + std::string(reader));
    return r->read(text, readers::ReadContext{name, nullptr});
}

inline Document read_json(std::string_view text) { return read_with("json", text); }
inline Document read_tei(std::string_view text) { return read_with("tei", text); }
inline Document read_md(std::string_view text) { return read_with("markdown", text); }

inline std::string write_json(const Document& d) { return writers::write_json(d, {}); }
inline std::string write_tei(const Document& d) { return writers::write_tei(d, {}); }
inline std::string write_md(const Document& d, bool front_matter = false) {
    write_options o;
    o.front_matter = front_matter;
    return writers::write_markdown(d, o);
}

// The first line where two texts differ, with its neighbours, for messages.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    std::size_t line = 0;
    std::vector<std::string> context;
    while (true) {
        const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
        ++line;
        if (!ga && !gb) return "no difference";
        if (!ga || !gb || la != lb) {
            std::string out = "first difference at line " + std::to_string(line) + ":\n";
            for (const auto& c : context) out += "    " + c + "\n";
            out += "  - " + (ga ? la : "<end>") + "\n  + " + (gb ? lb : "<end>") + "\n";
            return out;
        }
        context.push_back(la);
        if (context.size() > 3) context.erase(context.begin());
    }
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A gzip-compressed file's bytes (the wcxb-dev pages are stored so).
inline std::string gunzip(const std::filesystem::path& p) {
    gzFile file = gzopen(p.c_str(), "rb");
    if (!file) throw std::runtime_error("cannot open " + p.string());
    std::string out;
    char buffer[1 << 16];
    int n;
    while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    const bool failed = n < 0;
    gzclose(file);
    if (failed) throw std::runtime_error("cannot decompress " + p.string());
    return out;
}

// Every sample page and, when ../shared is beside the source tree, every
// dev-corpus page.txt and page.html, the seed page and every wcxb-dev
// page.html (gunzipped; named page.html), read through the full pipeline
// once for all the tests that use them. `corpus_found` says whether the
// corpus was there.
inline const std::vector<std::pair<std::string, Document>>& pipeline_documents(bool& corpus_found) {
    namespace fs = std::filesystem;
    const fs::path source(SCRAPEDOC_SOURCE_DIR);
    const fs::path shared = source / ".." / "shared";
    static const bool found = fs::is_directory(shared / "corpus" / "dev");
    static const std::vector<std::pair<std::string, Document>> documents = [&] {
        std::vector<fs::path> inputs, compressed;
        for (const auto& e : fs::directory_iterator(source / "samples"))
            if (e.path().extension() == ".txt") inputs.push_back(e.path());
        if (found) {
            for (const auto& e : fs::directory_iterator(shared / "corpus" / "dev"))
                for (const char* page : {"page.txt", "page.html"})
                    if (fs::is_regular_file(e.path() / page)) inputs.push_back(e.path() / page);
            if (fs::is_directory(shared / "seed"))
                for (const auto& e : fs::directory_iterator(shared / "seed"))
                    if (e.path().extension() == ".txt") inputs.push_back(e.path());
            if (fs::is_directory(shared / "corpus" / "wcxb-dev"))
                for (const auto& e : fs::directory_iterator(shared / "corpus" / "wcxb-dev"))
                    if (fs::is_regular_file(e.path() / "page.html.gz")) compressed.push_back(e.path() / "page.html.gz");
        }
        std::sort(inputs.begin(), inputs.end());
        std::sort(compressed.begin(), compressed.end());
        std::vector<std::pair<std::string, Document>> out;
        for (const auto& p : inputs) out.emplace_back(p.lexically_relative(source).string(), read_file(p));
        for (const auto& p : compressed) {
            read_options options;
            options.source_name = p.parent_path().filename().string() + "/page.html";
            out.emplace_back((p.parent_path() / "page.html").lexically_relative(source).string(),
                             read(gunzip(p), options));
        }
        return out;
    }();
    corpus_found = found;
    return documents;
}

}  // namespace scrapedoc::test
