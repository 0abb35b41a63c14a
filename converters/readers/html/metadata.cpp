#include "readers/html/metadata.hpp"

#include <libxml/HTMLparser.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "readers/html/cues.hpp"
#include "readers/html/text.hpp"
#include "text/unicode.hpp"

namespace scrapedoc::html {

namespace {

using json = nlohmann::json;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a | 0x20);
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b | 0x20);
        if (a != b) return false;
    }
    return true;
}

bool looks_like_url(std::string_view s) {
    return s.find("://") != std::string_view::npos || starts_with_ci(s, "www.") || s.find('@') != std::string_view::npos;
}

}  // namespace

std::string compare_key(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto cp = static_cast<UChar32>(text::next_code_point(s, i));
        if (u_isalnum(cp)) text::append_utf8(out, static_cast<char32_t>(u_foldCase(cp, U_FOLD_CASE_DEFAULT)));
    }
    return out;
}

namespace {

// Whether two titles name the same article: equal, or one holds the other
// and is most of it (a headline inside "Headline | Site").
bool titles_agree(std::string_view a, std::string_view b) {
    std::string ka = compare_key(a), kb = compare_key(b);
    if (ka.empty() || kb.empty()) return false;
    if (ka == kb) return true;
    const std::string& shorter = ka.size() < kb.size() ? ka : kb;
    const std::string& longer = ka.size() < kb.size() ? kb : ka;
    return shorter.size() * 10 >= longer.size() * 6 && longer.find(shorter) != std::string::npos;
}

// The text as it reads, whatever the glyphs: compatibility forms folded
// (NFKC: full-width letters, the ideographic space), runs of white space one
// space, and the typewriter and typographic forms of a quotation mark or
// apostrophe one mark (' and \u2019, " and \u201D). Two headlines with the same
// typography key are the same text set differently.
std::string typography_key(std::string_view s) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
    std::string folded;
    if (U_SUCCESS(err)) {
        icu::UnicodeString u = nfkc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(),
                                                                             static_cast<int32_t>(s.size()))), err);
        if (U_SUCCESS(err)) u.toUTF8String(folded);
    }
    if (!U_SUCCESS(err)) folded.assign(s);
    std::string out;
    std::size_t i = 0;
    while (i < folded.size()) {
        char32_t c = text::next_code_point(folded, i);
        switch (c) {
            case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x00B4: case 0x0060:
                c = '\'';
                break;
            case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
                c = '"';
                break;
            default:
                break;
        }
        text::append_utf8(out, c);
    }
    return text::collapse_whitespace(out);
}

// Without punctuation and spaces at either end (whole code points).
std::string trim_punctuation(std::string_view s) {
    auto strip = [](char32_t c) {
        auto cp = static_cast<UChar32>(c);
        return u_ispunct(cp) || u_isUWhiteSpace(cp) || c == '|';
    };
    std::size_t begin = 0, end = s.size();
    while (begin < end) {
        std::size_t k = begin;
        if (!strip(text::next_code_point(s, k))) break;
        begin = k;
    }
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        std::size_t k = start;
        if (!strip(text::next_code_point(s, k))) break;
        end = start;
    }
    return std::string(s.substr(begin, end - begin));
}

struct HeadMeta {
    std::vector<std::pair<std::string, std::string>> entries;  // lower-case key -> content, in page order
    std::string_view get(std::string_view key) const {
        for (const auto& [k, v] : entries)
            if (k == key && !v.empty()) return v;
        return {};
    }
};

HeadMeta collect_meta(const Tree& tree) {
    HeadMeta m;
    for (std::uint32_t i = 0; i < tree.size(); ++i) {
        if (tree.nodes[i].tag != Tag::meta) continue;
        std::string_view content = tree.attr(i, "content");
        if (content.empty()) continue;
        for (std::string_view key_attr : {"property", "name", "itemprop", "http-equiv"}) {
            std::string_view key = tree.attr(i, key_attr);
            if (!key.empty()) m.entries.emplace_back(text::lower_ascii(key), clean_text(content));
        }
    }
    return m;
}

// ---- JSON-LD ---------------------------------------------------------------

bool is_article_type(std::string_view t) {
    auto ends = [&](std::string_view suffix) {
        return t.size() >= suffix.size() && t.substr(t.size() - suffix.size()) == suffix;
    };
    return ends("Article") || ends("Posting") || t == "ReportageNews" || t == "Report" || t == "Review";
}

