// Measures the two HTML parsers Debian offers (gumbo, libxml2's HTMLparser)
// on a set of pages: parse time, tree size and depth, and what each makes of
// broken markup. Not part of the build; docs/html-reader.md gives the command:
//
//   apt-get install libgumbo-dev   # not a dependency of scrapedoc itself
//   g++ -O2 -std=c++20 bench/html_parsers.cpp -o /tmp/html_parsers \
//       $(pkg-config --cflags --libs gumbo libxml-2.0)
//   taskset -c 0 /tmp/html_parsers PAGE.html...        # speed (best of 3 rounds)
//   /tmp/html_parsers --broken                          # broken-markup cases
//
// Each parser gets the page as UTF-8 (as the reader does after decoding).
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

std::string slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A bump arena for gumbo: frees are no-ops, the whole arena is dropped after
// the page. (The reader uses libxml2 through SAX, docs/html-reader.md.)
struct Arena {
    std::vector<std::unique_ptr<char[]>> blocks;
    std::size_t used = 0, cap = 0;
    char* cur = nullptr;
    std::size_t total = 0;
    void* alloc(std::size_t n) {
        n = (n + 15) & ~std::size_t{15};
        if (used + n > cap) {
            cap = std::max<std::size_t>(n, 1 << 20);
            blocks.emplace_back(new char[cap]);
            cur = blocks.back().get();
            used = 0;
        }
        void* p = cur + used;
        used += n;
        total += n;
        return p;
    }
};
void* arena_alloc(void* ud, size_t n) { return static_cast<Arena*>(ud)->alloc(n); }
void arena_free(void*, void*) {}

struct TreeStats {
    std::size_t elements = 0, text_bytes = 0, max_depth = 0;
};

TreeStats gumbo_stats(const GumboNode* root) {
    TreeStats st;
    std::vector<std::pair<const GumboNode*, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
        auto [n, d] = stack.back();
        stack.pop_back();
        st.max_depth = std::max(st.max_depth, d);
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_DOCUMENT) {
            const GumboVector& ch = n->type == GUMBO_NODE_ELEMENT ? n->v.element.children : n->v.document.children;
            if (n->type == GUMBO_NODE_ELEMENT) ++st.elements;
            for (unsigned i = 0; i < ch.length; ++i) stack.push_back({static_cast<const GumboNode*>(ch.data[i]), d + 1});
        } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
            st.text_bytes += std::strlen(n->v.text.text);
        }
    }
    return st;
}

TreeStats xml_stats(xmlNode* root) {
    TreeStats st;
    std::vector<std::pair<xmlNode*, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
        auto [n, d] = stack.back();
        stack.pop_back();
        st.max_depth = std::max(st.max_depth, d);
        if (n->type == XML_ELEMENT_NODE) ++st.elements;
        if (n->type == XML_TEXT_NODE && n->content) st.text_bytes += std::strlen(reinterpret_cast<char*>(n->content));
        for (xmlNode* c = n->children; c; c = c->next) stack.push_back({c, d + 1});
    }
    return st;
}

constexpr int xml_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_COMPACT;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

long peak_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// Serialises a tree as an indented outline of element names and text, to
// show how a parser repaired a broken fragment.
void gumbo_outline(const GumboNode* n, int depth, std::string& out, int max_depth = 12) {
    if (depth > max_depth) return;
    if (n->type == GUMBO_NODE_ELEMENT) {
        const char* name = gumbo_normalized_tagname(n->v.element.tag);
        std::string nm = *name ? name : "?";
        if (n->v.element.tag == GUMBO_TAG_UNKNOWN) {
            GumboStringPiece p = n->v.element.original_tag;
            gumbo_tag_from_original_text(&p);
            nm.assign(p.data, p.length);
        }
        out += std::string(depth * 2, ' ') + "<" + nm + ">\n";
        for (unsigned i = 0; i < n->v.element.children.length; ++i)
            gumbo_outline(static_cast<GumboNode*>(n->v.element.children.data[i]), depth + 1, out, max_depth);
    } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        out += std::string(depth * 2, ' ') + "\"" + n->v.text.text + "\"\n";
    }
}

void xml_outline(xmlNode* n, int depth, std::string& out, int max_depth = 12) {
    if (depth > max_depth) return;
    if (n->type == XML_ELEMENT_NODE) {
        out += std::string(depth * 2, ' ') + "<" + reinterpret_cast<const char*>(n->name) + ">\n";
        for (xmlNode* c = n->children; c; c = c->next) xml_outline(c, depth + 1, out, max_depth);
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        out += std::string(depth * 2, ' ') + "\"" + reinterpret_cast<const char*>(n->content) + "\"\n";
    }
}

