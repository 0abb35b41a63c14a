#include "readers/html/metadata.hpp"

#include <libxml/HTMLparser.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
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

// Without punctuation and spaces at either end (whole code points), except
// a closing bracket whose opening one is kept ("Ana Lima (Reuters)") and the
// full stop of an abbreviation ("Ph.D.", "Jr.").
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
        char32_t c = text::next_code_point(s, k);
        if (!strip(c)) break;
        std::string_view kept = s.substr(begin, start - begin);
        if ((c == ')' && kept.find('(') != std::string_view::npos) || (c == ']' && kept.find('[') != std::string_view::npos))
            break;
        if (c == '.' && !kept.empty() && std::isalpha(static_cast<unsigned char>(kept.back()))) {
            std::string_view word = kept.substr(kept.rfind(' ') == std::string_view::npos ? 0 : kept.rfind(' ') + 1);
            std::string key;
            for (char ch : word)
                if (std::isalnum(static_cast<unsigned char>(ch))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            const auto& post = Cues::get().postnominals;
            if (word.find('.') != std::string_view::npos || std::binary_search(post.begin(), post.end(), key)) break;
        }
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
            if (!key.empty()) m.entries.emplace_back(text::lower_ascii(key), clean_text(decode_references(content)));
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

bool is_organisation_type(std::string_view t);

// The names in a JSON-LD person's name: split as a byline is ("A and B"),
// but a part that is only capitals ("FAND", "CEPF®") is letters after the
// name before it, as the person's name holds no organisation.
std::vector<std::string> person_names(std::string_view name) {
    std::vector<std::string> out;
    for (auto& part : names_from_byline(name)) {
        bool capitals = !out.empty() && part.size() <= 8 && part.find(' ') == std::string::npos;
        int letters = 0;
        for (char c : part) {
            if (std::isupper(static_cast<unsigned char>(c))) ++letters;
            else if (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))) capitals = false;
        }
        if (capitals && letters >= 2) out.back() += ", " + part;
        else out.push_back(std::move(part));
    }
    return out;
}

// JSON-LD objects by their "@id", for values that only refer to one
// ({"author": {"@id": "#/schema/person/1"}}, as @graph documents write them).
class IdIndex {
public:
    void add(const json& o) {
        auto it = o.find("@id");
        if (it == o.end() || !it->is_string() || o.size() < 2) return;
        ids_.emplace_back(it->get_ref<const std::string&>(), &o);
    }
    // The object a value stands for: itself, or the one its "@id" names.
    const json& resolve(const json& v) const {
        if (!v.is_object() || v.contains("name")) return v;
        auto it = v.find("@id");
        if (it == v.end() || !it->is_string()) return v;
        for (const auto& [id, o] : ids_)
            if (id == it->get_ref<const std::string&>()) return *o;
        return v;
    }

private:
    std::vector<std::pair<std::string, const json*>> ids_;
};

void add_names(const json& v, const IdIndex& ids, std::vector<std::string>& out) {
    std::vector<const json*> items;
    if (v.is_array())
        for (const auto& x : v) items.push_back(&x);
    else
        items.push_back(&v);
    for (const json* x : items) {
        const json& item = ids.resolve(*x);
        std::string n = name_of(item);
        if (n.empty() || looks_like_url(n)) continue;
        std::vector<std::string> parts;
        // an organisation's name is one name ("Center for A and B")
        if (item.is_object() && has_type(item, is_organisation_type)) parts.push_back(n);
        else parts = person_names(n);
        for (auto& part : parts)
            if (std::find(out.begin(), out.end(), part) == out.end()) out.push_back(std::move(part));
    }
}

