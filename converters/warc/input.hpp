// The bytes of a web archive (WARC) file: where they come from (a file, a
// pipe, memory, a caller's function) and, for a .warc.gz, their gzip members
// undone by zlib. Both layers can go back to an earlier place after damage,
// so that the records after a corrupt one are still found.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace scrapedoc::warc {

// Bytes that cannot be read as what they should be (a corrupt or truncated
// gzip member, a read error). `offset` is the byte of the file it concerns.
class input_error : public std::runtime_error {
public:
    input_error(std::uint64_t offset, const std::string& message) : std::runtime_error(message), offset_(offset) {}
    std::uint64_t offset() const { return offset_; }

private:
    std::uint64_t offset_;
};

// Reads a function returning up to n bytes into buf, 0 at the end (a
// Python file object's readinto, say).
using Pull = std::function<std::size_t(char* buf, std::size_t n)>;

// The raw bytes of the file, read in order, with the means to read some
// again: a regular file or memory by seeking, a pipe from the bytes kept
// since the last keep_from() (up to keep_limit; past it, going back fails).
class RawInput {
public:
    static constexpr std::size_t keep_limit = std::size_t{16} << 20;

    explicit RawInput(std::string_view bytes);  // memory, which must outlive this
    explicit RawInput(int fd);                  // an open descriptor, not closed here
    explicit RawInput(Pull pull);
    RawInput(const RawInput&) = delete;
    RawInput& operator=(const RawInput&) = delete;

    // Up to n bytes from offset(); 0 at the end. Throws input_error on a read error.
    std::size_t read(char* buf, std::size_t n);
    std::uint64_t offset() const { return pos_; }
    // The bytes from `offset` on may be asked for again (rewind); those
    // before it no longer.
    void keep_from(std::uint64_t offset);
    // Reads go on from `offset`; false when that is no longer possible.
    bool rewind(std::uint64_t offset);

private:
    std::size_t read_source(char* buf, std::size_t n);

    enum class Kind { memory, file, stream } kind_;
    std::string_view memory_;
    int fd_ = -1;
    Pull pull_;
    std::uint64_t pos_ = 0;  // offset of the next byte read() gives
    // A stream (pipe, function): what it gave, from kept_start_ on, so
    // that the bytes since the last keep_from() can be read again.
    std::uint64_t source_pos_ = 0;
    std::string kept_;
    std::uint64_t kept_start_ = 0;
    bool keeping_ = true;
};

// The WARC's bytes, decompressed when the file is gzip (a .warc.gz: one
// gzip member per record, as the WARC standard's annex recommends; members
// holding several records are read too).
class WarcStream {
public:
    explicit WarcStream(RawInput& raw);
    ~WarcStream();
    WarcStream(const WarcStream&) = delete;
    WarcStream& operator=(const WarcStream&) = delete;

    bool compressed() const { return compressed_; }

    // Appends up to about 64 KB of the WARC's bytes to `out`; returns how
    // many, 0 at the end of the current gzip member (compressed) or of the
    // file. Throws input_error for a corrupt or truncated member.
    std::size_t fill(std::string& out);

    // After the current member ended: starts the next one. False at the
    // end of the file; throws input_error when what follows is not gzip.
    bool next_member();

    // Compressed: where the current gzip member starts in the file.
    std::uint64_t member_offset() const { return member_offset_; }
    // Plain: the offset in the file of the next byte fill() gives.
    std::uint64_t plain_offset() const { return plain_pos_; }

    // Resumes reading at the first record start after the damaged record
    // at `offset` (a gzip member whose bytes open with "WARC/", or a line
    // opening with "WARC/1." in a plain file). False when none follows.
    bool resync(std::uint64_t offset);

    // A record starts at `offset` (in a .warc.gz, the member it starts in):
    // the bytes from there on may be read again (resync), those before not.
    void keep_from(std::uint64_t offset);

private:
    bool refill();  // more raw bytes into in_; false at the end of the file
    std::uint64_t raw_position() const { return in_base_ + (in_len_ - stream_.avail_in); }
    void start_member(std::uint64_t offset);
    bool resync_compressed();
    bool resync_plain();

    static constexpr std::size_t chunk = 64 * 1024;
    RawInput& raw_;
    bool compressed_ = false;
    z_stream stream_{};
    bool member_done_ = false;
    std::uint64_t member_offset_ = 0;
    std::uint64_t plain_pos_ = 0;
    std::string in_;             // raw bytes read and not yet inflated (compressed)
    std::size_t in_len_ = 0;
    std::uint64_t in_base_ = 0;  // file offset of in_[0]
};

// Whether bytes (the first few hundred of a file) open a WARC: "WARC/1."
// plain, or a gzip member whose first bytes are.
bool looks_like_warc(std::string_view head);

}  // namespace scrapedoc::warc