bool has_type(const json& obj, bool (*pred)(std::string_view)) {
    auto it = obj.find("@type");
    if (it == obj.end()) return false;
    if (it->is_string()) return pred(it->get_ref<const std::string&>());
    if (it->is_array())
        for (const auto& t : *it)
            if (t.is_string() && pred(t.get_ref<const std::string&>())) return true;
    return false;
}

// Every object in a JSON-LD value, visited without recursion.
std::vector<const json*> all_objects(const json& root) {
    std::vector<const json*> out, stack{&root};
    while (!stack.empty()) {
        const json* v = stack.back();
        stack.pop_back();
        if (v->is_object()) {
            out.push_back(v);
            for (auto it = v->rbegin(); it != v->rend(); ++it)
                if (it->is_structured()) stack.push_back(&*it);
        } else if (v->is_array()) {
            for (auto it = v->rbegin(); it != v->rend(); ++it)
                if (it->is_structured()) stack.push_back(&*it);
        }
    }
    return out;
}

std::string string_of(const json& obj, std::string_view key) {
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    if (it->is_string()) return clean_text(decode_references(it->get_ref<const std::string&>()));
    if (it->is_array() && !it->empty() && it->front().is_string())
        return clean_text(decode_references(it->front().get_ref<const std::string&>()));
    return {};
}

std::string name_of(const json& v) {
    if (v.is_string()) return clean_text(decode_references(v.get_ref<const std::string&>()));
    if (v.is_object()) return string_of(v, "name");
    return {};
}

void add_names(const json& v, std::vector<std::string>& out) {
    std::vector<const json*> items;
    if (v.is_array())
        for (const auto& x : v) items.push_back(&x);
    else
        items.push_back(&v);
    for (const json* x : items) {
        std::string n = name_of(*x);
        if (n.empty() || looks_like_url(n)) continue;
        for (auto& part : names_from_byline(n))
            if (std::find(out.begin(), out.end(), part) == out.end()) out.push_back(std::move(part));
    }
}

struct JsonLd {
    std::string headline, date, publisher, language;
    std::vector<std::string> authors;
    std::vector<std::string> organisations;  // authors typed Organization
    std::vector<std::string> types;          // @type of every object
};

bool is_organisation_type(std::string_view t) {
    return t == "Organization" || t == "NewsMediaOrganization" || t == "Corporation" || t == "WebSite";
}

JsonLd read_json_ld(const Tree& tree) {
    JsonLd out;
    const json* article = nullptr;
    std::vector<json> docs;
    for (std::uint32_t i = 0; i < tree.size(); ++i) {
        if (tree.nodes[i].tag != Tag::script) continue;
        if (tree.attr(i, "type").find("ld+json") == std::string_view::npos) continue;
        std::string body;
        for (std::uint32_t c = tree.nodes[i].first_child; c != no_node; c = tree.nodes[c].next_sibling)
            if (tree.nodes[c].tag == Tag::text) body.append(tree.text(c));
        if (body.size() > (std::size_t{4} << 20)) continue;
        // Pages often put raw line breaks inside JSON strings; JSON forbids them.
        for (char& c : body)
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        json doc = json::parse(body, nullptr, false);
        if (!doc.is_discarded()) docs.push_back(std::move(doc));
    }
    std::vector<const json*> objects;
    for (const auto& d : docs)
        for (const json* o : all_objects(d)) objects.push_back(o);
    for (const json* o : objects)
        if (auto it = o->find("@type"); it != o->end()) {
            if (it->is_string()) out.types.push_back(it->get<std::string>());
            else if (it->is_array())
                for (const auto& t : *it)
                    if (t.is_string()) out.types.push_back(t.get<std::string>());
        }
    for (const json* o : objects)
        if (has_type(*o, is_article_type)) {
            article = o;
            break;
        }
    if (!article)
        for (const json* o : objects)
            if (o->contains("headline")) {
                article = o;
                break;
            }
    if (article) {
        out.headline = string_of(*article, "headline");
        if (out.headline.empty()) out.headline = string_of(*article, "name");
        out.date = string_of(*article, "datePublished");
        if (out.date.empty()) out.date = string_of(*article, "dateCreated");
        out.language = string_of(*article, "inLanguage");
        if (auto it = article->find("author"); it != article->end()) {
            add_names(*it, out.authors);
            std::vector<const json*> items;
            if (it->is_array())
                for (const auto& x : *it) items.push_back(&x);
            else
                items.push_back(&*it);
            for (const json* x : items)
                if (x->is_object() && has_type(*x, is_organisation_type)) out.organisations.push_back(name_of(*x));
        }
        if (out.authors.empty())
            if (auto it = article->find("creator"); it != article->end()) add_names(*it, out.authors);
        if (auto it = article->find("publisher"); it != article->end()) {
            if (it->is_array() && !it->empty()) out.publisher = name_of(it->front());
            else out.publisher = name_of(*it);
        }
    }
    if (out.publisher.empty())
        for (const json* o : objects)
            if (has_type(*o, [](std::string_view t) { return t == "NewsMediaOrganization" || t == "Organization"; })) {
                out.publisher = string_of(*o, "name");
                if (!out.publisher.empty()) break;
            }
    return out;
}

