// The public API: the pipeline bytes -> decode -> reader -> passes -> writer.
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <utility>
#include <variant>
#include <vector>

#include "passes/passes.hpp"
#include "readers/registry.hpp"
#include "scrapedoc.hpp"
#include "text/clean.hpp"
#include "text/decode.hpp"
#include "text/unicode.hpp"
#include "writers/registry.hpp"

namespace scrapedoc {

namespace {

std::string describe(const std::string& file, const std::string& message, std::size_t line) {
    // Appended piece by piece: gcc 12 warns (-Wrestrict, a false positive)
    // on ":" + std::to_string(line).
    std::string s = file;
    if (line) {
        s += ':';
        s += std::to_string(line);
    }
    s += ": ";
    s += message;
    return s;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr))
        throw std::runtime_error("sha256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

// Unicode white space counts: a page of no-break or ideographic spaces has
// no text either.
bool only_white_space(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (!text::is_space(text::next_code_point(s, i))) return false;
    return true;
}

std::string human_size(std::size_t n) {
    if (n >= (std::size_t{1} << 20) && n % (std::size_t{1} << 20) == 0) return std::to_string(n >> 20) + " MiB";
    return std::to_string(n) + " bytes";
}

}  // namespace

const char* version() { return SCRAPEDOC_VERSION; }

error::error(std::string file, std::string message, std::size_t line)
    : std::runtime_error(describe(file, message, line)),
      file_(std::move(file)),
      message_(std::move(message)),
      line_(line) {}

namespace {

// Sections nest through Section::blocks, and the passes, the writers and the
// model's own destructor walk them recursively, while TEI and JSON indent by
// depth (output quadratic in it). Levels stop at 6, so no page needs more
// than a few; input nesting sections deeper than this is refused.
constexpr std::size_t max_section_depth = 100;

std::size_t section_depth(const std::vector<Block>& blocks) {
    std::size_t deepest = 0;
    std::vector<std::pair<const std::vector<Block>*, std::size_t>> todo{{&blocks, 0}};
    while (!todo.empty()) {
        auto [level, depth] = todo.back();
        todo.pop_back();
        deepest = std::max(deepest, depth);
        for (const auto& b : *level)
            if (const auto* s = std::get_if<Section>(&b)) todo.push_back({&s->blocks, depth + 1});
    }
    return deepest;
}

// Empties nested sections level by level, so that destroying a deep tree
// does not recurse as deep as it nests.
void dismantle(std::vector<Block>& blocks) {
    std::vector<std::vector<Block>> pending;
    pending.push_back(std::move(blocks));
    while (!pending.empty()) {
        std::vector<Block> level = std::move(pending.back());
        pending.pop_back();
        for (auto& b : level)
            if (auto* s = std::get_if<Section>(&b)) pending.push_back(std::move(s->blocks));
    }
}

// The umask can only be read by setting it; done once, not around every file
// a batch writes, where two threads could interleave and leave it at 0.
mode_t process_umask() {
    static const mode_t mask = [] {
        const mode_t m = ::umask(0);
        ::umask(m);
        return m;
    }();
    return mask;
}

// The checks made before decoding; the reader asked for, or null to detect one.
const readers::Reader* check_input(std::string_view bytes, const read_options& options) {
    const std::string& name = options.source_name;
    if (bytes.size() > options.max_input)
        throw error(name, "input is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                              human_size(options.max_input) + " (--max-input)");
    if (bytes.empty()) throw error(name, "input is empty");
    const readers::Reader* reader = nullptr;
    if (options.format != "auto") {
        reader = readers::find(options.format);
        if (!reader) throw error(name, "unknown input format \"" + options.format + "\"");
    }
    return reader;
}

Document read_decoded(text::Decoded decoded, std::string sha256, const readers::Reader* reader,
                      const read_options& options) {
    const std::string& name = options.source_name;
    if (only_white_space(decoded.text)) throw error(name, "input has no text (only white space or control characters)");
    if (!reader) reader = &readers::detect(decoded.text);
    bool duplicates_dropped = false, texts_collapsed = false;
    // decoded.text is freed unread after the reader, which may give back
    // its memory sooner.
    readers::ReadContext context;
    context.source_name = name;
    context.explain = options.explain;
    context.duplicates_dropped = &duplicates_dropped;
    context.texts_collapsed = &texts_collapsed;
    context.input_discarded = true;
    if (decoded.spaced_lines) context.spaced_lines = &*decoded.spaced_lines;
    context.models = options.models;
    context.features = options.features;
    Document doc = reader->read(decoded.text, context);
    // Whatever the reader: references and escapes in the page (an HTML
    // "&#1;" say) must not bring back what decode() took out. The text
    // reader has neither: its strings are pieces of the decoded text, so
    // the largest inputs are spared a pass over every string.
    if (reader->name != "text") text::clean_read_document(doc);
    // Dates, language tags and drop reasons of the shapes our schemas give.
    text::fit_field_shapes(doc);
    if (section_depth(doc.blocks) > max_section_depth) {
        dismantle(doc.blocks);
        throw error(name, "sections nested more than " + std::to_string(max_section_depth) + " deep");
    }
    // The document holds its own copies: the text goes before the passes run.
    std::string().swap(decoded.text);
    doc.warnings.insert(doc.warnings.begin(), decoded.warnings.begin(), decoded.warnings.end());
    doc.meta.source = Source{};
    doc.meta.source.name = name;
    doc.meta.source.format = reader->source_format;
    doc.meta.source.sha256 = std::move(sha256);
    passes::run_all(doc, duplicates_dropped, texts_collapsed);
    return doc;
}

}  // namespace

Document read(std::string_view bytes, const read_options& options) {
    const readers::Reader* reader = check_input(bytes, options);
    return read_decoded(text::decode(bytes, options.charset), sha256_hex(bytes), reader, options);
}

Document read_owned(std::string bytes, const read_options& options) {
    const readers::Reader* reader = check_input(bytes, options);
    std::string sha256 = sha256_hex(bytes);
    return read_decoded(text::decode_owned(std::move(bytes), options.charset), std::move(sha256), reader, options);
}

Document read_file(const std::filesystem::path& path, read_options options) {
    if (options.source_name == "-") options.source_name = path.string();
    const std::string& name = options.source_name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error(name, std::string("cannot open: ") + std::strerror(errno));
    // One stat for the kind of file and its size (a batch reads thousands).
    struct stat st {};
    const bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const auto size = regular ? static_cast<std::uintmax_t>(st.st_size) : 0;
    if (regular && size > options.max_input)
        throw error(name, "input is " + std::to_string(size) + " bytes, over the limit of " +
                              human_size(options.max_input) + " (--max-input)");
    std::string bytes;
    if (regular) {
        bytes.resize(size);
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        bytes.resize(static_cast<std::size_t>(in.gcount()));
    } else {
        // Pipes and devices: read in pieces, stopping past the limit.
        char buf[1 << 16];
        while (in.read(buf, sizeof buf) || in.gcount() > 0) {
            bytes.append(buf, static_cast<std::size_t>(in.gcount()));
            // Stopped early, so the size is unknown: do not print one.
            if (bytes.size() > options.max_input)
                throw error(name, "input is over the limit of " + human_size(options.max_input) + " (--max-input)");
        }
    }
    if (in.bad()) throw error(name, std::string("read error: ") + std::strerror(errno));
    // The bytes are hashed, then handed to decode, which keeps them as the
    // text when they need no change: one copy of the input in memory.
    const readers::Reader* reader = check_input(bytes, options);
    std::string sha256 = sha256_hex(bytes);
    return read_decoded(text::decode_owned(std::move(bytes), options.charset), std::move(sha256), reader, options);
}

std::string write(const Document& doc, std::string_view format, const write_options& options) {
    const writers::Writer* w = writers::find(format);
    if (!w) throw error("-", "unknown output format \"" + std::string(format) + "\"");
    return w->write(doc, options);
}

namespace {

// A file being written for `path`: an unnamed file in its directory
// (O_TMPFILE) that gets its name only once it is complete, so a process killed
// mid-write leaves nothing behind (when it replaces an existing file, it is
// linked under a hidden temporary name for the moment of the rename); where
// the kernel, the file system or a missing /proc does not allow that, a
// hidden temporary file beside `path` that is renamed into place.
class PendingFile {
public:
    explicit PendingFile(const std::filesystem::path& path) : path_(path) {
        // An unnamed file is named by linkat (link_as), through
        // /proc/self/fd where the kernel does not link a descriptor itself.
        static const bool proc = ::access("/proc/self/fd", X_OK) == 0;
        if (proc) fd_ = ::open(directory().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);  // the umask applies
        if (fd_ < 0) {
            tmp_ = temp_template();
            fd_ = ::mkstemp(tmp_.data());
            if (fd_ < 0) throw error(path.string(), std::string("cannot create a file here: ") + std::strerror(errno));
            // Files made by mkstemp are 0600; output is an ordinary file.
            ::fchmod(fd_, 0666 & ~process_umask());
        }
    }
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;
    ~PendingFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!tmp_.empty()) ::unlink(tmp_.c_str());
    }

