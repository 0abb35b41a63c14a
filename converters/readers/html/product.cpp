#include "readers/html/product.hpp"

#include <nlohmann/json.hpp>

#include <unordered_set>

#include "readers/html/assemble.hpp"
#include "readers/html/metadata.hpp"
#include "readers/html/text.hpp"

namespace scrapedoc::html {

namespace {

using json = nlohmann::json;

bool is_product(const json& obj) {
    auto it = obj.find("@type");
    if (it == obj.end()) return false;
    auto product = [](const json& t) { return t.is_string() && (t == "Product" || t == "ProductGroup"); };
    if (product(*it)) return true;
    if (it->is_array())
        for (const auto& t : *it)
            if (product(t)) return true;
    return false;
}

// Markup some shops leave in a declared description ("<p>Soft wool</p>")
// read as text: tags apart, references decoded.
std::string plain(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            std::size_t close = s.find('>', i);
            if (close != std::string_view::npos && close - i < 200) {
                out += ' ';
                i = close;
                continue;
            }
        }
        out += s[i];
    }
    return clean_text(decode_references(out));
}

std::size_t trigram(const std::vector<std::string>& w, std::size_t i) {
    std::hash<std::string> h;
    return (h(w[i]) * 1000003u ^ h(w[i + 1])) * 1000003u ^ h(w[i + 2]);
}

}  // namespace

std::optional<DeclaredProduct> read_declared_product(const Tree& tree) {
    for (std::uint32_t i = 0; i < tree.size(); ++i) {
        if (tree.nodes[i].tag != Tag::script) continue;
        if (tree.attr(i, "type").find("ld+json") == std::string_view::npos) continue;
        std::string body;
        for (std::uint32_t c = tree.nodes[i].first_child; c != no_node; c = tree.nodes[c].next_sibling)
            if (tree.nodes[c].tag == Tag::text) body += tree.text(c);
        if (body.find("Product") == std::string::npos) continue;  // most scripts: not parsed at all
        json doc = json::parse(body, nullptr, false);
        if (doc.is_discarded()) continue;
        std::vector<const json*> stack{&doc};
        while (!stack.empty()) {
            const json* v = stack.back();
            stack.pop_back();
            if (v->is_object() && is_product(*v)) {
                auto d = v->find("description");
                if (d != v->end() && d->is_string()) {
                    DeclaredProduct p;
                    p.description = plain(d->get_ref<const std::string&>());
                    if (auto n = v->find("name"); n != v->end() && n->is_string()) p.name = plain(n->get_ref<const std::string&>());
                    p.node = i;
                    if (!p.description.empty()) return p;
                }
            }
            if (v->is_structured())
                for (const auto& x : *v)
                    if (x.is_structured()) stack.push_back(&x);
        }
    }
    return std::nullopt;
}

bool add_declared_description(const Tree& tree, const DeclaredProduct& product, std::uint32_t title_node,
                              std::vector<Unit>& units, bool explain) {
    std::vector<std::string> want = words_of(product.description);
    if (want.size() < 3) return false;
    std::unordered_set<std::size_t> shown;
    for (const Unit& u : units) {
        if (!is_kept(u)) continue;
        std::vector<std::string> w = words_of(unit_text(u));
        for (std::size_t i = 0; i + 2 < w.size(); ++i) shown.insert(trigram(w, i));
    }
    std::size_t found = 0;
    for (std::size_t i = 0; i + 2 < want.size(); ++i) found += shown.contains(trigram(want, i));
    if (found * 2 >= want.size() - 2) return false;
    // after the headline, or before the first block kept
    std::size_t at = 0;
    bool after_title = false;
    for (std::size_t k = 0; k < units.size(); ++k) {
        if (title_node != no_node && units[k].node == title_node) {
            at = k + 1;
            after_title = true;
            break;
        }
    }
    if (!after_title)
        while (at < units.size() && !is_kept(units[at])) ++at;
    Unit u;
    u.kind = UnitKind::paragraph;
    u.node = product.node;
    u.owner = product.node;
    u.line = tree.nodes[product.node].line;
    u.content = Paragraph{product.description};
    u.chars = count_text(product.description).chars;
    u.pinned = true;
    if (explain) u.why = "the product's description as the page declares it (JSON-LD Product); the page does not show it";
    units.insert(units.begin() + static_cast<std::ptrdiff_t>(at), std::move(u));
    return true;
}

}  // namespace scrapedoc::html