// ---- dates -----------------------------------------------------------------

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
    if (pos + n > s.size()) return false;
    value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

std::string two(int v) {
    std::string s = std::to_string(v);
    return s.size() < 2 ? "0" + s : s;
}

std::string iso_date(int y, int mo, int d) {
    if (y < 1000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31) return {};
    return std::to_string(y) + "-" + two(mo) + "-" + two(d);
}

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string l = text::lower_ascii(name.substr(0, 3));
    for (std::size_t i = 0; i < months.size(); ++i)
        if (l == months[i]) return static_cast<int>(i) + 1;
    return 0;
}

// "10:15", "10:15:00", "10:15:00.123" then an optional zone.
std::string iso_time(std::string_view s) {
    int h = 0, m = 0, sec = 0;
    if (!digits(s, 0, 2, h) || s.size() < 5 || s[2] != ':' || !digits(s, 3, 2, m) || h > 23 || m > 59) return {};
    std::string out = two(h) + ":" + two(m);
    std::size_t i = 5;
    if (i < s.size() && s[i] == ':' && digits(s, i + 1, 2, sec)) {
        out += ":" + two(sec);
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        }
    }
    while (i < s.size() && s[i] == ' ') ++i;
    std::string_view zone = s.substr(i);
    if (zone.empty()) return out;
    if (zone[0] == 'Z' || zone == "GMT" || zone == "UTC" || zone == "UT") return out + "Z";
    int zh = 0, zm = 0;
    if ((zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2, zh)) {
        std::size_t j = 3;
        if (j < zone.size() && zone[j] == ':') ++j;
        if (!digits(zone, j, 2, zm)) zm = 0;
        return out + zone[0] + two(zh) + ":" + two(zm);
    }
    return out;
}

}  // namespace

std::string normalize_date(std::string_view s) {
    std::string t = text::collapse_whitespace(s);
    std::string_view v = t;
    int y = 0, mo = 0, d = 0;
    // 2019-02-24, 2019/02/24, 2019.02.24, then an optional time
    if (digits(v, 0, 4, y) && v.size() >= 10 && (v[4] == '-' || v[4] == '/' || v[4] == '.') && v[7] == v[4] &&
        digits(v, 5, 2, mo) && digits(v, 8, 2, d)) {
        std::string date = iso_date(y, mo, d);
        if (date.empty()) return {};
        if (v.size() > 11 && (v[10] == 'T' || v[10] == ' ')) {
            std::string time = iso_time(v.substr(11));
            if (!time.empty()) return date + "T" + time;
        }
        return date;
    }
    // Sun, 24 Feb 2019 10:15:00 GMT   /   24 Feb 2019   /   February 24, 2019
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < v.size()) {
        while (i < v.size() && (v[i] == ' ' || v[i] == ',')) ++i;
        std::size_t b = i;
        while (i < v.size() && v[i] != ' ' && v[i] != ',') ++i;
        if (i > b) parts.push_back(v.substr(b, i - b));
    }
    std::size_t k = 0;
    if (!parts.empty() && parts[0].size() >= 3 && month_number(parts[0]) == 0 &&
        !(parts[0][0] >= '0' && parts[0][0] <= '9'))
        k = 1;  // weekday
    if (parts.size() >= k + 3) {
        int a = 0, c = 0;
        auto num = [](std::string_view p, int& out) {
            auto r = std::from_chars(p.data(), p.data() + p.size(), out);
            return r.ec == std::errc{} && r.ptr == p.data() + p.size();
        };
        std::string date;
        if (num(parts[k], a) && (mo = month_number(parts[k + 1])) && num(parts[k + 2], c)) date = iso_date(c, mo, a);
        else if ((mo = month_number(parts[k])) && num(parts[k + 1], a) && num(parts[k + 2], c)) date = iso_date(c, mo, a);
        if (date.empty()) return {};
        if (parts.size() >= k + 4) {
            std::string rest(parts[k + 3]);
            if (parts.size() >= k + 5) rest += " " + std::string(parts[k + 4]);
            std::string time = iso_time(rest);
            if (!time.empty()) return date + "T" + time;
        }
        return date;
    }
    return {};
}

