#include "text/props.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include <atomic>
#include <memory>

namespace scrapedoc::text {

namespace {

std::uint16_t ask_icu(char32_t cp) {
    auto c = static_cast<UChar32>(cp);
    std::uint16_t f = 0;
    // One category look-up answers u_isalpha (L*), u_isdigit (Nd) and
    // u_isalnum (L* or Nd), as ICU defines them.
    const std::int8_t category = u_charType(c);
    const std::uint32_t mask = U_MASK(category);
    if (mask & U_GC_L_MASK) f |= flag_alpha | flag_alnum;
    if (category == U_DECIMAL_DIGIT_NUMBER) f |= flag_digit | flag_alnum;
    switch (category) {
        case U_NON_SPACING_MARK:
        case U_COMBINING_SPACING_MARK:
        case U_ENCLOSING_MARK: f |= flag_mark | flag_extends; break;
        case U_UPPERCASE_LETTER: f |= flag_upper; break;
        case U_LOWERCASE_LETTER: f |= flag_lower; break;
        default: break;
    }
    if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES) f |= flag_nfc_check | flag_nfc_maybe;
    else if (u_getCombiningClass(c) != 0) f |= flag_nfc_check;
    if (cp == 0xFEFF || u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) f |= flag_space;
    if (u_foldCase(c, U_FOLD_CASE_DEFAULT) != c) f |= flag_folds;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
                              sc == USCRIPT_THAI || sc == USCRIPT_HANGUL))
        f |= flag_unspaced;
    switch (u_charDirection(c)) {
        case U_RIGHT_TO_LEFT:
        case U_RIGHT_TO_LEFT_ARABIC: f |= flag_rtl; break;
        case U_LEFT_TO_RIGHT: f |= flag_ltr; break;
        default: break;
    }
    if (cp == 0x200C || cp == 0x200D || u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR) ||
        (cp >= 0x1F3FB && cp <= 0x1F3FF))
        f |= flag_extends;
    return f;
}

}  // namespace

namespace detail {

std::uint16_t ask_icu(char32_t c) { return text::ask_icu(c); }

// All planes in blocks of 256, each filled on first use. Threads may race to
// fill one: the loser frees its copy, the answers are the same.
std::atomic<const std::uint16_t*> property_blocks[(max_code_point >> 8) + 1] = {};

namespace {
struct Cleanup {
    ~Cleanup() {
        for (auto& b : property_blocks) delete[] b.load();
    }
} cleanup;
}  // namespace

std::uint16_t char_flags_slow(char32_t c) {
    if (c > max_code_point) return ask_icu(c);
    auto fresh = std::make_unique<std::uint16_t[]>(256);
    char32_t base = c & ~char32_t{0xFF};
    for (char32_t lo = 0; lo < 256; ++lo) fresh[lo] = ask_icu(base | lo);
    const std::uint16_t* expected = nullptr;
    if (property_blocks[c >> 8].compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel))
        expected = fresh.release();
    return expected[c & 0xFF];
}

}  // namespace detail

}  // namespace scrapedoc::text
