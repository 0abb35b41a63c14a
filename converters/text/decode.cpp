#include "text/decode.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/props.hpp"
#include "text/swar.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::text {

namespace {

constexpr std::size_t max_listed_repairs = 20;

// Collects repairs and folds everything after the first few into one line.
struct RepairLog {
    std::vector<Warning>& out;
    std::string what;
    std::size_t count = 0;
    std::size_t first_unlisted = 0;
    void add(std::size_t offset) {
        if (count < max_listed_repairs)
            out.push_back({what + " at byte " + std::to_string(offset) + " replaced with U+FFFD", offset});
        else if (count == max_listed_repairs)
            first_unlisted = offset;
        ++count;
    }
    ~RepairLog() {
        if (count > max_listed_repairs)
            out.push_back({std::to_string(count - max_listed_repairs) + " more " + what +
                               " sequences replaced with U+FFFD, the first at byte " + std::to_string(first_unlisted),
                           first_unlisted});
    }
};

// Copies valid UTF-8 through, repairs invalid sequences, drops control
// characters XML cannot carry, and turns CR and CRLF into LF.
std::string clean_utf8(std::string_view in, std::vector<Warning>& warnings, std::size_t base_offset,
                       bool offsets_are_bytes) {
    std::string out;
    out.reserve(in.size());
    RepairLog bad{warnings, "invalid UTF-8"};
    std::size_t controls = 0, first_control = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(in.data());
    const std::size_t n = in.size();
    std::size_t i = 0;
    std::size_t run = 0;  // start of the pending run of bytes to copy verbatim
    auto flush = [&](std::size_t upto) {
        out.append(in.data() + run, upto - run);
    };
    while (i < n) {
        // Fast path: 8 ASCII bytes with nothing to fix.
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & swar::highs) == 0) {
                // Any byte < 0x20 needs a look (controls, CR); tab and LF are common.
                if (swar::some_byte_below(w, 0x20) == 0) {
                    i += 8;
                    continue;
                }
            }
        }
        uint8_t b = p[i];
        if (b < 0x80) {
            if (b >= 0x20 && b != 0x7F) {
                ++i;
                continue;
            }
            if (b == '\n' || b == '\t') {
                ++i;
                continue;
            }
            flush(i);
            if (b == '\r') {
                out += '\n';
                i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            } else {
                if (controls++ == 0) first_control = base_offset + i;
                ++i;
            }
            run = i;
            continue;
        }
        int32_t pos = static_cast<int32_t>(i);
        UChar32 c = 0;
        U8_NEXT(p, pos, static_cast<int32_t>(n), c);
        if (c < 0) {
            flush(i);
            out += "\xEF\xBF\xBD";
            bad.add(offsets_are_bytes ? base_offset + i : base_offset);
            i = static_cast<std::size_t>(pos);
            run = i;
        } else if ((c >= 0x80 && c <= 0x9F) || (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
            // C1 controls and noncharacters: not text, and not allowed in XML.
            flush(i);
            if (controls++ == 0) first_control = base_offset + i;
            i = static_cast<std::size_t>(pos);
            run = i;
        } else {
            i = static_cast<std::size_t>(pos);
        }
    }
    flush(n);
    if (controls)
        warnings.push_back({std::to_string(controls) + " control character(s) removed, the first at byte " +
                                std::to_string(first_control),
                            first_control});
    return out;
}

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

struct CallbackState {
    RepairLog* log;
    const char* start;
};