std::string normalize_language(std::string_view s) {
    std::string t;
    for (char c : s) {
        if (c == '_') c = '-';
        if (c == ' ' || c == '\t') continue;
        t += c;
    }
    // primary subtag of 2-3 letters, then subtags of 1-8 letters or digits
    std::size_t i = 0, n = t.size();
    std::size_t b = i;
    while (i < n && ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')) ++i;
    if (i - b < 2 || i - b > 3) return {};
    for (std::size_t j = b; j < i; ++j) t[j] = static_cast<char>(t[j] | 0x20);
    while (i < n) {
        if (t[i] != '-') return t.substr(0, i);
        std::size_t s0 = ++i;
        while (i < n && std::isalnum(static_cast<unsigned char>(t[i]))) ++i;
        if (i - s0 < 1 || i - s0 > 8) return t.substr(0, s0 - 1);
        if (i - s0 == 2)  // region
            for (std::size_t j = s0; j < i; ++j) t[j] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[j])));
    }
    return t;
}

namespace {

// The site's own name on one side of a separator taken off; nothing when the
// title does not carry it.
std::optional<std::string> known_site_removed(const std::string& t, std::string_view site) {
    std::string site_key = compare_key(site);
    if (site_key.empty()) return std::nullopt;
    for (const auto& sep : Cues::get().site_separators) {
        std::size_t pos = t.rfind(sep);
        if (pos != std::string::npos && pos > 0 && compare_key(t.substr(pos + sep.size())) == site_key)
            return text::collapse_whitespace(t.substr(0, pos));
        pos = t.find(sep);
        if (pos != std::string::npos && pos > 0 && compare_key(t.substr(0, pos)) == site_key)
            return text::collapse_whitespace(t.substr(pos + sep.size()));
    }
    return std::nullopt;
}

}  // namespace

std::string strip_known_site_name(std::string_view title, std::string_view site) {
    std::string t = text::collapse_whitespace(title);
    auto bare = known_site_removed(t, site);
    return bare ? *bare : t;
}

std::string strip_site_name(std::string_view title, std::string_view site) {
    std::string t = text::collapse_whitespace(title);
    const auto& seps = Cues::get().site_separators;
    // The site's own name on one side of a separator.
    if (auto bare = known_site_removed(t, site)) return *bare;
    // Else the last separator, when what follows it is short next to the
    // headline before it.
    std::size_t best = std::string::npos, best_len = 0;
    for (const auto& sep : seps) {
        std::size_t pos = t.rfind(sep);
        if (pos != std::string::npos && pos > 0 && (best == std::string::npos || pos > best)) {
            best = pos;
            best_len = sep.size();
        }
    }
    // A separator written without spaces counts right after a sentence
    // mark ("英雄的城！-新华网"), where it cannot be a hyphen inside a word.
    for (std::string_view bare : {"-", "_", "|", "\xE2\x80\x93", "\xE2\x80\x94"}) {
        std::size_t pos = t.rfind(bare);
        if (pos == std::string::npos || pos == 0 || (best != std::string::npos && pos <= best)) continue;
        std::size_t start = pos - 1;
        while (start > 0 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) --start;
        std::size_t k = start;
        if (is_sentence_end(text::next_code_point(t, k))) {
            best = pos;
            best_len = bare.size();
        }
    }
    if (best != std::string::npos) {
        std::string_view left = std::string_view(t).substr(0, best);
        std::string_view right = std::string_view(t).substr(best + best_len);
        std::size_t lg = text::grapheme_length(left), rg = text::grapheme_length(right);
        if (rg > 0 && rg <= 30 && lg >= 2 * rg) return text::collapse_whitespace(left);
    }
    return t;
}

