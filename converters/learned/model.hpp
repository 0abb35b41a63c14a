// Learned decisions: gradient-boosted tree models trained by `make train`
// (scripts/train/) and run here through libxgboost's C API. A model is an
// XGBoost JSON file, compiled in from converters/data/models/ or, for the
// trainer's folds, read from a folder given by read_options::models.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scrapedoc::learned {

class Model {
public:
    // Loads an XGBoost JSON model. `name` is used in errors. Throws
    // std::runtime_error when the bytes are not a model.
    Model(std::string name, std::string_view json);
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const std::string& name() const { return name_; }
    // The feature names the model was trained on, in column order.
    const std::vector<std::string>& feature_names() const { return feature_names_; }
    // Outputs per row: the number of classes, or 1 for a binary or a
    // regression model.
    std::size_t outputs() const { return outputs_; }
    // A string attribute the trainer stored in the model (e.g. the class
    // labels, "classes"); empty when there is none.
    std::string attribute(std::string_view key) const;

    // Throws std::logic_error unless the model was trained on exactly these
    // features: code and model out of step (run `make train`).
    void require_features(std::span<const std::string_view> names) const;

    // Predicts for `rows` rows of feature_names().size() values each, laid
    // out row after row; NaN is a missing value. Returns rows x outputs()
    // probabilities (or scores), row after row. Safe to call from several
    // threads at once.
    std::vector<float> predict(std::span<const float> values, std::size_t rows) const;

    // What each feature added to each row's raw score (SHAP values, in
    // log-odds for a binary model: --explain's "top features"). A binary or
    // regression model only: rows x (features + 1), the last column the bias.
    std::vector<float> contributions(std::span<const float> values, std::size_t rows) const;

private:
    void load(std::string_view json);

    std::string name_;
    void* booster_ = nullptr;
    std::vector<std::string> feature_names_;
    std::size_t outputs_ = 1;
};

// The model called `name` (file `name`.json): from `folder` when it is not
// empty (the trainer's fold models), else the compiled-in one. Loaded once
// per process and kept. Null when there is no such model.
const Model* find_model(std::string_view name, const std::filesystem::path& folder = {});

}  // namespace scrapedoc::learned
