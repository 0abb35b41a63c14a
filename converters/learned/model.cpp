#include "learned/model.hpp"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "data/embedded.hpp"

namespace scrapedoc::learned {

namespace {

void check(int status, const std::string& model, const char* what) {
    if (status != 0)
        throw std::runtime_error("model " + model + ": " + what + ": " + XGBGetLastError());
}

}  // namespace

Model::Model(std::string name, std::string_view json) : name_(std::move(name)) {
    BoosterHandle booster = nullptr;
    check(XGBoosterCreate(nullptr, 0, &booster), name_, "create");
    booster_ = booster;
    try {
        load(json);
    } catch (...) {
        // The destructor does not run for a constructor that throws.
        XGBoosterFree(booster);
        throw;
    }
}

void Model::load(std::string_view json) {
    const BoosterHandle booster = static_cast<BoosterHandle>(booster_);
    check(XGBoosterLoadModelFromBuffer(booster, json.data(), json.size()), name_, "load");
    // One thread a prediction: the command line converts files in parallel
    // itself, and OpenMP threads per call would only compete with it.
    check(XGBoosterSetParam(booster, "nthread", "1"), name_, "nthread");

    bst_ulong count = 0;
    const char** names = nullptr;
    check(XGBoosterGetStrFeatureInfo(booster, "feature_name", &count, &names), name_, "feature names");
    for (bst_ulong i = 0; i < count; ++i) feature_names_.emplace_back(names[i]);
    if (feature_names_.empty()) throw std::runtime_error("model " + name_ + ": no feature names");
    const std::string classes = attribute("classes");
    if (!classes.empty()) {
        outputs_ = 1;
        for (char c : classes) outputs_ += c == ',';
    }
}

Model::~Model() { XGBoosterFree(static_cast<BoosterHandle>(booster_)); }

std::string Model::attribute(std::string_view key) const {
    const char* out = nullptr;
    int found = 0;
    check(XGBoosterGetAttr(static_cast<BoosterHandle>(booster_), std::string(key).c_str(), &out, &found), name_,
          "attribute");
    return found && out ? std::string(out) : std::string();
}

void Model::require_features(std::span<const std::string_view> names) const {
    bool same = names.size() == feature_names_.size();
    for (std::size_t i = 0; same && i < names.size(); ++i) same = names[i] == feature_names_[i];
    if (!same)
        throw std::logic_error("model " + name_ + " was trained on other features than the code computes: run make train");
}

std::vector<float> Model::predict(std::span<const float> values, std::size_t rows) const {
    const std::size_t columns = feature_names_.size();
    if (values.size() != rows * columns)
        throw std::logic_error("model " + name_ + ": " + std::to_string(values.size()) + " values for " +
                               std::to_string(rows) + " rows of " + std::to_string(columns));
    std::vector<float> out;
    if (rows == 0) return out;
    // The array interface protocol (version 3) describes the caller's rows
    // in place: no copy into an XGBoost matrix.
    std::ostringstream array;
    array << "{\"data\": [" << reinterpret_cast<std::uintptr_t>(values.data()) << ", true], \"shape\": [" << rows
          << ", " << columns << "], \"typestr\": \"<f4\", \"version\": 3}";
    static const char* config =
        "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
        "\"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    check(XGBoosterPredictFromDense(static_cast<BoosterHandle>(booster_), array.str().c_str(), config, nullptr,
                                    &shape, &dims, &result),
          name_, "predict");
    bst_ulong n = 1;
    for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
    if (n != rows * outputs_)
        throw std::runtime_error("model " + name_ + ": " + std::to_string(n) + " outputs for " +
                                 std::to_string(rows) + " rows");
    out.assign(result, result + n);
    return out;
}

std::vector<float> Model::contributions(std::span<const float> values, std::size_t rows) const {
    if (outputs_ != 1) throw std::logic_error("model " + name_ + ": contributions of a multi-class model");
    const std::size_t columns = feature_names_.size();
    if (values.size() != rows * columns)
        throw std::logic_error("model " + name_ + ": " + std::to_string(values.size()) + " values for " +
                               std::to_string(rows) + " rows of " + std::to_string(columns));
    if (rows == 0) return {};
    // In-place prediction has no contributions: through a matrix (for
    // --explain only, so its copy does not matter).
    DMatrixHandle matrix = nullptr;
    check(XGDMatrixCreateFromMat(values.data(), rows, columns, NAN, &matrix), name_, "matrix");
    static const char* config =
        "{\"type\": 2, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
        "\"strict_shape\": false}";
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    int status = XGBoosterPredictFromDMatrix(static_cast<BoosterHandle>(booster_), matrix, config, &shape, &dims, &result);
    std::vector<float> out;
    if (status == 0) {
        bst_ulong n = 1;
        for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
        if (n == rows * (columns + 1)) out.assign(result, result + n);
    }
    XGDMatrixFree(matrix);
    check(status, name_, "contributions");
    if (out.empty()) throw std::runtime_error("model " + name_ + ": contributions of an unexpected shape");
    return out;
}

const Model* find_model(std::string_view name, const std::filesystem::path& folder) {
    static std::mutex mutex;
    // Never destroyed: freeing a booster at exit can run after libxgboost's
    // own statics are gone (a crash at exit seen in the unit tests).
    static auto& loaded = *new std::map<std::string, std::unique_ptr<Model>, std::less<>>;
    const std::string key = (folder.empty() ? std::string() : folder.string() + "\n") + std::string(name);
    std::lock_guard lock(mutex);
    if (auto it = loaded.find(key); it != loaded.end()) return it->second.get();
    std::unique_ptr<Model> model;
    const std::string file = std::string(name) + ".json";
    if (folder.empty()) {
        std::string_view json = data::embedded_file("models/" + file);
        if (!json.empty()) model = std::make_unique<Model>(std::string(name), json);
    } else if (std::ifstream in{folder / file, std::ios::binary}) {
        std::ostringstream bytes;
        bytes << in.rdbuf();
        model = std::make_unique<Model>((folder / file).string(), bytes.str());
    }
    return (loaded[key] = std::move(model)).get();
}

}  // namespace scrapedoc::learned