std::vector<std::string> names_from_byline(std::string_view byline) {
    const Cues& cues = Cues::get();
    std::string t = text::collapse_whitespace(byline);
    // Names never hold digits: a date or time after them ends the byline.
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] >= '0' && t[i] <= '9') {
            t.resize(i);
            break;
        }
    for (int round = 0; round < 2; ++round) {
        for (const auto& p : cues.byline_prefixes) {
            std::string key = phrase_key(t.substr(0, std::min(t.size(), p.size() * 2 + 4)));
            std::string pk = phrase_key(p);
            if (key.rfind(pk, 0) != 0) continue;
            // find where the prefix ends in the original text: after as many
            // letters as the prefix has words' letters, at a space or colon
            std::size_t words = static_cast<std::size_t>(std::count(p.begin(), p.end(), ' ')) + 1;
            std::size_t i = 0, seen = 0;
            while (i < t.size() && seen < words) {
                while (i < t.size() && (t[i] == ' ' || t[i] == ':')) ++i;
                while (i < t.size() && t[i] != ' ' && t[i] != ':') ++i;
                ++seen;
            }
            if (i < t.size() && t[i] != ' ' && t[i] != ':') continue;
            // the prefix must be a whole word: "Byron" is not "By"
            if (compare_key(t.substr(0, i)) != compare_key(p)) continue;
            t = text::collapse_whitespace(t.substr(i));
            while (!t.empty() && (t.front() == ':' || t.front() == ' ')) t.erase(0, 1);
            break;
        }
    }
    std::vector<std::string> parts{t};
    for (const auto& sep : cues.name_separators) {
        std::vector<std::string> next;
        for (const auto& part : parts) {
            std::size_t start = 0;
            while (true) {
                std::size_t pos = part.find(sep, start);
                next.push_back(part.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
                if (pos == std::string::npos) break;
                start = pos + sep.size();
            }
        }
        parts = std::move(next);
    }
    std::vector<std::string> out;
    for (auto& p : parts) {
        std::string n = text::collapse_whitespace(p);
        n = trim_punctuation(n);
        n = text::collapse_whitespace(n);
        if (n.empty() || looks_like_url(n)) continue;
        std::size_t words = static_cast<std::size_t>(std::count(n.begin(), n.end(), ' ')) + 1;
        if (words > 6 || text::grapheme_length(n) > 60) continue;
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
    }
    return out;
}

bool is_organisation(const PageMeta& meta, std::string_view name) {
    std::string key = compare_key(name);
    if (key.empty()) return false;
    for (const auto& o : meta.organisations)
        if (compare_key(o) == key) return true;
    if (meta.publisher && compare_key(*meta.publisher) == key) return true;
    // the site's own domain name: one word found in the page's host
    if (meta.canonical_url && name.find(' ') == std::string_view::npos && key.size() >= 3) {
        std::string_view url = *meta.canonical_url;
        std::size_t scheme = url.find("://");
        std::string_view host = url.substr(scheme == std::string_view::npos ? 0 : scheme + 3);
        host = host.substr(0, host.find('/'));
        if (compare_key(host).find(key) != std::string::npos) return true;
    }
    return false;
}

std::string byline_tail(std::string_view line) {
    std::string t = text::collapse_whitespace(line);
    if (t.empty() || text::grapheme_length(t) > 100) return {};
    const auto& prefixes = Cues::get().byline_prefixes;
    // "<word>:" anywhere at a word start, or "<word> " opening the line
    for (std::size_t pos = 0; pos < t.size(); ++pos) {
        if (pos > 0 && t[pos - 1] != ' ' && static_cast<unsigned char>(t[pos - 1]) < 0x80 &&
            std::isalnum(static_cast<unsigned char>(t[pos - 1])))
            continue;
        if ((static_cast<unsigned char>(t[pos]) & 0xC0) == 0x80) continue;  // inside a character
        for (const auto& p : prefixes) {
            if (t.size() - pos < p.size() || !starts_with_ci(std::string_view(t).substr(pos), p)) continue;
            std::size_t after = pos + p.size();
            while (after < t.size() && t[after] == ' ') ++after;
            bool colon = after < t.size() && t[after] == ':';
            bool wide_colon = t.compare(after, 3, "\xEF\xBC\x9A") == 0;
            if (colon || wide_colon) return text::collapse_whitespace(t.substr(after + (colon ? 1 : 3)));
            // "By Name" only at the start, and only for words written with a space after
            if (pos == 0 && after > p.size() && after < t.size() && std::isupper(static_cast<unsigned char>(t[after])))
                return t.substr(after);
        }
    }
    return {};
}

