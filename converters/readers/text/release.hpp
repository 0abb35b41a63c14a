// Memory handed back to the system before its owner frees it, for buffers
// read once from front to back: the text reader's input and its line
// records. On a large page they are most of the memory until the document
// holds its own copies of the lines, so giving back what has been read while
// the document grows keeps the two from adding up.
#pragma once

#include <cstddef>
#include <cstdint>

namespace scrapedoc::readers::text_segmenter {

// Releases, in steps of at least `step` bytes, the whole memory pages of
// [begin, end) that lie before the point given to release_before(). Released
// pages read as zeros afterwards (the owner may still free the buffer as
// usual: an allocator keeps no data of its own inside a block it handed
// out). A buffer smaller than one step is not released at all. Where the
// system has no such call (Linux's MADV_DONTNEED), it does nothing.
class PageReleaser {
public:
    PageReleaser() = default;  // releases nothing
    PageReleaser(const void* begin, const void* end, std::size_t step = std::size_t{1} << 20);

    // Nothing before p is read again. Cheap when no release is due, so
    // that it can be called for every line.
    void release_before(const void* p) {
        const auto at = reinterpret_cast<std::uintptr_t>(p);
        if (at >= due_ && at <= limit_) release(at);
    }

private:
    void release(std::uintptr_t at);
    void schedule();

    std::uintptr_t next_ = 0;       // first page not released yet (page aligned)
    std::uintptr_t end_ = 0;        // end of the last whole page of the buffer
    std::uintptr_t limit_ = 0;      // end of the buffer: points past it are not in it
    std::uintptr_t due_ = UINTPTR_MAX;  // the least point at which a release is due
    std::size_t step_ = 0;
};

}  // namespace scrapedoc::readers::text_segmenter
