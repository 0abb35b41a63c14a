#include "warc/input.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace scrapedoc::warc {

// ---------------------------------------------------------------- RawInput

RawInput::RawInput(std::string_view bytes) : kind_(Kind::memory), memory_(bytes) {}

RawInput::RawInput(int fd) : kind_(Kind::stream), fd_(fd) {
    // A regular file (standard input redirected from one too) is read with
    // pread from where the descriptor stood, so going back costs nothing.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const off_t at = ::lseek(fd, 0, SEEK_CUR);
        if (at >= 0) {
            kind_ = Kind::file;
            kept_start_ = static_cast<std::uint64_t>(at);  // the file offset of our offset 0
        }
    }
}

RawInput::RawInput(Pull pull) : kind_(Kind::stream), pull_(std::move(pull)) {}

std::size_t RawInput::read_source(char* buf, std::size_t n) {
    if (pull_) return pull_(buf, n);
    for (;;) {
        const ssize_t got = ::read(fd_, buf, n);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno != EINTR) throw input_error(pos_, std::string("read error: ") + std::strerror(errno));
    }
}

std::size_t RawInput::read(char* buf, std::size_t n) {
    switch (kind_) {
    case Kind::memory: {
        if (pos_ >= memory_.size()) return 0;
        n = std::min<std::size_t>(n, memory_.size() - pos_);
        std::memcpy(buf, memory_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    case Kind::file: {
        for (;;) {
            const ssize_t got = ::pread(fd_, buf, n, static_cast<off_t>(kept_start_ + pos_));
            if (got >= 0) {
                pos_ += static_cast<std::uint64_t>(got);
                return static_cast<std::size_t>(got);
            }
            if (errno != EINTR) throw input_error(pos_, std::string("read error: ") + std::strerror(errno));
        }
    }
    case Kind::stream:
        break;
    }
    if (pos_ < source_pos_) {  // read again, from what was kept
        n = std::min<std::size_t>(n, source_pos_ - pos_);
        std::memcpy(buf, kept_.data() + (pos_ - kept_start_), n);
        pos_ += n;
        return n;
    }
    const std::size_t got = read_source(buf, n);
    if (keeping_) {
        if (kept_.size() + got > keep_limit) {
            // A record this long is not read again after damage: the
            // search for the next one goes on from here instead.
            keeping_ = false;
            std::string().swap(kept_);
        } else {
            kept_.append(buf, got);
        }
    }
    source_pos_ += got;
    pos_ += got;
    return got;
}

void RawInput::keep_from(std::uint64_t offset) {
    if (kind_ != Kind::stream) return;
    if (!keeping_) {
        keeping_ = true;
        kept_.clear();
        kept_start_ = source_pos_;
        return;
    }
    if (offset > kept_start_ && offset <= source_pos_) {
        kept_.erase(0, offset - kept_start_);
        kept_start_ = offset;
    }
}

bool RawInput::rewind(std::uint64_t offset) {
    switch (kind_) {
    case Kind::memory:
        if (offset > memory_.size()) return false;
        pos_ = offset;
        return true;
    case Kind::file:
        pos_ = offset;
        return true;
    case Kind::stream:
        break;
    }
    if (!keeping_ || offset < kept_start_ || offset > source_pos_) return false;
    pos_ = offset;
    return true;
}

// ---------------------------------------------------------------- WarcStream

namespace {

// Whether a gzip member starts at `bytes` and its first bytes are "WARC/":
// inflated on a zlib stream of its own, from these bytes alone.
bool opens_warc_member(std::string_view bytes) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
    char out[5];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1u << 30));
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = sizeof out;
    int rc = Z_OK;
    while (rc == Z_OK && z.avail_out > 0 && z.avail_in > 0) rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = sizeof out - z.avail_out;
    inflateEnd(&z);
    return produced == sizeof out && std::memcmp(out, "WARC/", sizeof out) == 0;
}

bool is_gzip_magic(std::string_view bytes) {
    return bytes.size() >= 3 && bytes[0] == '\x1f' && bytes[1] == '\x8b' && bytes[2] == '\x08';
}

}  // namespace

bool looks_like_warc(std::string_view head) {
    if (head.substr(0, 7) == "WARC/1." || head.substr(0, 7) == "WARC/0.") return true;
    return is_gzip_magic(head) && opens_warc_member(head);
}

WarcStream::WarcStream(RawInput& raw) : raw_(raw), in_(chunk, '\0') {
    refill();
    // Three bytes tell: a plain WARC opens with "WARC/", gzip with 1F 8B 08.
    while (in_len_ < 3 && in_len_ < chunk) {
        const std::size_t got = raw_.read(in_.data() + in_len_, chunk - in_len_);
        if (got == 0) break;
        in_len_ += got;
        stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
        stream_.avail_in = static_cast<uInt>(in_len_);
    }
    compressed_ = is_gzip_magic(std::string_view(in_.data(), in_len_));
    if (compressed_) {
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
        start_member(0);
    }
}

WarcStream::~WarcStream() {
    if (compressed_) inflateEnd(&stream_);
}