std::string decode_references(std::string_view s) {
    if (s.find('&') == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '&') {
            out += s[i++];
            continue;
        }
        std::size_t semi = s.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 32) {
            out += s[i++];
            continue;
        }
        std::string_view ref = s.substr(i + 1, semi - i - 1);
        char32_t cp = 0;
        if (!ref.empty() && ref[0] == '#') {
            unsigned value = 0;
            bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
            std::string_view num = ref.substr(hex ? 2 : 1);
            auto r = std::from_chars(num.data(), num.data() + num.size(), value, hex ? 16 : 10);
            if (r.ec == std::errc{} && r.ptr == num.data() + num.size() && value > 0 && value < 0x110000 &&
                !(value >= 0xD800 && value < 0xE000))
                cp = value;
        } else if (!ref.empty()) {
            const htmlEntityDesc* e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(std::string(ref).c_str()));
            if (e) cp = e->value;
        }
        if (cp == 0) {
            out += s[i++];
            continue;
        }
        text::append_utf8(out, cp);
        i = semi + 1;
    }
    return out;
}

PageMeta read_metadata(const Tree& tree) {
    PageMeta m;
    HeadMeta head = collect_meta(tree);
    JsonLd ld = read_json_ld(tree);

    std::string doc_title;
    for (std::uint32_t i = 0; i < tree.size(); ++i) {
        const Node& n = tree.nodes[i];
        if (n.tag == Tag::title && doc_title.empty()) {
            doc_title = subtree_text(tree, i);
            // subtree_text skips a node's invisible descendants only; the
            // <title> itself is "invisible" body text but read here
            if (doc_title.empty())
                for (std::uint32_t c = n.first_child; c != no_node; c = tree.nodes[c].next_sibling)
                    if (tree.nodes[c].tag == Tag::text) doc_title += tree.text(c);
            doc_title = clean_text(doc_title);
        } else if (n.tag == Tag::link) {
            std::string rel = text::lower_ascii(tree.attr(i, "rel"));
            if (rel == "canonical" && !m.canonical_url) m.canonical_url = std::string(tree.attr(i, "href"));
        }
    }
    // Visible <h1> elements (not inside hidden or invisible ancestors), and
    // the <h2>/<h3> ones of pages that keep <h1> for their logo.
    std::vector<std::uint32_t> lower_headings;
    {
        std::uint32_t skip_end = 0;
        for (std::uint32_t i = 1; i < tree.size(); ++i) {
            if (i < skip_end) continue;
            const Node& n = tree.nodes[i];
            if (n.tag == Tag::text) continue;
            if (is_invisible(n.tag) || is_hidden(tree, i)) {
                skip_end = n.end;
                continue;
            }
            if (n.tag == Tag::h1 && !subtree_text(tree, i).empty()) m.h1_nodes.push_back(i);
            if (n.tag == Tag::h2 || n.tag == Tag::h3) lower_headings.push_back(i);
        }
    }

    std::string site(head.get("og:site_name"));
    if (site.empty()) site = ld.publisher;
    std::string og(head.get("og:title"));
    std::string tw(head.get("twitter:title"));
    std::string doc_title_bare = strip_site_name(doc_title, site);
    std::string og_bare = og.empty() ? std::string() : strip_site_name(og, site);

    // The on-page headline when it agrees with what the head says.
    auto agrees = [&](const std::string& t) {
        return (!og.empty() && titles_agree(t, og_bare)) || (!ld.headline.empty() && titles_agree(t, ld.headline)) ||
               (!doc_title.empty() && titles_agree(t, doc_title_bare)) || (!tw.empty() && titles_agree(t, tw));
    };
    for (const auto* list : {&m.h1_nodes, &lower_headings}) {
        for (std::uint32_t h : *list) {
            std::string t = subtree_text(tree, h);
            if (t.empty() || compare_key(t) == compare_key(site) || !agrees(t)) continue;
            m.title = t;
            m.title_source = std::string(tag_name(tree.nodes[h].tag)) + " (agrees with the page head)";
            m.title_node = h;
            break;
        }
        if (m.title) break;
    }
    // The article's JSON-LD headline is what the publisher declares the
    // headline to be. Next to a visible headline with the same words it gives
    // the punctuation (it may leave out quotation marks the page sets around
    // a quote), unless the two differ only in how the same marks are set
    // (a CMS that curls the quotes of the visible headline only): then the
    // visible text stays. Without such a headline on the page it comes before
    // og:title when it agrees with the head, less the site's own name.
    if (!ld.headline.empty()) {
        if (m.title) {
            if (compare_key(*m.title) == compare_key(ld.headline) &&
                typography_key(*m.title) != typography_key(ld.headline)) {
                m.title = ld.headline;
                m.title_source = "json-ld headline (the words of the " + std::string(tag_name(tree.nodes[m.title_node].tag)) + ")";
            }
        } else if ((!og.empty() && titles_agree(ld.headline, og)) || (!doc_title.empty() && titles_agree(ld.headline, doc_title)) ||
                   (!tw.empty() && titles_agree(ld.headline, tw))) {
            m.title = strip_known_site_name(ld.headline, site);
            m.title_source = "json-ld headline (agrees with the page head)";
        }
    }
    if (!m.title && !og_bare.empty()) m.title = og_bare, m.title_source = "og:title";
    if (!m.title && !ld.headline.empty()) m.title = ld.headline, m.title_source = "json-ld headline";
    if (!m.title && !m.h1_nodes.empty()) {
        std::string t = subtree_text(tree, m.h1_nodes.front());
        if (text::grapheme_length(t) <= 300) {
            m.title = t;
            m.title_source = "first h1";
            m.title_node = m.h1_nodes.front();
        }
    }
    if (!m.title && !doc_title_bare.empty()) m.title = doc_title_bare, m.title_source = "title element";

    // Authors: JSON-LD, then meta tags.
    if (!ld.authors.empty()) {
        m.authors = ld.authors;
        m.authors_source = "json-ld author";
    }
    if (m.authors.empty())
        for (std::string_view key : {"author", "article:author", "dc.creator", "sailthru.author", "parsely-author",
                                     "byl"}) {
            std::string_view v = head.get(key);
            if (v.empty() || looks_like_url(v)) continue;
            m.authors = names_from_byline(v);
            if (!m.authors.empty()) {
                m.authors_source = "meta " + std::string(key);
                break;
            }
        }

    for (const auto& o : ld.organisations) m.organisations.push_back(o);
    if (!site.empty()) m.organisations.push_back(site);
    if (!ld.publisher.empty()) m.organisations.push_back(ld.publisher);
    if (!site.empty()) m.publisher = site;
    else if (auto v = head.get("application-name"); !v.empty()) m.publisher = std::string(v);

    // Date: JSON-LD, meta tags, then the first <time datetime>.
    std::vector<std::string> dates{ld.date};
    for (std::string_view key : {"article:published_time", "datepublished", "og:published_time", "pubdate",
                                 "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created",
                                 "sailthru.date", "parsely-pub-date", "article.published"})
        dates.emplace_back(head.get(key));
    for (const auto& d : dates) {
        std::string iso = normalize_date(d);
        if (!iso.empty()) {
            m.date = iso;
            break;
        }
    }
    if (!m.date)
        for (std::uint32_t i = 0; i < tree.size() && !m.date; ++i)
            if (tree.nodes[i].tag == Tag::time) {
                std::string iso = normalize_date(tree.attr(i, "datetime"));
                if (!iso.empty()) m.date = iso;
            }

    for (std::string_view v : {tree.attr(0, "lang"), tree.attr(0, "xml:lang"), head.get("content-language"),
                               head.get("language"), std::string_view(ld.language), head.get("og:locale")}) {
        std::string l = normalize_language(v);
        if (!l.empty()) {
            m.language = l;
            break;
        }
    }
    m.json_ld_types = std::move(ld.types);
    m.og_type = text::lower_ascii(head.get("og:type"));
    if (!m.canonical_url)
        if (auto v = head.get("og:url"); !v.empty()) m.canonical_url = std::string(v);
    if (auto v = head.get("og:description"); !v.empty()) m.description = std::string(v);
    else if (auto d = head.get("description"); !d.empty()) m.description = std::string(d);
    return m;
}

}  // namespace scrapedoc::html