void record_substitution(const void* context, UConverterToUnicodeArgs* args, const char* code_units,
                         int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
    if (reason <= UCNV_IRREGULAR) {
        const auto* state = static_cast<const CallbackState*>(context);
        std::size_t offset = static_cast<std::size_t>(args->source - state->start);
        offset = offset >= static_cast<std::size_t>(length) ? offset - static_cast<std::size_t>(length) : 0;
        state->log->add(offset);
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
}

// Converts from a legacy charset with ICU; empty optional if ICU does not know it.
bool convert_from(std::string_view bytes, const std::string& charset, std::string& utf8,
                  std::vector<Warning>& warnings) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &status));
    if (U_FAILURE(status)) return false;
    RepairLog log{warnings, "undecodable " + charset};
    CallbackState state{&log, bytes.data()};
    ucnv_setToUCallBack(conv.get(), record_substitution, &state, nullptr, nullptr, &status);
    std::u16string u16(bytes.size() + 16, u'\0');
    status = U_ZERO_ERROR;
    const char* src = bytes.data();
    const char* src_end = bytes.data() + bytes.size();
    UChar* dst = u16.data();
    UChar* dst_end = u16.data() + u16.size();
    std::size_t written = 0;
    for (;;) {
        ucnv_toUnicode(conv.get(), &dst, dst_end, &src, src_end, nullptr, true, &status);
        written = static_cast<std::size_t>(dst - u16.data());
        if (status != U_BUFFER_OVERFLOW_ERROR) break;
        status = U_ZERO_ERROR;
        u16.resize(u16.size() * 2);
        dst = u16.data() + written;
        dst_end = u16.data() + u16.size();
    }
    if (U_FAILURE(status)) return false;
    int32_t len = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8WithSub(nullptr, 0, &len, u16.data(), static_cast<int32_t>(written), 0xFFFD, nullptr, &status);
    status = U_ZERO_ERROR;
    utf8.assign(static_cast<std::size_t>(len), '\0');
    u_strToUTF8WithSub(utf8.data(), len, &len, u16.data(), static_cast<int32_t>(written), 0xFFFD, nullptr, &status);
    return U_SUCCESS(status);
}

std::string detect_charset(std::string_view bytes, int& confidence) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&status);
    if (U_FAILURE(status)) return {};
    // The detector looks at a prefix; a large sample costs time and adds little.
    std::size_t sample = std::min<std::size_t>(bytes.size(), 64 * 1024);
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(sample), &status);
    const UCharsetMatch* m = ucsdet_detect(det, &status);
    std::string name;
    if (U_SUCCESS(status) && m) {
        name = ucsdet_getName(m, &status);
        confidence = ucsdet_getConfidence(m, &status);
    }
    ucsdet_close(det);
    return U_SUCCESS(status) ? lower_ascii(name) : std::string{};
}

// Zero bytes, mostly at the same positions: UTF-32 or UTF-16 without a BOM.
// UTF-8 and 8-bit text have no zero bytes. UTF-32 has two in every code
// unit below U+10000. UTF-16 has one in every character below U+0100
// (spaces, line ends, digits, Latin letters), a few percent of even Arabic
// or Japanese text, and few at the other parity (U+3000, U+4E00 ...).
std::string sniff_wide(std::string_view bytes) {
    std::size_t n = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{3};
    if (n < 8) return {};
    // Most pages have no zero byte at all: one memchr says so.
    if (std::memchr(bytes.data(), 0, n) == nullptr) return {};
    std::size_t zero[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < n; ++i)
        if (bytes[i] == 0) ++zero[i % 4];
    std::size_t q = n / 4;
    if (zero[2] > q * 9 / 10 && zero[3] > q * 9 / 10) return "utf-32le";
    if (zero[0] > q * 9 / 10 && zero[1] > q * 9 / 10) return "utf-32be";
    std::size_t even = zero[0] + zero[2], odd = zero[1] + zero[3];
    std::size_t units = n / 2;
    std::size_t enough = std::max<std::size_t>(2, units / 50);
    if (odd >= enough && even * 4 <= odd) return "utf-16le";
    if (even >= enough && odd * 4 <= even) return "utf-16be";
    return {};
}

bool is_utf8_name(std::string_view cs) { return cs == "utf-8" || cs == "utf8"; }

// Valid multi-byte UTF-8 sequences against ill-formed ones. Legacy 8-bit
// text almost never forms valid multi-byte sequences by chance, so text with
// many of them and a few bad bytes is UTF-8 with damage, not another charset.
bool mostly_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto n = static_cast<int32_t>(bytes.size());
    std::size_t good = 0, bad = 0;
    for (int32_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) ++bad;
        else ++good;
    }
    return good >= 4 * bad && good > 0;
}

// Input that decode() keeps as it is but for NFC: valid UTF-8 with no
// controls but tab and LF (so no CR), no C1 controls or noncharacters. One
// pass, ASCII sixteen or eight bytes at a time, other characters by their memoized
// properties. Anything unusual answers no, and the general path decides.
// `nfc_lines` gets the start of every line that UAX #15's quick check does
// not answer "yes" for: a character whose NFC_Quick_Check is not Yes, or
// combining marks out of canonical order. The other lines are in NFC (Arabic
// with its vowel marks, say, needs no look at ICU's normalizer).
// `spaced_lines` gets the number of every line with white space to
// collapse (see Decoded::spaced_lines).
using swar::zero_bytes;

