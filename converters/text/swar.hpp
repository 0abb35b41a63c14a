// Eight bytes at a time in one 64-bit word ("SIMD within a register"): the
// tests the text passes make on a word read from a string with memcpy.
#pragma once

#include <cstdint>

namespace scrapedoc::text::swar {

inline constexpr std::uint64_t ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t highs = 0x8080808080808080ULL;
inline constexpr std::uint64_t lows = 0x7F7F7F7F7F7F7F7FULL;

// The high bit of every byte of w that is zero (exact: no carry crosses
// from one byte into the next).
constexpr std::uint64_t zero_bytes(std::uint64_t w) { return ~(((w & lows) + lows) | w) & highs; }

// The high bit of every byte of w equal to b (exact).
constexpr std::uint64_t bytes_equal(std::uint64_t w, unsigned char b) { return zero_bytes(w ^ (ones * b)); }

// Not zero if some byte of w is below n (n at most 0x80). Only whether:
// a borrow may mark bytes above the lowest such byte too.
constexpr std::uint64_t some_byte_below(std::uint64_t w, unsigned char n) { return (w - ones * n) & ~w & highs; }

// The high bit of every byte of w from lo to hi (both below 0x80; exact:
// bytes with the high bit set are never in the range).
constexpr std::uint64_t bytes_in_range(std::uint64_t w, unsigned char lo, unsigned char hi) {
    const std::uint64_t x = w & lows;
    return (x + ones * (0x80 - lo)) & ~(x + ones * (0x7F - hi)) & ~w & highs;
}

// The same two tests for a word known to be ASCII (every high bit clear),
// in fewer steps: no byte carries into the next.
constexpr std::uint64_t ascii_equal(std::uint64_t w, unsigned char b) {
    const std::uint64_t x = w ^ (ones * b);  // 0 where equal; below 0x80 everywhere
    return ~(x + ones * 0x7F) & highs;
}
constexpr std::uint64_t ascii_in_range(std::uint64_t w, unsigned char lo, unsigned char hi) {
    return (w + ones * (0x80 - lo)) & ~(w + ones * (0x80 - hi - 1)) & highs;
}

// How many bytes of m have their high bit set (m has no other bits).
constexpr unsigned count_marked(std::uint64_t m) { return static_cast<unsigned>(((m >> 7) * ones) >> 56); }

// Every byte printable ASCII: no high bit, no control below 0x20, no DEL.
constexpr bool printable_ascii(std::uint64_t w) {
    return ((w & highs) | some_byte_below(w, 0x20) | some_byte_below(w ^ (ones * 0x7F), 1)) == 0;
}

}  // namespace scrapedoc::text::swar