struct JsonLd {
    std::string headline, date, publisher, language;
    std::vector<std::string> authors;
    std::vector<std::string> organisations;  // authors typed Organization
    std::vector<std::string> types;          // @type of every object
    std::vector<std::string> site_names;     // names of WebSite and Organization objects
    bool is_product = false;                 // the page declares a Product
    bool is_article = false;                 // the page declares an article (a type of is_article_type)
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
    IdIndex ids;
    for (const auto& d : docs)
        for (const json* o : all_objects(d)) {
            objects.push_back(o);
            ids.add(*o);
        }
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
            out.is_article = true;
            break;
        }
    // A question and answer page: its question, asked by its author (an
    // FAQ's questions have no author).
    if (!article)
        for (const json* o : objects)
            if (has_type(*o, [](std::string_view t) { return t == "Question"; }) && o->contains("author")) {
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
            add_names(*it, ids, out.authors);
            std::vector<const json*> items;
            if (it->is_array())
                for (const auto& x : *it) items.push_back(&x);
            else
                items.push_back(&*it);
            for (const json* x : items)
                if (const json& r = ids.resolve(*x); r.is_object() && has_type(r, is_organisation_type))
                    out.organisations.push_back(name_of(r));
        }
        if (out.authors.empty())
            if (auto it = article->find("creator"); it != article->end()) add_names(*it, ids, out.authors);
        if (auto it = article->find("publisher"); it != article->end()) {
            if (it->is_array() && !it->empty()) out.publisher = name_of(ids.resolve(it->front()));
            else out.publisher = name_of(ids.resolve(*it));
        }
    }
    for (const json* o : objects) {
        if (has_type(*o, is_organisation_type))
            if (std::string n = string_of(*o, "name"); !n.empty()) out.site_names.push_back(std::move(n));
        if (has_type(*o, [](std::string_view t) { return t == "Product" || t == "ProductGroup"; })) out.is_product = true;
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

bool SiteNames::names(std::string_view part) const {
    std::string k = compare_key(part);
    if (k.empty()) return false;
    for (const auto& key : keys)
        if (k == key) return true;
    if (host_label.empty()) return false;
    if (k == host_label) return true;
    // a word of the label ("Nutrition" on nutritionsource.org) ...
    if (k.size() >= 4 && host_label.find(k) != std::string::npos) return true;
    // ... or the label and a word or two ("Raspberry Pi Forums")
    return host_label.size() >= 4 && k.size() <= host_label.size() + 12 && k.find(host_label) != std::string::npos;
}

std::string host_label(std::string_view url) {
    std::size_t scheme = url.find("://");
    std::string_view host = url.substr(scheme == std::string_view::npos ? 0 : scheme + 3);
    host = host.substr(0, host.find_first_of("/?#:"));
    std::vector<std::string_view> labels;
    while (!host.empty()) {
        std::size_t dot = host.find('.');
        if (dot != 0) labels.push_back(host.substr(0, dot));
        if (dot == std::string_view::npos) break;
        host.remove_prefix(dot + 1);
    }
    if (labels.size() < 2) return {};
    // "bbc.co.uk": a country's second-level suffix before a two-letter code
    static constexpr std::array<std::string_view, 14> second_level = {"co", "com", "org", "net", "ac", "gov", "edu",
                                                                      "or", "ne", "go", "gob", "ltd", "plc", "sch"};
    std::size_t main = labels.size() - 2;
    std::string second = text::lower_ascii(labels[main]);
    if (labels.size() >= 3 && labels.back().size() == 2 &&
        std::find(second_level.begin(), second_level.end(), second) != second_level.end())
        main = labels.size() - 3;
    std::string key = compare_key(labels[main]);
    if (key.size() < 3 || key == "www") return {};
    return key;
}

bool is_profile_link(std::string_view href_raw, const std::vector<std::string>& parts, const std::string& site_label) {
    std::string href = text::lower_ascii(href_raw);
    if (href.find("://") != std::string::npos || href.rfind("//", 0) == 0) {
        if (site_label.empty() || host_label(href.rfind("//", 0) == 0 ? "http:" + href : href) != site_label) return false;
    }
    for (const auto& p : parts) {
        std::size_t pos = href.find(p);
        if (pos == std::string::npos) continue;
        std::string_view rest = std::string_view(href).substr(pos + p.size());
        while (!rest.empty() && (rest.front() == '&' || rest.front() == '?')) rest.remove_prefix(1);  // "...&u=42"
        std::string_view segment = rest.substr(0, rest.find_first_of("/?#&"));
        if (segment.empty()) continue;
        const auto& actions = Cues::get().profile_actions;
        if (std::find(actions.begin(), actions.end(), segment) != actions.end()) continue;
        return true;
    }
    return false;
}

bool reads_as_name(std::string_view text) {
    const auto& actions = Cues::get().profile_actions;
    std::string key = compare_key(text);
    for (const auto& a : actions)
        if (compare_key(a) == key) return false;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t b = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i == b) break;
        std::string_view word = text.substr(b, i - b);
        std::size_t k = 0;
        auto first = static_cast<UChar32>(text::next_code_point(word, k));
        if (u_islower(first) && text::grapheme_length(word) > 3 && text.find(' ') != std::string_view::npos) return false;
    }
    return true;
}

