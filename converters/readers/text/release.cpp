#include "readers/text/release.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace scrapedoc::readers::text_segmenter {

namespace {

std::uintptr_t page_size() {
    static const std::uintptr_t size = [] {
        const long n = ::sysconf(_SC_PAGESIZE);
        return n > 0 ? static_cast<std::uintptr_t>(n) : std::uintptr_t{4096};
    }();
    return size;
}

}  // namespace

PageReleaser::PageReleaser(const void* begin, const void* end, std::size_t step) : step_(step) {
#if defined(__linux__) && defined(MADV_DONTNEED)
    // A buffer smaller than a step is left to its owner, which frees it
    // soon: giving its few pages back would cost a system call, and a fault
    // for each page when the allocator hands them out again, for a peak no
    // one would notice (a batch of small pages paid that for each page).
    if (static_cast<const char*>(end) - static_cast<const char*>(begin) < static_cast<std::ptrdiff_t>(step)) return;
    const std::uintptr_t page = page_size();
    next_ = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) & ~(page - 1);
    end_ = std::max(next_, reinterpret_cast<std::uintptr_t>(end) & ~(page - 1));
    limit_ = reinterpret_cast<std::uintptr_t>(end);
    schedule();
#else
    (void)begin;
    (void)end;
#endif
}

void PageReleaser::schedule() {
    // A step of pages, or the last ones: whichever comes first.
    due_ = next_ == end_ ? UINTPTR_MAX : std::min(end_, next_ + std::max<std::size_t>(step_, 1));
}

void PageReleaser::release(std::uintptr_t at) {
#if defined(__linux__) && defined(MADV_DONTNEED)
    const std::uintptr_t to = std::min(at & ~(page_size() - 1), end_);
    if (to <= next_) return;
    // Private anonymous memory (the heap, large blocks mapped by malloc):
    // the pages are freed now, and a later touch maps zeroed ones.
    if (::madvise(reinterpret_cast<void*>(next_), to - next_, MADV_DONTNEED) == 0) next_ = to;
    else end_ = next_;  // not allowed here: stop trying
    schedule();
#else
    (void)at;
#endif
}

}  // namespace scrapedoc::readers::text_segmenter