// The two-byte characters the eight-byte case below stops at: C1 controls,
// white space and those the NFC check asks about, built once from
// char_flags. Indexed by the lead's low five bits and the next byte's low
// six, so that the overlong forms (leads C0, C1) fall below U+00A0 and stop
// it too: one look-up a character where char_flags takes two.
const std::array<bool, 0x800>& two_byte_stops() {
    static const std::array<bool, 0x800> stops = [] {
        std::array<bool, 0x800> t{};
        for (char32_t c = 0; c < 0x800; ++c) t[c] = c < 0xA0 || (char_flags(c) & (flag_space | flag_nfc_check)) != 0;
        return t;
    }();
    return stops;
}

// With `sse2`, printable ASCII and line feeds sixteen bytes at a time (SSE2
// is on every x86-64); without, the eight bytes at a time below do all.
template <bool sse2>
bool check_clean(std::string_view s, std::vector<std::size_t>& nfc_lines, std::vector<std::size_t>& spaced_lines) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const std::size_t n = s.size();
    using swar::highs;
    using swar::ones;
    std::size_t line_start = 0, line = 0;
    std::uint8_t last_class = 0;  // canonical combining class of the character before
    // The byte before is a space, or the line starts: a space then is a
    // second one in a row, or one at the start.
    bool after_space = true;
    auto spaced = [&] {
        if (spaced_lines.empty() || spaced_lines.back() != line) spaced_lines.push_back(line);
    };
    // Eight bytes read at once, none a line end: a space after a space (the
    // byte before is one lower on a little-endian machine) or at the line's
    // start means white space to collapse; elsewhere any space is taken to.
    auto note_spaces = [&](uint64_t w) {
        const uint64_t spaces = zero_bytes(w ^ (' ' * ones));
        if constexpr (std::endian::native == std::endian::little) {
            if (spaces & ((spaces << 8) | (after_space ? 0x80 : 0))) spaced();
        } else if (spaces) {
            spaced();
        }
        after_space = (spaces >> 63) != 0;
    };
    std::size_t i = 0;
    // Eight bytes that are neither case below are not tried again before
    // this: the bytes up to it go one by one (an English line with one
    // curly quote, say, is not tested eight bytes at a time at each of the
    // bytes before the quote).
    std::size_t retry = 0;
    const std::array<bool, 0x800>& stops = two_byte_stops();
    while (i < n) {
#ifdef __SSE2__
        // The bytes up to the first that is neither printable ASCII nor a
        // line feed, of the next sixteen, at once: the spaces and line feeds
        // among them as 16-bit masks, a bit a byte. Signed compares: bytes
        // 80..FF are below 0x20 too.
        if constexpr (sse2) {
            if (i + 16 <= n) {
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
                auto mask = [](__m128i m) { return static_cast<std::uint32_t>(_mm_movemask_epi8(m)); };
                const std::uint32_t ends = mask(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
                const std::uint32_t odd =
                    (mask(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) & ~ends) | mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
                const int width = odd ? std::countr_zero(odd) : 16;
                if (width) {
                    const std::uint32_t live = (1u << width) - 1;
                    const std::uint32_t sp = mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))) & live;
                    const std::uint32_t lf = ends & live;
                    // A space after a space or at a line's start; a line
                    // feed after a space (the byte before the first is
                    // one if after_space and the line is not empty).
                    const std::uint32_t events = (sp & ((sp << 1) | (lf << 1) | (after_space ? 1 : 0))) |
                                                 (lf & ((sp << 1) | (after_space && i > line_start ? 1 : 0)));
                    // In order, so that each event counts for its line.
                    for (std::uint32_t m = events | lf; m; m &= m - 1) {
                        if (events & m & -m) spaced();
                        if (lf & m & -m) {
                            ++line;
                            line_start = i + static_cast<std::size_t>(std::countr_zero(m)) + 1;
                        }
                    }
                    after_space = (((sp | lf) >> (width - 1)) & 1) != 0;
                    last_class = 0;
                    i += static_cast<std::size_t>(width);
                    continue;
                }
            }
        }