namespace {

// Where the first (or last) separator of a list is in a title, and its length.
std::pair<std::size_t, std::size_t> find_separator(std::string_view t, const std::vector<std::string>& seps, bool last) {
    std::size_t best = std::string_view::npos, len = 0;
    for (const auto& sep : seps) {
        std::size_t pos = last ? t.rfind(sep) : t.find(sep);
        if (pos == std::string_view::npos || pos == 0) continue;
        if (best == std::string_view::npos || (last ? pos > best : pos < best) || (pos == best && sep.size() > len)) {
            best = pos;
            len = sep.size();
        }
    }
    return {best, len};
}

// Parts that name the site taken off either end ("Section - Headline |
// Site"), the last part first; a title never loses its last part.
std::string site_parts_removed(std::string_view title, const SiteNames& site) {
    std::string t = text::collapse_whitespace(title);
    const auto& seps = Cues::get().site_separators;
    for (int round = 0; round < 3; ++round) {
        auto [last, last_len] = find_separator(t, seps, true);
        if (last != std::string::npos && site.names(std::string_view(t).substr(last + last_len))) {
            std::string rest = text::collapse_whitespace(std::string_view(t).substr(0, last));
            if (!compare_key(rest).empty()) {
                t = std::move(rest);
                continue;
            }
        }
        auto [first, first_len] = find_separator(t, seps, false);
        if (first != std::string::npos && site.names(std::string_view(t).substr(0, first))) {
            std::string rest = text::collapse_whitespace(std::string_view(t).substr(first + first_len));
            if (!compare_key(rest).empty()) {
                t = std::move(rest);
                continue;
            }
        }
        break;
    }
    return t;
}

SiteNames one_site(std::string_view site) {
    SiteNames names;
    if (std::string k = compare_key(site); !k.empty()) names.keys.push_back(std::move(k));
    return names;
}

}  // namespace

std::string strip_known_site_name(std::string_view title, std::string_view site) {
    return site_parts_removed(title, one_site(site));
}

std::string strip_site_name(std::string_view title, std::string_view site) {
    return strip_site_name(title, one_site(site));
}

