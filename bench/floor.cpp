// The least a text -> JSON conversion costs in scrapedoc's design, for
// bench/run to set beside the real one on the same input: the file read and
// hashed as read_file does, decoded (text::decode_owned: ICU checks, NFC),
// one model entry per line (a Paragraph, the cheapest block), and the JSON
// writer into a file. No segmentation: no line is measured, looked up or
// classified, and nothing is dropped. Whatever the segmenter costs comes on
// top of this, so its speed bounds what the whole conversion can reach.
//
//   scrapedoc-floor INPUT OUTPUT.json
//   scrapedoc-floor -d OUTDIR INPUT...     (OUTDIR/NAME.json for each)
//
// Prints the CPU time of each step (user + system, from getrusage) on stderr.
#include <openssl/evp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "scrapedoc.hpp"
#include "text/decode.hpp"

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

// One input converted as above; adds each step's CPU time to `steps`.
void convert(const std::filesystem::path& input, const std::filesystem::path& output, double steps[5]) {
    double t = cpu_seconds();
    auto lap = [&](double& step) {
        const double now = cpu_seconds();
        step += now - t;
        t = now;
    };
    std::ifstream in(input, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error(input.string() + ": cannot open");
    std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    lap(steps[0]);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &digest_size, EVP_sha256(), nullptr);
    lap(steps[1]);
    scrapedoc::text::Decoded decoded = scrapedoc::text::decode_owned(std::move(bytes));
    lap(steps[2]);
    scrapedoc::Document doc;
    doc.meta.language = "und";
    doc.meta.source = {input.string(), "text", std::string(2 * digest_size, '0')};
    const std::string_view text = decoded.text;
    doc.blocks.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        if (end > pos) doc.blocks.emplace_back(scrapedoc::Paragraph{std::string(text.substr(pos, end - pos))});
        pos = end + 1;
    }
    lap(steps[3]);
    scrapedoc::write_file(doc, output, "json");
    lap(steps[4]);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: scrapedoc-floor INPUT OUTPUT.json\n       scrapedoc-floor -d OUTDIR INPUT...\n");
        return 2;
    }
    double steps[5] = {};
    try {
        if (std::string_view(argv[1]) == "-d") {
            // Output names as `scrapedoc convert -o DIR` gives them.
            const std::filesystem::path dir = argv[2];
            std::filesystem::create_directories(dir);
            for (int i = 3; i < argc; ++i) {
                const std::filesystem::path input = argv[i];
                convert(input, dir / input.filename().replace_extension(".json"), steps);
            }
        } else {
            convert(argv[1], argv[2], steps);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scrapedoc-floor: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "read %.3f sha256 %.3f decode %.3f model %.3f json %.3f s\n", steps[0], steps[1], steps[2],
                 steps[3], steps[4]);
    return 0;
}