bool WarcStream::refill() {
    // The unread bytes go to the front and more are read behind them, so
    // that in_ always holds the file's bytes from in_base_ on without a gap.
    const std::size_t unread = stream_.avail_in;
    if (unread > 0 && stream_.next_in != reinterpret_cast<Bytef*>(in_.data()))
        std::memmove(in_.data(), stream_.next_in, unread);
    in_base_ += in_len_ - unread;
    in_len_ = unread;
    std::size_t got = 0;
    if (in_len_ < chunk) {
        got = raw_.read(in_.data() + in_len_, chunk - in_len_);
        in_len_ += got;
    }
    stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
    stream_.avail_in = static_cast<uInt>(in_len_);
    return got > 0;
}

void WarcStream::start_member(std::uint64_t offset) {
    inflateReset(&stream_);
    member_offset_ = offset;
    member_done_ = false;
}

std::size_t WarcStream::fill(std::string& out) {
    if (!compressed_) {
        if (stream_.avail_in == 0 && !refill()) return 0;
        const std::size_t n = stream_.avail_in;
        out.append(reinterpret_cast<const char*>(stream_.next_in), n);
        stream_.next_in += n;
        stream_.avail_in = 0;
        plain_pos_ = raw_position();
        return n;
    }
    if (member_done_) return 0;
    const std::size_t old = out.size();
    out.resize(old + chunk);
    stream_.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    stream_.avail_out = static_cast<uInt>(chunk);
    auto produced = [&] { return chunk - stream_.avail_out; };
    while (stream_.avail_out > 0) {
        if (stream_.avail_in == 0) {
            // Reading on until the chunk is full or the member ends, however
            // the input comes in pieces: a member's data and its check come
            // out the same from a file, a pipe or memory (fuzz_warc).
            if (!refill()) {
                out.resize(old);
                throw input_error(member_offset_, "the file ends inside a gzip member (truncated)");
            }
        }
        const int rc = inflate(&stream_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            member_done_ = true;
            break;
        }
        if (rc == Z_MEM_ERROR) throw std::bad_alloc();
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            out.resize(old);
            throw input_error(member_offset_,
                              std::string("corrupt gzip member (") + (stream_.msg ? stream_.msg : "zlib error") + ")");
        }
    }
    out.resize(old + produced());
    return produced();
}

bool WarcStream::next_member() {
    if (!compressed_) return false;
    if (stream_.avail_in == 0 && !refill()) return false;
    const std::uint64_t at = raw_position();
    if (*stream_.next_in != 0x1f)
        throw input_error(at, "bytes that are not gzip after a gzip member");
    start_member(at);
    return true;
}

bool WarcStream::resync(std::uint64_t offset) {
    // From just after the damaged record's start where the input allows
    // (a gzip member may be cut short, the next one starting inside what
    // was inflated as its data); else from where reading stands.
    const std::uint64_t from = offset + 1;
    if (from <= raw_position() && raw_.rewind(from)) {
        in_base_ = from;
        in_len_ = 0;
        stream_.avail_in = 0;
    }
    return compressed_ ? resync_compressed() : resync_plain();
}

bool WarcStream::resync_compressed() {
    constexpr std::size_t look = 4096;  // enough bytes to inflate the first five
    // As many as there are up to `look` (a function may hand over a byte at a time).
    auto top_up = [&] {
        while (stream_.avail_in < look && refill()) {
        }
    };
    for (;;) {
        top_up();
        if (stream_.avail_in == 0) return false;
        const auto* p = reinterpret_cast<const char*>(stream_.next_in);
        const void* hit = std::memchr(p, 0x1f, stream_.avail_in);
        if (!hit) {
            stream_.next_in += stream_.avail_in;
            stream_.avail_in = 0;
            continue;
        }
        const std::size_t skip = static_cast<std::size_t>(static_cast<const char*>(hit) - p);
        stream_.next_in += skip;
        stream_.avail_in -= static_cast<uInt>(skip);
        top_up();
        const std::string_view candidate(reinterpret_cast<const char*>(stream_.next_in), stream_.avail_in);
        if (is_gzip_magic(candidate) && opens_warc_member(candidate)) {
            start_member(raw_position());
            return true;
        }
        stream_.next_in += 1;
        stream_.avail_in -= 1;
    }
}

bool WarcStream::resync_plain() {
    static constexpr std::string_view start = "\nWARC/1.";
    for (;;) {
        // (A function may hand over a byte at a time: read until there are
        // enough to look at, or no more.)
        bool more = true;
        while (more && stream_.avail_in < start.size()) more = refill();
        if (stream_.avail_in < start.size()) {
            stream_.next_in += stream_.avail_in;
            stream_.avail_in = 0;
            plain_pos_ = raw_position();
            return false;
        }
        const std::string_view view(reinterpret_cast<const char*>(stream_.next_in), stream_.avail_in);
        const std::size_t at = view.find(start);
        const std::size_t skip = at == std::string_view::npos ? view.size() - (start.size() - 1) : at + 1;
        stream_.next_in += skip;
        stream_.avail_in -= static_cast<uInt>(skip);
        plain_pos_ = raw_position();
        if (at != std::string_view::npos) {
            raw_.keep_from(plain_pos_);
            return true;
        }
    }
}

void WarcStream::keep_from(std::uint64_t offset) { raw_.keep_from(offset); }

}  // namespace scrapedoc::warc