std::string strip_site_name(std::string_view title, const SiteNames& site) {
    std::string t = text::collapse_whitespace(title);
    // Parts that name the site.
    if (std::string bare = site_parts_removed(t, site); bare != t) return bare;
    // Else the last separator, when what follows it is short next to the
    // headline before it.
    auto [best, best_len] = find_separator(t, Cues::get().site_separators, true);
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

std::string leading_title_part(std::string_view title) {
    std::string t = text::collapse_whitespace(title);
    auto [pos, len] = find_separator(t, Cues::get().title_separators, false);
    if (pos == std::string::npos) return t;
    std::string lead = text::collapse_whitespace(std::string_view(t).substr(0, pos));
    return compare_key(lead).empty() ? t : lead;
}

std::string heading_title_text(const Tree& tree, std::uint32_t heading, const SiteNames& site) {
    std::string t = subtree_text(tree, heading);
    // Documentation generators end a heading with a link to itself: "¶",
    // "§", "#" or a link symbol.
    while (!t.empty()) {
        std::string_view v = t;
        std::size_t cut = std::string::npos;
        for (std::string_view mark : {"\xC2\xB6", "\xC2\xA7", "\xF0\x9F\x94\x97", "#"})
            if (v.size() >= mark.size() && v.substr(v.size() - mark.size()) == mark) {
                std::size_t at = v.size() - mark.size();
                // '#' only as a word of its own ("C#" is a name)
                if (mark == "#" && at > 0 && v[at - 1] != ' ') continue;
                cut = at;
                break;
            }
        if (cut == std::string::npos) break;
        t = text::collapse_whitespace(v.substr(0, cut));
    }
    return site_parts_removed(t, site);
}

namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// The part of a byline that holds the names: before the first number or date
// ("Ana Lima 3 May 2024", "Seth Fiegerman2014-01-26"), less the month,
// weekday and linking words in front of it ("on", "Updated",
// byline-ends.txt), or before a mark after which a role or a date follows
// ("Ana Lima · Editor"). Digits inside a word stay: user names hold them
// ("paulb203").
std::string byline_names_part(std::string_view byline) {
    const Cues& cues = Cues::get();
    std::string t = text::collapse_whitespace(byline);
    std::size_t date = std::string::npos;
    for (std::size_t i = 0; i < t.size() && date == std::string::npos; ++i) {
        if (!is_ascii_digit(t[i])) continue;
        bool word_start = i == 0 || t[i - 1] == ' ' || t[i - 1] == '(' || t[i - 1] == ',' || t[i - 1] == '[';
        std::size_t j = i;
        while (j < t.size() && is_ascii_digit(t[j])) ++j;
        bool glued_date = j + 1 < t.size() && (t[j] == '-' || t[j] == '/' || t[j] == '.' || t[j] == ':') &&
                          is_ascii_digit(t[j + 1]);
        // "Ana Lima3 hours ago": a number glued to the name, then a date word
        if (!glued_date && j + 1 < t.size() && t[j] == ' ') {
            std::size_t w_end = t.find(' ', j + 1);
            std::string next = phrase_key(std::string_view(t).substr(j + 1, w_end == std::string::npos ? std::string::npos : w_end - j - 1));
            glued_date = !next.empty() && std::binary_search(cues.byline_end_words.begin(), cues.byline_end_words.end(), next);
        }
        // a number or an ordinal ("26th"), not a word that opens with digits ("3i Global")
        std::size_t letters = j;
        while (letters < t.size() && std::isalpha(static_cast<unsigned char>(t[letters]))) ++letters;
        std::string suffix = text::lower_ascii(std::string_view(t).substr(j, letters - j));
        bool number = suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
        if ((word_start && number) || glued_date) date = i;
        i = j;
    }
    std::size_t end = date;
    std::string padded = " " + t + " ";
    for (const auto& mark : cues.byline_end_marks) {
        std::size_t pos = padded.find(mark);
        if (pos != std::string::npos && pos >= 1 && pos - 1 < end) end = pos - 1;
    }
    if (end == std::string::npos) return t;
    std::string names = text::collapse_whitespace(std::string_view(t).substr(0, end));
    if (end != date) return names;
    // the words between the names and the date
    while (true) {
        std::size_t sp = names.rfind(' ');
        if (sp == std::string::npos) break;
        std::string key = phrase_key(std::string_view(names).substr(sp + 1));
        bool linking = key.empty() || std::binary_search(cues.byline_end_words.begin(), cues.byline_end_words.end(), key);
        if (!linking) break;
        names = text::collapse_whitespace(std::string_view(names).substr(0, sp));
    }
    return names;
}

// Whether a part of a byline is only letters written after a name
// ("MD", "Ph.D.", "MS, RD" split at the comma).
bool is_postnominal(std::string_view part) {
    const auto& post = Cues::get().postnominals;
    bool any = false;
    std::size_t i = 0;
    while (i < part.size()) {
        while (i < part.size() && part[i] == ' ') ++i;
        std::size_t b = i;
        while (i < part.size() && part[i] != ' ') ++i;
        if (i == b) break;
        std::string key;
        for (char ch : part.substr(b, i - b))
            if (std::isalnum(static_cast<unsigned char>(ch))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            else if (static_cast<unsigned char>(ch) >= 0x80 && part.substr(b, i - b).find("\xC2\xAE") == std::string_view::npos)
                return false;  // letters of other scripts; "®" is allowed
        if (key.empty() || !std::binary_search(post.begin(), post.end(), key)) return false;
        any = true;
    }
    return any;
}

// A name a page repeats for its layouts (a name for small and large
// screens: "Ana Lima Ana Lima") written once.
std::string without_repeats(const std::string& name) {
    std::vector<std::string_view> w;
    std::size_t i = 0;
    while (i < name.size()) {
        std::size_t sp = name.find(' ', i);
        if (sp == std::string::npos) sp = name.size();
        w.push_back(std::string_view(name).substr(i, sp - i));
        i = sp + 1;
    }
    for (std::size_t period = 1; period * 2 <= w.size(); ++period) {
        if (w.size() % period != 0) continue;
        bool repeats = true;
        for (std::size_t k = period; k < w.size() && repeats; ++k) repeats = w[k] == w[k - period];
        if (!repeats) continue;
        std::string out;
        for (std::size_t k = 0; k < period; ++k) {
            if (k) out.push_back(' ');
            out.append(w[k]);
        }
        return out;
    }
    return name;
}

}  // namespace

std::vector<std::string> names_from_byline(std::string_view byline) {
    const Cues& cues = Cues::get();
    std::string t = byline_names_part(byline);
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
    // Letters after a name belong to it: "Ana Lima, MD, PhD" is one person.
    std::vector<std::string> joined;
    for (auto& p : parts) {
        std::string n = text::collapse_whitespace(p);
        if (!joined.empty() && !compare_key(joined.back()).empty() && is_postnominal(n))
            joined.back() = text::collapse_whitespace(joined.back()) + ", " + n;
        else
            joined.push_back(std::move(n));
    }
    std::vector<std::string> out;
    for (auto& p : joined) {
        std::string n = text::collapse_whitespace(p);
        n = trim_punctuation(n);
        n = text::collapse_whitespace(n);
        n = without_repeats(n);
        if (n.empty() || looks_like_url(n)) continue;
        // a date's word left alone ("Dec", "Updated") names no one
        if (std::string k = phrase_key(n);
            std::binary_search(cues.byline_end_words.begin(), cues.byline_end_words.end(), k))
            continue;
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
            if (pos == 0 && after > p.size() && after < t.size() &&
                (std::isupper(static_cast<unsigned char>(t[after])) || std::isdigit(static_cast<unsigned char>(t[after]))))
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

namespace {

bool has_token(std::string_view list, std::string_view token) {
    std::size_t i = 0;
    while (i < list.size()) {
        while (i < list.size() && list[i] == ' ') ++i;
        std::size_t b = i;
        while (i < list.size() && list[i] != ' ') ++i;
        if (list.substr(b, i - b) == token) return true;
    }
    return false;
}

// The names the first itemprop=author element gives: its itemprop=name
// (text, or content of a <meta>), else its own short text.
std::vector<std::string> microdata_authors(const Tree& tree) {
    for (std::uint32_t i = 1; i < tree.size(); ++i) {
        if (tree.nodes[i].tag == Tag::text || !has_token(tree.attr(i, "itemprop"), "author")) continue;
        std::string name;
        if (tree.nodes[i].tag == Tag::meta) name = clean_text(tree.attr(i, "content"));
        for (std::uint32_t k = i + 1; k < tree.nodes[i].end && name.empty(); ++k) {
            if (tree.nodes[k].tag == Tag::text || !has_token(tree.attr(k, "itemprop"), "name")) continue;
            name = tree.nodes[k].tag == Tag::meta ? clean_text(tree.attr(k, "content")) : subtree_text(tree, k);
        }
        if (name.empty()) name = subtree_text(tree, i);
        if (name.empty() || text::grapheme_length(name) > 80 || looks_like_url(name)) continue;
        std::vector<std::string> names = names_from_byline(name);
        if (!names.empty()) return names;
    }
    return {};
}

// Whether an element sits in the page's navigation or footer.
bool in_nav_or_footer(const Tree& tree, std::uint32_t i) {
    for (std::uint32_t a = tree.nodes[i].parent; a != no_node && a != 0; a = tree.nodes[a].parent)
        if (tree.nodes[a].tag == Tag::nav || tree.nodes[a].tag == Tag::footer) return true;
    return false;
}



// The names in the first of the page's visible links (`links`, in order)
// from node `start` on that goes to a person's page.
std::vector<std::string> profile_link_names(const Tree& tree, const std::vector<std::uint32_t>& links, std::uint32_t start,
                                            const std::vector<std::string>& parts, const std::string& site_label) {
    for (std::uint32_t i : links) {
        if (i < start || !is_profile_link(tree.attr(i, "href"), parts, site_label)) continue;
        std::string text = subtree_text(tree, i);
        if (text.empty() || text::grapheme_length(text) > 60 || in_nav_or_footer(tree, i) || !reads_as_name(text))
            continue;
        std::vector<std::string> names = names_from_byline(text);
        if (!names.empty()) return names;
    }
    return {};
}

}  // namespace

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
            doc_title = clean_text(decode_references(doc_title));
        } else if (n.tag == Tag::link) {
            std::string rel = text::lower_ascii(tree.attr(i, "rel"));
            if (rel == "canonical" && !m.canonical_url) m.canonical_url = std::string(tree.attr(i, "href"));
        }
    }
    // Visible <h1> elements (not inside hidden or invisible ancestors), and
    // the <h2>/<h3> ones of pages that keep <h1> for their logo.
    std::vector<std::uint32_t> lower_headings;
    std::vector<std::uint32_t> links;  // visible <a href> elements
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
            if (n.tag == Tag::a && n.attr_begin != n.attr_end) links.push_back(i);
        }
    }

    std::string site(head.get("og:site_name"));
    if (site.empty()) site = ld.publisher;
    // Everything that names the site, for taking it off titles.
    SiteNames site_names;
    for (std::string_view name : {head.get("og:site_name"), head.get("application-name"), std::string_view(ld.publisher)})
        if (std::string k = compare_key(name); !k.empty()) site_names.keys.push_back(std::move(k));
    for (const auto& name : ld.site_names)
        if (std::string k = compare_key(name); !k.empty()) site_names.keys.push_back(std::move(k));
    std::string_view page_url = m.canonical_url ? std::string_view(*m.canonical_url) : head.get("og:url");
    site_names.host_label = host_label(page_url);
    m.host_label = site_names.host_label;

    std::string og(head.get("og:title"));
    std::string tw(head.get("twitter:title"));
    std::string doc_title_bare = strip_site_name(doc_title, site_names);
    std::string og_bare = og.empty() ? std::string() : strip_site_name(og, site_names);
    std::string tw_bare = tw.empty() ? std::string() : strip_site_name(tw, site_names);
    // The short last part taken off <title> names the site too ("... | Tide
    // Post"): an <h1> with that text is the logo, and a headline that ends
    // with it is the page's title without it. (The JSON-LD headline loses
    // only the names the page gives its site, below.)
    SiteNames heading_sites = site_names;
    for (const auto& [whole, bare] : {std::pair{&doc_title, &doc_title_bare}, std::pair{&og, &og_bare}}) {
        std::string w = text::collapse_whitespace(*whole);
        if (bare->empty() || bare->size() >= w.size() || w.compare(0, bare->size(), *bare) != 0) continue;
        std::string key = compare_key(std::string_view(w).substr(bare->size()));
        // not a date or a number ("... - March 2026", "... 2026 / 2027")
        if (key.empty() || key.find_first_of("0123456789") != std::string::npos) continue;
        if (std::find(heading_sites.keys.begin(), heading_sites.keys.end(), key) == heading_sites.keys.end())
            heading_sites.keys.push_back(std::move(key));
    }

    // What the head says the page's title is: og:title and <title> less the
    // site, twitter:title, the JSON-LD headline, and the leading part of the
    // first two ("Page | Section").
    std::vector<std::string> head_titles;
    for (const std::string* t : {&og_bare, &doc_title_bare, &tw_bare, &ld.headline})
        if (!t->empty()) head_titles.push_back(*t);
    std::size_t whole_titles = head_titles.size();
    for (const std::string* t : {&og_bare, &doc_title_bare})
        if (!t->empty()) head_titles.push_back(leading_title_part(*t));
    auto agrees = [&](const std::string& t, std::size_t forms) {
        for (std::size_t i = 0; i < forms; ++i)
            if (titles_agree(t, head_titles[i])) return true;
        return false;
    };
    // The on-page headline when it agrees with what the head says; an <h2>
    // or <h3> (pages that keep <h1> for their logo) only with a whole title,
    // not with a leading part, which a section heading often repeats.
    for (const auto* list : {&m.h1_nodes, &lower_headings}) {
        std::size_t forms = list == &m.h1_nodes ? head_titles.size() : whole_titles;
        for (std::uint32_t h : *list) {
            std::string t = heading_title_text(tree, h, heading_sites);
            if (t.empty() || heading_sites.names(t) || compare_key(t) == compare_key(site) || !agrees(t, forms)) continue;
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
            m.title = site_parts_removed(ld.headline, site_names);
            m.title_source = "json-ld headline (agrees with the page head)";
        }
    }
    // A title from the head is the leading part of og:title or <title>: the
    // page's own name before the section, tagline or site after it.
    // A page that declares itself an article (JSON-LD Article, BlogPosting,
    // ...; og:type article) is titled by its visible headline, the first
    // <h1>, even when the head's title is worded differently (an SEO title).
    if (!m.title && (ld.is_article || text::lower_ascii(head.get("og:type")) == "article"))
        for (std::uint32_t h : m.h1_nodes) {
            std::string t = heading_title_text(tree, h, heading_sites);
            if (t.empty() || heading_sites.names(t) || compare_key(t) == compare_key(site) || text::grapheme_length(t) > 300)
                continue;
            m.title = t;
            m.title_source = "first h1 (the page declares an article)";
            m.title_node = h;
            break;
        }
    if (!m.title && !og_bare.empty()) m.title = leading_title_part(og_bare), m.title_source = "og:title (its leading part)";
    if (!m.title && !ld.headline.empty()) m.title = ld.headline, m.title_source = "json-ld headline";
    if (!m.title && !m.h1_nodes.empty()) {
        std::string t = heading_title_text(tree, m.h1_nodes.front(), heading_sites);
        if (!t.empty() && text::grapheme_length(t) <= 300) {
            m.title = t;
            m.title_source = "first h1";
            m.title_node = m.h1_nodes.front();
        }
    }
    if (!m.title && !doc_title_bare.empty())
        m.title = leading_title_part(doc_title_bare), m.title_source = "title element (its leading part)";

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
    // The writer as a labelled value of the page's card ("Written by" in
    // twitter:label1, the name in twitter:data1).
    for (char n = '1'; n <= '4' && m.authors.empty(); ++n) {
        std::string label = phrase_key(head.get(std::string("twitter:label") + n));
        if (label.empty() || std::none_of(Cues::get().byline_prefixes.begin(), Cues::get().byline_prefixes.end(),
                                          [&](const std::string& p) { return phrase_key(p) == label; }))
            continue;
        std::string_view v = head.get(std::string("twitter:data") + n);
        if (v.empty() || looks_like_url(v)) continue;
        m.authors = names_from_byline(v);
        if (!m.authors.empty()) m.authors_source = std::string("meta twitter:data") + n + " (labelled as the writer)";
    }

    m.microdata_authors = microdata_authors(tree);
    {
        const Cues& cues = Cues::get();
        std::uint32_t after = m.title_node == no_node ? 1 : tree.nodes[m.title_node].end;
        m.profile_link_authors = profile_link_names(tree, links, after, cues.author_links, site_names.host_label);
        m.profile_link_source = "a link to the writer's page";
        // a product's page lists its reviewers, not its writer
        if (m.profile_link_authors.empty() && !ld.is_product) {
            m.profile_link_authors = profile_link_names(tree, links, after, cues.member_links, site_names.host_label);
            m.profile_link_source = "the first link to a member's profile after the headline";
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
