// Dates in date lines: "March 11, 2025 4:07 PM", "15 марта 2024, 12:40",
// "2024年6月12日", "17.03.2020", "۲۹ بهمن ۱۳۹۸" -> YYYY-MM-DD.
#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/uchar.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "data/embedded.hpp"
#include "readers/text/cues.hpp"
#include "readers/text/segmenter.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::readers::text_segmenter {

namespace {

// "= name N" lines of a date-word file: name -> month number.
std::unordered_map<std::string, int> month_table(std::string_view path) {
    std::unordered_map<std::string, int> m;
    std::string key;
    int month = 0;
    data::for_each_line(data::embedded_file(path), [&](std::string_view line) {
        if (date_word_entry(line, key, month) && month > 0) m.emplace(key, month);
    });
    return m;
}

struct Item {
    long value = 0;
    int digits = 0;        // 0 for a month name
    char32_t after = 0;    // the character right after a number (年, 月, '.', '-' ...)
    char32_t before = 0;   // the character right before it
    bool month_word = false;
    bool persian = false;  // a Solar Hijri month name
};

std::vector<Item> scan(std::string_view s) {
    static const auto months = month_table("cues/date-words.txt");
    static const auto persian = month_table("cues/persian-months.txt");
    std::vector<Item> items;
    std::string key = cue_key(s);
    std::string word;
    char32_t prev = 0;
    auto flush_word = [&] {
        if (word.empty()) return;
        if (auto it = months.find(word); it != months.end()) items.push_back({it->second, 0, 0, 0, true, false});
        else if (auto p = persian.find(word); p != persian.end()) items.push_back({p->second, 0, 0, 0, true, true});
        word.clear();
    };
    std::size_t i = 0;
    while (i < key.size()) {
        std::size_t start = i;
        char32_t c = text::next_code_point(key, i);
        if (u_isdigit(static_cast<UChar32>(c))) {
            flush_word();
            Item it;
            it.before = prev;
            it.value = u_charDigitValue(static_cast<UChar32>(c));
            it.digits = 1;
            std::size_t j = i;
            while (j < key.size()) {
                std::size_t k = j;
                char32_t d = text::next_code_point(key, k);
                if (!u_isdigit(static_cast<UChar32>(d))) break;
                if (it.digits < 9) it.value = it.value * 10 + u_charDigitValue(static_cast<UChar32>(d));
                ++it.digits;
                j = k;
            }
            std::size_t k = j;
            it.after = j < key.size() ? text::next_code_point(key, k) : 0;
            items.push_back(it);
            i = j;
            prev = '0';
            continue;
        }
        if (u_isalpha(static_cast<UChar32>(c))) word.append(key, start, i - start);
        else flush_word();
        prev = c;
    }
    flush_word();
    return items;
}

bool is_date_separator(char32_t c) { return c == '-' || c == '/' || c == '.'; }

std::optional<std::string> iso(long y, long m, long d) {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    return std::string(buf);
}

// Solar Hijri year, month, day -> Gregorian, through ICU's Persian calendar.
std::optional<std::string> from_persian(long y, long m, long d) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> persian(icu::Calendar::createInstance(icu::Locale("fa_IR@calendar=persian"), status));
    if (U_FAILURE(status)) return std::nullopt;
    persian->clear();
    persian->set(static_cast<int32_t>(y), static_cast<int32_t>(m - 1), static_cast<int32_t>(d));
    UDate when = persian->getTime(status);
    icu::GregorianCalendar gregorian(icu::Locale::getRoot(), status);
    gregorian.setTime(when, status);
    if (U_FAILURE(status)) return std::nullopt;
    return iso(gregorian.get(UCAL_YEAR, status), gregorian.get(UCAL_MONTH, status) + 1,
               gregorian.get(UCAL_DATE, status));
}

}  // namespace

std::optional<std::string> parse_date(std::string_view s) {
    std::vector<Item> items = scan(s);
    // CJK: 2024年6月12日, 2024년 6월 12일.
    long y = 0, m = 0, d = 0;
    for (const auto& it : items) {
        if (it.after == U'年' || it.after == U'년') y = it.value;
        else if (it.after == U'月' || it.after == U'월') m = it.value;
        else if (it.after == U'日' || it.after == U'일') d = it.value;
    }
    if (y && m && d) return iso(y, m, d);
    // A month name with a day and a year around it.
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (!items[k].month_word) continue;
        long year = 0, day = 0;
        for (std::size_t j = (k >= 2 ? k - 2 : 0); j < std::min(items.size(), k + 3); ++j) {
            const Item& it = items[j];
            if (it.month_word) continue;
            if (it.digits == 4 && !year) year = it.value;
            else if (it.digits <= 2 && !day && it.value >= 1 && it.value <= 31 && it.after != ':' && it.before != ':')
                day = it.value;
        }
        if (!year || !day) continue;
        if (items[k].persian) {
            if (year >= 1300 && year <= 1500) return from_persian(year, items[k].value, day);
            continue;
        }
        return iso(year, items[k].value, day);
    }
    // Numbers joined by one separator: 2020-02-19, 17.03.2020, 2024/5/20.
    for (std::size_t k = 0; k + 2 < items.size(); ++k) {
        const Item &a = items[k], &b = items[k + 1], &c = items[k + 2];
        if (a.month_word || b.month_word || c.month_word) continue;
        if (!is_date_separator(a.after) || a.after != b.after) continue;
        if (a.digits == 4) return iso(a.value, b.value, c.value);
        if (c.digits == 4) {
            // Day first, as most of the world writes it, unless that cannot be.
            if (b.value > 12 && a.value <= 12) return iso(c.value, a.value, b.value);
            return iso(c.value, b.value, a.value);
        }
    }
    return std::nullopt;
}

}  // namespace scrapedoc::readers::text_segmenter