struct Case {
    const char* name;
    std::string html;
};

std::vector<Case> broken_cases() {
    std::vector<Case> c = {
        {"unclosed p and li", "<body><p>one<p>two<ul><li>a<li>b</ul>three"},
        {"misnested inline", "<body><p><b>bold <i>both</b> italic</i> plain</p>"},
        {"misnested table", "<body><table><tr><td>cell<div>in div</td>stray text<tr><td>2</table>after"},
        {"div inside p", "<body><p>para <div>block</div> tail</p>"},
        {"html5 elements", "<body><article><figure><img src=a.jpg alt=A><figcaption>Cap</figcaption></figure>"
                           "<section><h2>H</h2><p>x</section></article>"},
        {"script with markup", "<body><script>if (a < b) document.write('</div><p>leak</p>');</script><p>ok</p>"},
        {"style and noscript", "<head><style>p{}</style></head><body><noscript><p>js off</p></noscript><p>ok</p>"},
        {"unquoted, duplicate attrs", "<body><a href=x?a=1&b=2 class=one class=two>link</a>"},
        {"html5 entities", "<body><p>&nbsp;&hellip;&NotEqualTilde;&amp &lt;x&gt; &#x1F600; &#0;</p>"},
        {"stray end tags", "<body></span></div><p>text</br></p></body></html><p>after html"},
        {"nul byte", std::string("<body><p>a\0b</p>", 17)},
        {"svg and math", "<body><svg><title>t</title><text>svg text</text></svg><p>x</p>"},
        {"template", "<body><template><p>hidden</p></template><p>shown</p>"},
        {"comment not closed", "<body><p>a<!-- never closed <p>b"},
    };
    return c;
}

std::string deep_nesting(std::size_t n) {
    std::string s = "<html><body>";
    for (std::size_t i = 0; i < n; ++i) s += "<div>";
    s += "deep";
    return s;
}

// libxml2 driven through SAX with empty callbacks: the parser's own cost,
// which is how the reader uses it (it builds its own compact tree).
long sax_events = 0;
void sax_element(void*, const xmlChar*, const xmlChar**) { ++sax_events; }
void sax_end(void*, const xmlChar*) { ++sax_events; }
void sax_text(void*, const xmlChar*, int) { ++sax_events; }

void parse_sax(const std::string& p) {
    htmlSAXHandler sax{};
    sax.startElement = sax_element;
    sax.endElement = sax_end;
    sax.characters = sax_text;
    sax.cdataBlock = sax_text;
    sax.ignorableWhitespace = sax_text;
    htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(p.data(), static_cast<int>(p.size()));
    *c->sax = sax;
    c->userData = nullptr;
    htmlCtxtUseOptions(c, xml_options | HTML_PARSE_IGNORE_ENC | (1 << 19) /* XML_PARSE_HUGE */);
    htmlParseDocument(c);
    htmlFreeParserCtxt(c);
}