#endif
        // A three- or four-byte character first (Chinese, Japanese, Thai,
        // most Indic scripts) fits neither case: it goes straight below.
        if (i >= retry && i + 8 <= n && p[i] < 0xE0) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            // Printable ASCII only: no high bit, no byte below 0x20, no DEL
            // (swar::printable_ascii, with its parts kept for the test below).
            const uint64_t below_space = swar::some_byte_below(w, 0x20);
            const uint64_t del = swar::some_byte_below(w ^ (ones * 0x7F), 1);
            if (((w & highs) | below_space | del) == 0) {
                note_spaces(w);
                last_class = 0;
                i += 8;
                continue;
            }
            // Printable ASCII and two-byte characters (Greek, Cyrillic,
            // Hebrew, Arabic ...), each well-formed and neither a C1
            // control, white space nor one the NFC check asks about: the
            // eight bytes at once but for a look-up per character. A lead
            // in the last byte is left for the next eight. Anything else
            // goes byte by byte below.
            if constexpr (std::endian::native == std::endian::little) {
                const uint64_t leads = w & (w << 1) & highs;               // C0..FF
                const uint64_t conts = w & ~(w << 1) & highs;              // 80..BF
                const uint64_t wide = leads & (w << 2);                    // E0..FF
                const uint64_t closed = leads & ~(highs << 56);             // leads in the first seven bytes
                if ((below_space | del | wide) == 0 && conts == closed << 8) {
                    bool plain = true;
                    for (uint64_t m = closed; m && plain; m &= m - 1) {
                        const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(m)) / 8;
                        const char32_t c = (char32_t(p[k] & 0x1F) << 6) | (p[k + 1] & 0x3F);
                        plain = !stops[c];
                    }
                    if (plain) {
                        note_spaces(w);
                        last_class = 0;
                        i += (leads >> 63) ? 7 : 8;
                        continue;
                    }
                }
            }
            retry = i + 8;
        }
        const uint8_t b = p[i];
        if (b < 0x80) {
            if (b == ' ') {
                if (after_space) spaced();
                after_space = true;
            } else {
                if (b == '\n') {
                    if (after_space && i > line_start) spaced();  // a space at the end
                    line_start = i + 1;
                    ++line;
                    after_space = true;
                    last_class = 0;
                    ++i;
                    continue;
                }
                if (b == '\t') spaced();
                else if (b < 0x20 || b == 0x7F) return false;
                after_space = false;
            }
            last_class = 0;
            ++i;
            continue;
        }
        after_space = false;
        // A run of three-byte characters (Chinese, Japanese, Thai, the Indic
        // scripts) that are neither white space, nor asked about by the NFC
        // check, nor noncharacters: each only decoded and looked up. Leads
        // E0 and ED (which have overlong and surrogate forms) and anything
        // else take the general path below.
        if (b >= 0xE1 && b != 0xED && b <= 0xEF) {
            std::size_t k = i;
            for (; k + 3 <= n; k += 3) {
                const uint8_t lead = p[k];
                if (lead < 0xE1 || lead == 0xED || lead > 0xEF || (p[k + 1] & 0xC0) != 0x80 || (p[k + 2] & 0xC0) != 0x80)
                    break;
                const char32_t c = (char32_t(lead & 0x0F) << 12) | (char32_t(p[k + 1] & 0x3F) << 6) | (p[k + 2] & 0x3F);
                if (c >= 0xFDD0 && (c <= 0xFDEF || c >= 0xFFFE)) break;  // noncharacters
                if (char_flags(c) & (flag_space | flag_nfc_check)) break;
            }
            if (k != i) {
                last_class = 0;
                i = k;
                continue;
            }
        }
        // The well-formed sequences of Unicode's table 3-7, and nothing else.
        char32_t c;
        std::size_t len;
        auto cont = [&](std::size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
        if (b >= 0xC2 && b <= 0xDF) {
            if (!cont(1)) return false;
            c = (char32_t(b & 0x1F) << 6) | (p[i + 1] & 0x3F);
            len = 2;
            if (c < 0xA0) return false;  // C1 controls
        } else if (b >= 0xE0 && b <= 0xEF) {
            if (!cont(1) || !cont(2)) return false;
            c = (char32_t(b & 0x0F) << 12) | (char32_t(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            len = 3;
            if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return false;  // overlong, surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            if (!cont(1) || !cont(2) || !cont(3)) return false;
            c = (char32_t(b & 0x07) << 18) | (char32_t(p[i + 1] & 0x3F) << 12) | (char32_t(p[i + 2] & 0x3F) << 6) |
                (p[i + 3] & 0x3F);
            len = 4;
            if (c < 0x10000 || c > 0x10FFFF) return false;
        } else {
            return false;
        }
        if ((c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) return false;  // noncharacters
        const auto f = char_flags(c);
        if (f & flag_space) spaced();
        if (!(f & flag_nfc_check)) {
            last_class = 0;
        } else {
            const std::uint8_t cc = u_getCombiningClass(static_cast<UChar32>(c));
            if (((f & flag_nfc_maybe) || (cc != 0 && last_class > cc)) &&
                (nfc_lines.empty() || nfc_lines.back() != line_start))
                nfc_lines.push_back(line_start);
            last_class = cc;
        }
        i += len;
    }
    if (after_space && n > line_start) spaced();  // a space at the end
    return true;
}

}  // namespace

namespace detail {

bool clean_but_for_nfc(std::string_view s, std::vector<std::size_t>& nfc_lines, std::vector<std::size_t>& spaced_lines) {
#ifdef __SSE2__
    return check_clean<true>(s, nfc_lines, spaced_lines);
#else
    return check_clean<false>(s, nfc_lines, spaced_lines);
#endif
}

bool portable_clean_but_for_nfc(std::string_view s, std::vector<std::size_t>& nfc_lines,
                                std::vector<std::size_t>& spaced_lines) {
    return check_clean<false>(s, nfc_lines, spaced_lines);
}

}  // namespace detail

namespace {

// Clean UTF-8 in NFC. A line feed is a normalization boundary (it neither
// composes nor reorders), so normalizing line by line is normalizing the
// text, and only the lines clean_but_for_nfc listed can change. The bytes
// are kept when all of those are in NFC already. Otherwise the changed lines
// are put in place in the bytes themselves when none of them, with those
// before it, makes the text longer (NFC mostly composes, which shortens:
// every piece then moves left or stays), so that a large page is not copied
// into fresh memory for a few lines; else the text is built anew at its
// exact size and the bytes are freed.
std::string nfc_by_lines(std::string& bytes, const std::vector<std::size_t>& nfc_lines) {
    const std::string_view s = bytes;
    struct Change {
        std::size_t start, size;  // of the line in s
        std::string nfc;
    };
    std::vector<Change> changed;
    std::size_t size = s.size();
    bool in_place = true;
    for (std::size_t start : nfc_lines) {
        const std::string_view line = s.substr(start, std::min(s.find('\n', start), s.size()) - start);
        if (is_nfc(line)) continue;
        changed.push_back({start, line.size(), to_nfc(line)});
        size = size - line.size() + changed.back().nfc.size();
        in_place = in_place && size <= s.size();
    }
    if (changed.empty()) return std::move(bytes);
    if (in_place) {
        char* const base = bytes.data();
        std::size_t copied = changed.front().start, out = copied;  // bytes of s handled, of the text written
        for (const Change& c : changed) {
            std::memmove(base + out, base + copied, c.start - copied);
            out += c.start - copied;
            std::memcpy(base + out, c.nfc.data(), c.nfc.size());
            out += c.nfc.size();
            copied = c.start + c.size;
        }
        std::memmove(base + out, base + copied, s.size() - copied);
        bytes.resize(out + s.size() - copied);
        return std::move(bytes);
    }
    std::string out;
    out.reserve(size);
    std::size_t copied = 0;  // bytes of s handled so far
    for (const Change& c : changed) {
        out.append(s.substr(copied, c.start - copied));
        out += c.nfc;
        copied = c.start + c.size;
    }
    out.append(s.substr(copied));
    std::string().swap(bytes);
    return out;
}

}  // namespace

// What a declared label means on the web: pages that say latin-1 are
// written in windows-1252, gb2312 pages in GBK, euc-kr pages in UHC, and so
// on (the WHATWG Encoding Standard's label table, for the labels whose
// strict reading in ICU loses characters browsers show). Other labels go to
// ICU as they are.
static std::string browser_charset(std::string label) {
    struct Alias {
        std::string_view label, charset;
    };
    static constexpr Alias aliases[] = {
        {"iso-8859-1", "windows-1252"},  {"iso8859-1", "windows-1252"},   {"iso_8859-1", "windows-1252"},
        {"latin1", "windows-1252"},      {"l1", "windows-1252"},          {"cp819", "windows-1252"},
        {"us-ascii", "windows-1252"},    {"ascii", "windows-1252"},       {"iso-8859-9", "windows-1254"},
        {"iso8859-9", "windows-1254"},   {"iso_8859-9", "windows-1254"},  {"latin5", "windows-1254"},
        {"l5", "windows-1254"},          {"iso-8859-11", "windows-874"},  {"tis-620", "windows-874"},
        {"dos-874", "windows-874"},      {"gb2312", "gb18030"},           {"gb_2312", "gb18030"},
        {"gb_2312-80", "gb18030"},       {"csgb2312", "gb18030"},         {"gbk", "gb18030"},
        {"x-gbk", "gb18030"},            {"chinese", "gb18030"},          {"euc-kr", "windows-949"},
        {"cseuckr", "windows-949"},      {"ks_c_5601-1987", "windows-949"}, {"ks_c_5601-1989", "windows-949"},
        {"ksc5601", "windows-949"},      {"ksc_5601", "windows-949"},     {"korean", "windows-949"},
        {"big5", "big5-hkscs"},          {"csbig5", "big5-hkscs"},        {"cn-big5", "big5-hkscs"},
        {"x-x-big5", "big5-hkscs"},      {"shift_jis", "windows-31j"},    {"shift-jis", "windows-31j"},
        {"sjis", "windows-31j"},         {"x-sjis", "windows-31j"},       {"ms_kanji", "windows-31j"},
        {"csshiftjis", "windows-31j"},   {"ms932", "windows-31j"},
    };
    for (const auto& a : aliases)
        if (label == a.label) return std::string(a.charset);
    return label;
}

std::string declared_charset(std::string_view bytes) {
    const std::string_view first = bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096));
    // An XML declaration and a <meta> both start with '<': text without one
    // declares nothing (and is not copied).
    if (std::memchr(first.data(), '<', first.size()) == nullptr) return {};
    std::string head = lower_ascii(first);
    auto value_after = [&](std::size_t pos) {
        while (pos < head.size() && (head[pos] == ' ' || head[pos] == '"' || head[pos] == '\'' || head[pos] == '='))
            ++pos;
        std::size_t end = pos;
        while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                                     head[end] == '_' || head[end] == ':' || head[end] == '.'))
            ++end;
        return head.substr(pos, end - pos);
    };
    if (head.rfind("<?xml", 0) == 0) {
        std::size_t end = head.find("?>");
        std::size_t enc = head.find("encoding", 0);
        if (enc != std::string::npos && enc < end) return value_after(enc + 8);
    }
    std::size_t pos = 0;
    while ((pos = head.find("<meta", pos)) != std::string::npos) {
        std::size_t end = head.find('>', pos);
        if (end == std::string::npos) break;
        std::size_t cs = head.find("charset", pos);
        if (cs != std::string::npos && cs < end) return value_after(cs + 7);
        pos = end;
    }
    return {};
}

