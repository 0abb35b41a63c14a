// Bytes in any encoding -> clean UTF-8: the one place input is decoded.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"

namespace scrapedoc::text {

struct Decoded {
    std::string text;     // valid UTF-8, NFC, LF line ends, no C0/C1 controls but tab and newline
    std::string charset;  // the encoding the bytes were read as
    std::vector<Warning> warnings;  // repairs, each with the byte offset in the input
    // When set, the numbers (0-based, in order) of the only lines of `text`
    // that may have white space to collapse (text::is_collapsed): a space
    // at either end, two in a row, a tab or another white-space character.
    // On a little-endian machine exactly those (split_lines relies on it);
    // elsewhere a line with any space may be listed too.
    // Set by decode_owned when it keeps the bytes, found in the pass that
    // checks them.
    std::optional<std::vector<std::size_t>> spaced_lines;
};

// Order of evidence: byte-order mark, a charset declared in the first bytes
// (<meta charset>, http-equiv, <?xml encoding?>), the charset the transport
// declared (`transport_charset`: an HTTP Content-Type's, from a web archive;
// empty when none), valid UTF-8, then ICU's charset detector. Undecodable
// bytes become U+FFFD, each reported as a warning.
Decoded decode(std::string_view bytes, std::string_view transport_charset = {});

// The same, taking the bytes: when they are clean UTF-8 already (the common
// case) they become the text without being copied, and in any case they
// are freed once decoded.
Decoded decode_owned(std::string bytes, std::string_view transport_charset = {});

namespace detail {
// The check decode_owned makes of bytes it may keep: well-formed UTF-8
// with no control but tab and line feed, no noncharacter; it lists the
// starts of the lines the NFC check asks about and the numbers of the lines
// with white space to collapse. Sixteen bytes at a time with SSE2, and the
// same without (what the first is where SSE2 is missing).
bool clean_but_for_nfc(std::string_view s, std::vector<std::size_t>& nfc_lines, std::vector<std::size_t>& spaced_lines);
bool portable_clean_but_for_nfc(std::string_view s, std::vector<std::size_t>& nfc_lines,
                                std::vector<std::size_t>& spaced_lines);
}  // namespace detail

// The charset a page declares in its first bytes, lower-cased; empty if none.
std::string declared_charset(std::string_view bytes);

}  // namespace scrapedoc::text