int run_broken() {
    for (const auto& c : broken_cases()) {
        std::printf("=== %s\n--- input: ", c.name);
        for (char ch : c.html) std::putchar(ch ? ch : '@');
        std::puts("");
        Arena arena;
        GumboOptions opt = kGumboDefaultOptions;
        opt.allocator = arena_alloc;
        opt.deallocator = arena_free;
        opt.userdata = &arena;
        GumboOutput* g = gumbo_parse_with_options(&opt, c.html.data(), c.html.size());
        std::string go;
        gumbo_outline(g->root, 0, go);
        std::printf("--- gumbo (%u errors):\n%s", g->errors.length, go.c_str());
        htmlDocPtr d = htmlReadMemory(c.html.data(), static_cast<int>(c.html.size()), nullptr, "UTF-8", xml_options);
        std::string xo;
        if (d && xmlDocGetRootElement(d)) xml_outline(xmlDocGetRootElement(d), 0, xo);
        std::printf("--- libxml2:\n%s", d ? xo.c_str() : "(no document)\n");
        if (d) xmlFreeDoc(d);
    }
    for (std::size_t n : {1000u, 10000u, 100000u}) {
        std::string s = deep_nesting(n);
        auto t0 = std::chrono::steady_clock::now();
        Arena arena;
        GumboOptions opt = kGumboDefaultOptions;
        opt.allocator = arena_alloc;
        opt.deallocator = arena_free;
        opt.userdata = &arena;
        opt.max_errors = 0;
        GumboOutput* g = gumbo_parse_with_options(&opt, s.data(), s.size());
        TreeStats gs = gumbo_stats(g->root);
        double tg = seconds_since(t0);
        t0 = std::chrono::steady_clock::now();
        htmlDocPtr d = htmlReadMemory(s.data(), static_cast<int>(s.size()), nullptr, "UTF-8", xml_options);
        TreeStats xs = d ? xml_stats(xmlDocGetRootElement(d)) : TreeStats{};
        if (d) xmlFreeDoc(d);
        double tx = seconds_since(t0);
        std::printf("=== %zu nested <div>: gumbo depth %zu in %.3f s; libxml2 depth %zu in %.3f s\n", n, gs.max_depth,
                    tg, xs.max_depth, tx);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--broken") == 0) return run_broken();
    if (argc < 2) {
        std::fprintf(stderr, "usage: html_parsers PAGE... | --broken\n");
        return 2;
    }
    xmlInitParser();
    std::vector<std::string> pages;
    std::size_t bytes = 0;
    for (int i = 1; i < argc; ++i) {
        pages.push_back(slurp(argv[i]));
        bytes += pages.back().size();
    }
    const int rounds = 3;
    long base_kib = peak_kib();
    // gumbo, with an arena per page
    double tg = 1e9;
    TreeStats gsum;
    std::size_t arena_peak = 0;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        TreeStats sum;
        for (const auto& p : pages) {
            Arena arena;
            GumboOptions opt = kGumboDefaultOptions;
            opt.allocator = arena_alloc;
            opt.deallocator = arena_free;
            opt.userdata = &arena;
            opt.max_errors = 0;
            GumboOutput* g = gumbo_parse_with_options(&opt, p.data(), p.size());
            TreeStats s = gumbo_stats(g->root);
            sum.elements += s.elements;
            sum.text_bytes += s.text_bytes;
            sum.max_depth = std::max(sum.max_depth, s.max_depth);
            arena_peak = std::max(arena_peak, arena.total);
        }
        tg = std::min(tg, seconds_since(t0));
        gsum = sum;
    }
    long gumbo_kib = peak_kib();
    // gumbo with malloc/free, as shipped
    double tgm = 1e9;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        for (const auto& p : pages) {
            GumboOptions opt = kGumboDefaultOptions;
            opt.max_errors = 0;
            GumboOutput* g = gumbo_parse_with_options(&opt, p.data(), p.size());
            gumbo_destroy_output(&opt, g);
        }
        tgm = std::min(tgm, seconds_since(t0));
    }
    // libxml2
    double tx = 1e9;
    TreeStats xsum;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        TreeStats sum;
        for (const auto& p : pages) {
            htmlDocPtr d = htmlReadMemory(p.data(), static_cast<int>(p.size()), nullptr, "UTF-8", xml_options);
            if (!d) continue;
            TreeStats s = xml_stats(xmlDocGetRootElement(d));
            sum.elements += s.elements;
            sum.text_bytes += s.text_bytes;
            sum.max_depth = std::max(sum.max_depth, s.max_depth);
            xmlFreeDoc(d);
        }
        tx = std::min(tx, seconds_since(t0));
        xsum = sum;
    }
    long xml_kib = peak_kib();
    double ts = 1e9;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        for (const auto& p : pages) parse_sax(p);
        ts = std::min(ts, seconds_since(t0));
    }
    double mb = bytes / 1e6;
    std::printf("pages %zu, %.1f MB\n", pages.size(), mb);
    std::printf("gumbo (arena)   %.3f s  %6.1f MB/s  elements %zu  text %zu B  max depth %zu  largest arena %.1f MiB\n",
                tg, mb / tg, gsum.elements, gsum.text_bytes, gsum.max_depth, arena_peak / 1048576.0);
    std::printf("gumbo (malloc)  %.3f s  %6.1f MB/s\n", tgm, mb / tgm);
    std::printf("libxml2         %.3f s  %6.1f MB/s  elements %zu  text %zu B  max depth %zu\n", tx, mb / tx,
                xsum.elements, xsum.text_bytes, xsum.max_depth);
    std::printf("libxml2 SAX     %.3f s  %6.1f MB/s  (no tree)\n", ts, mb / ts);
    std::printf("peak RSS: after loading %ld KiB, after gumbo %ld KiB, after libxml2 %ld KiB\n", base_kib, gumbo_kib,
                xml_kib);
    return 0;
}
