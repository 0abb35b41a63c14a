#include "learned/model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace scrapedoc::learned {

struct Model::Storage {
    std::vector<std::string> feature_text;
    std::vector<std::string_view> features;
    std::vector<std::pair<std::string, std::string>> attribute_text;
    std::vector<std::pair<std::string_view, std::string_view>> attributes;
    std::vector<Node> nodes;
    std::vector<std::uint32_t> tree_start;
    std::vector<std::uint16_t> tree_group;
};

namespace {

[[noreturn]] void fail(const std::string& model, const std::string& what) {
    throw std::runtime_error("model " + model + ": " + what);
}

// XGBoost writes some numbers as JSON strings ("5E-1").
double number(const nlohmann::json& v) {
    return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
}

// Fills each node's hessian-weighted mean leaf value, children first (they
// come after their parent, which parse() has checked).
void fill_means(std::span<Node> tree, const std::vector<double>& hessian) {
    std::vector<double> weight(tree.size());
    for (std::size_t i = tree.size(); i-- > 0;) {
        Node& n = tree[i];
        if (n.feature < 0) {
            n.mean = n.value;
            weight[i] = hessian[i];
            continue;
        }
        const double wl = weight[n.left], wr = weight[n.right];
        weight[i] = wl + wr;
        // A model saved without hessians (all zero) weighs both sides alike.
        n.mean = static_cast<float>(weight[i] > 0 ? (tree[n.left].mean * wl + tree[n.right].mean * wr) / weight[i]
                                                  : (tree[n.left].mean + tree[n.right].mean) / 2);
    }
}

// Reads XGBoost's JSON model format (version 1.x) into `s`; returns the
// objective, groups and base margin.
void parse(const std::string& name, std::string_view json, Model::Storage& s, ModelTables& t) {
    nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("learner")) fail(name, "not an XGBoost JSON model");
    try {
        const auto& learner = doc.at("learner");
        for (const auto& f : learner.at("feature_names")) s.feature_text.push_back(f.get<std::string>());
        if (s.feature_text.empty()) fail(name, "no feature names");
        if (learner.contains("attributes"))
            for (const auto& [k, v] : learner.at("attributes").items()) s.attribute_text.emplace_back(k, v.get<std::string>());
        const auto& param = learner.at("learner_model_param");
        const double base_score = number(param.at("base_score"));
        const std::size_t num_class = static_cast<std::size_t>(number(param.at("num_class")));
        const std::string objective = learner.at("objective").at("name").get<std::string>();
        if (objective == "binary:logistic" || objective == "reg:logistic") {
            t.objective = Objective::logistic;
            if (!(base_score > 0 && base_score < 1)) fail(name, "base_score out of (0, 1)");
            t.base_margin = static_cast<float>(-std::log(1.0 / base_score - 1.0));
        } else if (objective == "binary:logitraw" || objective == "reg:squarederror") {
            // XGBoost 1.7 adds these objectives' base_score untransformed.
            t.objective = Objective::raw;
            t.base_margin = static_cast<float>(base_score);
        } else if (objective == "multi:softprob") {
            t.objective = Objective::softmax;
            t.base_margin = static_cast<float>(base_score);
            if (num_class < 2 || num_class > 1000) fail(name, "bad num_class");
            t.groups = num_class;
        } else {
            fail(name, "objective " + objective + " is not supported");
        }
        const auto& booster = learner.at("gradient_booster");
        if (booster.at("name").get<std::string>() != "gbtree") fail(name, "only gbtree boosters are supported");
        const auto& model = booster.at("model");
        const auto& trees = model.at("trees");
        const auto& info = model.at("tree_info");
        if (info.size() != trees.size()) fail(name, "tree_info does not match the trees");
        s.tree_start.push_back(0);
        for (std::size_t k = 0; k < trees.size(); ++k) {
            const auto& tree = trees[k];
            const auto& left = tree.at("left_children");
            const auto& right = tree.at("right_children");
            const auto& cond = tree.at("split_conditions");
            const auto& index = tree.at("split_indices");
            const auto& dleft = tree.at("default_left");
            const std::size_t n = left.size();
            if (n == 0 || right.size() != n || cond.size() != n || index.size() != n || dleft.size() != n)
                fail(name, "tree " + std::to_string(k) + " has arrays of different lengths");
            if (tree.contains("split_type"))
                for (const auto& st : tree.at("split_type"))
                    if (st.get<int>() != 0) fail(name, "categorical splits are not supported");
            std::vector<double> hessian(n, 0.0);
            if (tree.contains("sum_hessian") && tree.at("sum_hessian").size() == n)
                for (std::size_t i = 0; i < n; ++i) hessian[i] = tree.at("sum_hessian")[i].get<double>();
            const std::size_t first = s.nodes.size();
            for (std::size_t i = 0; i < n; ++i) {
                const long l = left[i].get<long>(), r = right[i].get<long>();
                Node node{static_cast<float>(cond[i].get<double>()), 0.0f, -1, 0, 0, false};
                if (l != -1) {
                    // Children after their parent: every walk ends.
                    if (l <= static_cast<long>(i) || r <= static_cast<long>(i) || l >= static_cast<long>(n) ||
                        r >= static_cast<long>(n))
                        fail(name, "tree " + std::to_string(k) + " has a child out of order");
                    const long f = index[i].get<long>();
                    if (f < 0 || f >= static_cast<long>(s.feature_text.size()))
                        fail(name, "tree " + std::to_string(k) + " splits on an unknown feature");
                    node.feature = static_cast<std::int32_t>(f);
                    node.left = static_cast<std::uint32_t>(l);
                    node.right = static_cast<std::uint32_t>(r);
                    node.default_left = dleft[i].is_boolean() ? dleft[i].get<bool>() : dleft[i].get<int>() != 0;
                }
                s.nodes.push_back(node);
            }
            fill_means(std::span<Node>(s.nodes).subspan(first), hessian);
            s.tree_start.push_back(static_cast<std::uint32_t>(s.nodes.size()));
            const long group = info[k].get<long>();
            if (group < 0 || static_cast<std::size_t>(group) >= t.groups) fail(name, "a tree of an unknown class");
            s.tree_group.push_back(static_cast<std::uint16_t>(group));
        }
    } catch (const nlohmann::json::exception& e) {
        fail(name, std::string("not an XGBoost JSON model: ") + e.what());
    } catch (const std::logic_error& e) {  // stod
        fail(name, std::string("not an XGBoost JSON model: ") + e.what());
    }
    for (const auto& f : s.feature_text) s.features.push_back(f);
    for (const auto& [k, v] : s.attribute_text) s.attributes.emplace_back(k, v);
    t.features = s.features;
    t.attributes = s.attributes;
    t.nodes = s.nodes;
    t.tree_start = s.tree_start;
    t.tree_group = s.tree_group;
}

