// An open-addressing index over a vector the caller owns: each slot holds an
// element's index + 1 (0 is free), placed by the element's 64-bit hash with
// linear probing. The caller keeps the hashes and says what "the same" is,
// so one index serves tables of words, line keys and duplicate groups.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace scrapedoc::text {

class SlotIndex {
public:
    // Makes room for `count` elements at a load of at most one half, placing
    // elements 0 .. count-2 again by hash_of(i) when the table grows. True
    // when it grew.
    template <class HashOf>
    bool reserve(std::size_t count, std::size_t min_slots, HashOf&& hash_of) {
        if (count * 2 <= slots_.size()) return false;
        slots_.assign(std::max(min_slots, slots_.size() * 2), 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t k = 0; k + 1 < count; ++k) {
            std::size_t pos = hash_of(k) & mask;
            while (slots_[pos]) pos = (pos + 1) & mask;
            slots_[pos] = static_cast<std::uint32_t>(k + 1);
        }
        return true;
    }

    // The slot of the element with this hash for which same(index) holds,
    // or the free slot where it would go (then element() is `none`).
    template <class Same>
    std::size_t find(std::uint64_t hash, Same&& same) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t pos = hash & mask;
        while (slots_[pos] && !same(std::size_t{slots_[pos]} - 1)) pos = (pos + 1) & mask;
        return pos;
    }

    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t element(std::size_t slot) const { return slots_[slot] ? std::size_t{slots_[slot]} - 1 : none; }
    void place(std::size_t slot, std::size_t index) { slots_[slot] = static_cast<std::uint32_t>(index + 1); }

    bool empty() const { return slots_.empty(); }
    void clear() { std::fill(slots_.begin(), slots_.end(), 0); }

private:
    std::vector<std::uint32_t> slots_;
};

}  // namespace scrapedoc::text