Decoded decode(std::string_view bytes, std::string_view transport_charset) {
    Decoded d;
    std::string charset;
    std::size_t skip = 0;
    auto starts = [&](const char* bom, std::size_t len) { return bytes.size() >= len && std::memcmp(bytes.data(), bom, len) == 0; };
    if (starts("\xEF\xBB\xBF", 3)) {
        charset = "utf-8";
        skip = 3;
    } else if (starts("\xFF\xFE\x00\x00", 4)) {
        charset = "utf-32le";
    } else if (starts("\x00\x00\xFE\xFF", 4)) {
        charset = "utf-32be";
    } else if (starts("\xFF\xFE", 2)) {
        charset = "utf-16le";
    } else if (starts("\xFE\xFF", 2)) {
        charset = "utf-16be";
    }
    if (charset.empty()) charset = sniff_wide(bytes);
    // A charset label, from the page or from the transport: the charset to
    // read the bytes as, or empty when it names none ICU knows.
    auto charset_labelled = [&](const std::string& label, const char* by) -> std::string {
        const std::string declared = browser_charset(label);
        if (is_utf8_name(declared)) return "utf-8";
        UErrorCode status = U_ZERO_ERROR;
        UConverter* probe = ucnv_open(declared.c_str(), &status);
        const bool known = U_SUCCESS(status);
        ucnv_close(probe);
        if (!known) {
            d.warnings.push_back({std::string("unknown ") + by + " charset \"" + declared + "\" ignored", 0});
            return {};
        }
        // A page that declares a legacy charset but is valid UTF-8 with
        // non-ASCII text was saved as UTF-8 after the fact.
        bool ascii_only = std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        std::vector<Warning> scratch;
        std::string probe_text = clean_utf8(bytes, scratch, 0, true);
        return !ascii_only && scratch.empty() ? "utf-8" : declared;
    };
    if (charset.empty()) {
        const std::string declared = declared_charset(bytes);
        if (!declared.empty()) charset = charset_labelled(declared, "declared");
    }
    if (charset.empty() && !transport_charset.empty())
        charset = charset_labelled(lower_ascii(transport_charset), "Content-Type");
    if (charset.empty()) {
        std::vector<Warning> scratch;
        std::string text = clean_utf8(bytes, scratch, 0, true);
        bool invalid = std::any_of(scratch.begin(), scratch.end(),
                                   [](const Warning& w) { return w.message.find("invalid UTF-8") != std::string::npos; });
        if (!invalid) {
            text::to_nfc_in_place(text);
            d.text = std::move(text);
            d.charset = "utf-8";
            d.warnings.insert(d.warnings.end(), scratch.begin(), scratch.end());
            return d;
        }
        int confidence = 0;
        std::string detected = mostly_utf8(bytes) ? std::string("utf-8") : detect_charset(bytes, confidence);
        if (!detected.empty() && !is_utf8_name(detected) && confidence >= 10) {
            charset = detected;
            d.warnings.push_back({"not valid UTF-8; decoded as " + detected + " (ICU detection, confidence " +
                                      std::to_string(confidence) + ")",
                                  0});
        } else {
            charset = "utf-8";
        }
    }
    if (is_utf8_name(charset)) {
        d.charset = "utf-8";
        d.text = clean_utf8(bytes.substr(skip), d.warnings, skip, true);
        text::to_nfc_in_place(d.text);
        return d;
    }
    std::string utf8;
    if (!convert_from(bytes.substr(skip), charset, utf8, d.warnings)) {
        d.warnings.push_back({"could not decode as " + charset + "; read as UTF-8", 0});
        d.charset = "utf-8";
        d.text = text::to_nfc(clean_utf8(bytes, d.warnings, 0, true));
        return d;
    }
    d.charset = charset;
    // Offsets of later repairs refer to the converted text, not the input.
    std::string cleaned = clean_utf8(utf8, d.warnings, 0, false);
    // The BOM survives UTF-16/32 conversion as U+FEFF; it is not text.
    if (cleaned.rfind("\xEF\xBB\xBF", 0) == 0) cleaned.erase(0, 3);
    text::to_nfc_in_place(cleaned);
    d.text = std::move(cleaned);
    return d;
}

Decoded decode_owned(std::string bytes, std::string_view transport_charset) {
    // Most input is clean UTF-8 already: then it becomes the text without a
    // copy (or with one, when some lines need NFC). The evidence
    // decode(string_view) weighs first (a BOM, a wide encoding, a declared
    // charset other than UTF-8) sends it there, as does anything to repair.
    std::vector<std::size_t> nfc_lines, spaced_lines;
    if (!(bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) && sniff_wide(bytes).empty()) {
        std::string declared = declared_charset(bytes);
        // A transport charset counts only where the page declares none.
        if (declared.empty()) declared = lower_ascii(transport_charset);
        if ((declared.empty() || is_utf8_name(declared)) && detail::clean_but_for_nfc(bytes, nfc_lines, spaced_lines)) {
            Decoded d;
            // NFC changes no line feed (and makes white space only of white
            // space): the line numbers stand.
            d.text = nfc_by_lines(bytes, nfc_lines);
            d.charset = "utf-8";
            d.spaced_lines = std::move(spaced_lines);
            return d;
        }
    }
    Decoded d = decode(std::string_view(bytes), transport_charset);
    std::string().swap(bytes);  // not kept until the caller's expression ends
    return d;
}

}  // namespace scrapedoc::text