// The leaf a row reaches in one tree; `on_split(node, child)` is told each
// step taken.
template <class OnSplit>
const Node& walk(const Node* tree, const float* row, OnSplit&& on_split) {
    const Node* node = tree;
    while (node->feature >= 0) {
        const float x = row[node->feature];
        const bool go_left = std::isnan(x) ? node->default_left : x < node->value;
        const Node* child = tree + (go_left ? node->left : node->right);
        on_split(*node, *child);
        node = child;
    }
    return *node;
}

}  // namespace

Model::Model(std::string name, const ModelTables& tables) : name_(std::move(name)), tables_(tables) {
    for (auto f : tables_.features) feature_names_.emplace_back(f);
}

Model::Model(std::string name, std::string_view json) : name_(std::move(name)), storage_(std::make_unique<Storage>()) {
    parse(name_, json, *storage_, tables_);
    feature_names_ = storage_->feature_text;
}

Model::~Model() = default;

std::string Model::attribute(std::string_view key) const {
    for (const auto& [k, v] : tables_.attributes)
        if (k == key) return std::string(v);
    return {};
}

void Model::require_features(std::span<const std::string_view> names) const {
    bool same = names.size() == feature_names_.size();
    for (std::size_t i = 0; same && i < names.size(); ++i) same = names[i] == feature_names_[i];
    if (!same)
        throw std::logic_error("model " + name_ + " was trained on other features than the code computes: run make train");
}