    void put(std::string_view bytes) {
        const char* p = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            ssize_t n = ::write(fd_, p, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(errno);
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    // Gives the complete file its name, replacing what was there.
    void publish() {
        if (tmp_.empty() && !link_as(path_.string())) {
            // The name is taken (an earlier output): link under a temporary
            // name and rename that over it.
            if (errno != EEXIST) fail(errno);
            for (int attempt = 0; tmp_.empty(); ++attempt) {
                std::string name = temp_template();
                int probe = ::mkstemp(name.data());  // a free name, freed again for the link
                if (probe < 0) fail(errno);
                ::close(probe);
                ::unlink(name.c_str());
                if (link_as(name)) tmp_ = name;
                else if (errno != EEXIST || attempt == 100) fail(errno);
            }
        }
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail(errno, true);
        if (!tmp_.empty()) {
            if (std::rename(tmp_.c_str(), path_.c_str()) != 0) fail(errno);
            tmp_.clear();
        }
    }

private:
    std::filesystem::path directory() const {
        std::filesystem::path dir = path_.parent_path();
        return dir.empty() ? "." : dir;
    }

    // A hidden name beside the output for mkstemp: DIR/.NAME.tmp-XXXXXX.
    std::string temp_template() const {
        std::string name = ".";  // appended: gcc 12 warns (-Wrestrict, falsely) on "." + string
        name += path_.filename().string();
        name += ".tmp-XXXXXX";
        return (directory() / name).string();
    }

    bool link_as(const std::string& name) {
        // By the descriptor itself (AT_EMPTY_PATH) where the kernel allows
        // it: Linux 6.10 and later, or a process with CAP_DAC_READ_SEARCH;
        // elsewhere that fails with ENOENT, and /proc/self/fd names the file
        // (a path the kernel resolves, a tenth of what creating a small
        // output file costs).
        static std::atomic<bool> by_descriptor{true};
        if (by_descriptor.load(std::memory_order_relaxed)) {
            if (::linkat(fd_, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0) return true;
            if (errno != ENOENT && errno != EPERM) return false;
            by_descriptor.store(false, std::memory_order_relaxed);
        }
        const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
        return ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0;
    }

    [[noreturn]] void fail(int e, bool published = false) {
        // A file that could not be completed is not left under the output's name.
        if (published && tmp_.empty()) ::unlink(path_.c_str());
        throw error(path_.string(), std::string("write failed: ") + std::strerror(e));
    }

    std::filesystem::path path_;
    std::string tmp_;  // the temporary name, while the file has one
    int fd_ = -1;
};

// Writes what `fill` hands its sink to `path`, all or nothing (PendingFile).
void write_atomically(const std::filesystem::path& path, const std::function<void(const writers::Sink&)>& fill) {
    PendingFile file(path);
    fill([&](std::string_view bytes) { file.put(bytes); });
    file.publish();
}

}  // namespace

struct output_file::impl {
    explicit impl(const std::filesystem::path& path) : file(path) {}
    PendingFile file;
    bool committed = false;
};

output_file::output_file(const std::filesystem::path& path) : impl_(std::make_unique<impl>(path)) {}
output_file::~output_file() = default;

void output_file::write(std::string_view bytes) {
    if (impl_->committed) throw std::logic_error("output_file: written after commit");
    impl_->file.put(bytes);
}

void output_file::commit() {
    if (impl_->committed) return;
    impl_->file.publish();
    impl_->committed = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
    write_atomically(path, [&](const writers::Sink& sink) { sink(bytes); });
}

void write_file(const Document& doc, const std::filesystem::path& path, std::string_view format,
                const write_options& options) {
    const writers::Writer* w = writers::find(format);
    if (!w) throw error("-", "unknown output format \"" + std::string(format) + "\"");
    // A writer that streams goes straight to the file, without the whole
    // output in memory as well as the document.
    if (w->stream)
        write_atomically(path, [&](const writers::Sink& sink) { w->stream(doc, options, sink); });
    else
        write_file_atomically(path, w->write(doc, options));
}

std::vector<std::string> reader_names() {
    std::vector<std::string> names;
    for (const auto& r : readers::all()) names.emplace_back(r.name);
    return names;
}

std::vector<std::string> writer_names() {
    std::vector<std::string> names;
    for (const auto& w : writers::all()) names.emplace_back(w.name);
    return names;
}

std::string writer_for_extension(const std::filesystem::path& path) {
    std::string name = path.filename().string();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& w : writers::all())
        for (auto ext : w.extensions)
            if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
                return std::string(w.name);
    return {};
}

std::string extension_for_writer(std::string_view writer) {
    const writers::Writer* w = writers::find(writer);
    return w ? std::string(w->extensions.front()) : std::string{};
}

}  // namespace scrapedoc