namespace {

void check_shape(const Model& m, std::span<const float> values, std::size_t rows) {
    const std::size_t columns = m.feature_names().size();
    if (values.size() != rows * columns)
        throw std::logic_error("model " + m.name() + ": " + std::to_string(values.size()) + " values for " +
                               std::to_string(rows) + " rows of " + std::to_string(columns));
}

}  // namespace

std::vector<float> Model::predict(std::span<const float> values, std::size_t rows) const {
    check_shape(*this, values, rows);
    const std::size_t columns = feature_names_.size(), groups = tables_.groups;
    std::vector<float> out(rows * groups);
    std::vector<double> sum(groups);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = values.data() + r * columns;
        std::fill(sum.begin(), sum.end(), tables_.base_margin);
        for (std::size_t k = 0; k + 1 < tables_.tree_start.size(); ++k)
            sum[tables_.tree_group[k]] += walk(tables_.nodes.data() + tables_.tree_start[k], row, [](auto&, auto&) {}).value;
        float* o = out.data() + r * groups;
        switch (tables_.objective) {
            case Objective::logistic: o[0] = static_cast<float>(1.0 / (1.0 + std::exp(-sum[0]))); break;
            case Objective::raw: o[0] = static_cast<float>(sum[0]); break;
            case Objective::softmax: {
                const double top = *std::max_element(sum.begin(), sum.end());
                double total = 0;
                for (std::size_t g = 0; g < groups; ++g) total += (sum[g] = std::exp(sum[g] - top));
                for (std::size_t g = 0; g < groups; ++g) o[g] = static_cast<float>(sum[g] / total);
                break;
            }
        }
    }
    return out;
}

std::vector<float> Model::contributions(std::span<const float> values, std::size_t rows) const {
    if (tables_.groups != 1) throw std::logic_error("model " + name_ + ": contributions of a multi-class model");
    check_shape(*this, values, rows);
    const std::size_t columns = feature_names_.size();
    std::vector<float> out(rows * (columns + 1), 0.0f);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = values.data() + r * columns;
        float* o = out.data() + r * (columns + 1);
        double bias = tables_.base_margin;
        for (std::size_t k = 0; k + 1 < tables_.tree_start.size(); ++k) {
            const Node* tree = tables_.nodes.data() + tables_.tree_start[k];
            bias += tree->mean;
            walk(tree, row, [&](const Node& node, const Node& child) { o[node.feature] += child.mean - node.mean; });
        }
        o[columns] = static_cast<float>(bias);
    }
    return out;
}

const Model* find_model(std::string_view name, const std::filesystem::path& folder) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Model>, std::less<>> loaded;
    const std::string key = (folder.empty() ? std::string() : folder.string() + "\n") + std::string(name);
    std::lock_guard lock(mutex);
    if (auto it = loaded.find(key); it != loaded.end()) return it->second.get();
    std::unique_ptr<Model> model;
    if (folder.empty()) {
        for (const auto& m : compiled_models())
            if (m.name == name) model = std::make_unique<Model>(std::string(name), m.tables);
    } else if (std::ifstream in{folder / (std::string(name) + ".json"), std::ios::binary}) {
        std::ostringstream bytes;
        bytes << in.rdbuf();
        model = std::make_unique<Model>((folder / (std::string(name) + ".json")).string(), bytes.str());
    }
    return (loaded[key] = std::move(model)).get();
}

}  // namespace scrapedoc::learned
