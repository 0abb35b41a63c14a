// converters/learned/model: the node tables the tool walks must predict what
// XGBoost itself predicts. Models are made here through XGBoost's own C API
// (trained on a rule they must learn), and every compiled-in model is
// checked against XGBoost reading the same JSON file.
#include <xgboost/c_api.h>

#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "learned/model.hpp"

namespace {

struct Booster {
    BoosterHandle handle = nullptr;
    explicit Booster(std::string_view json) {
        REQUIRE(XGBoosterCreate(nullptr, 0, &handle) == 0);
        REQUIRE(XGBoosterLoadModelFromBuffer(handle, json.data(), json.size()) == 0);
        XGBoosterSetParam(handle, "nthread", "1");
    }
    ~Booster() { XGBoosterFree(handle); }
    // XGBoost's own prediction for rows x columns values.
    std::vector<float> predict(const std::vector<float>& values, std::size_t rows, std::size_t columns) const {
        DMatrixHandle matrix = nullptr;
        REQUIRE(XGDMatrixCreateFromMat(values.data(), rows, columns, NAN, &matrix) == 0);
        bst_ulong length = 0;
        const float* out = nullptr;
        REQUIRE(XGBoosterPredict(handle, matrix, 0, 0, 0, &length, &out) == 0);
        std::vector<float> result(out, out + length);
        XGDMatrixFree(matrix);
        return result;
    }
};

// y = 1 when x0 > 0.5 and x1 < 0.3 (x2 is noise); as a binary, a
// three-class (y, and a third class for x2 > 0.8) or a regression model,
// with `classes` set as the trainer sets it.
std::string trained_model_json(const char* objective) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const int rows = 2000;
    const bool multiclass = std::string_view(objective) == "multi:softprob";
    std::vector<float> x(rows * 3), y(rows);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < 3; ++c) x[r * 3 + c] = unit(random);
        if (r % 10 == 0) x[r * 3 + 1] = NAN;  // missing values take the default side
        y[r] = x[r * 3] > 0.5f && x[r * 3 + 1] < 0.3f ? 1.0f : 0.0f;
        if (multiclass && x[r * 3 + 2] > 0.8f) y[r] = 2.0f;
    }
    DMatrixHandle matrix = nullptr;
    REQUIRE(XGDMatrixCreateFromMat(x.data(), rows, 3, NAN, &matrix) == 0);
    REQUIRE(XGDMatrixSetFloatInfo(matrix, "label", y.data(), rows) == 0);
    const char* names[] = {"x0", "x1", "noise"};
    BoosterHandle booster = nullptr;
    REQUIRE(XGBoosterCreate(&matrix, 1, &booster) == 0);
    // As the trainer does (booster.feature_names = ...).
    REQUIRE(XGBoosterSetStrFeatureInfo(booster, "feature_name", names, 3) == 0);
    XGBoosterSetParam(booster, "nthread", "1");
    XGBoosterSetParam(booster, "max_depth", "3");
    XGBoosterSetParam(booster, "seed", "1");
    XGBoosterSetParam(booster, "objective", objective);
    if (multiclass) {
        XGBoosterSetParam(booster, "num_class", "3");
        XGBoosterSetAttr(booster, "classes", "no,yes,noise");
    }
    for (int i = 0; i < 20; ++i) REQUIRE(XGBoosterUpdateOneIter(booster, i, matrix) == 0);
    bst_ulong length = 0;
    const char* bytes = nullptr;
    REQUIRE(XGBoosterSaveModelToBuffer(booster, "{\"format\": \"json\"}", &length, &bytes) == 0);
    std::string json(bytes, length);
    XGBoosterFree(booster);
    XGDMatrixFree(matrix);
    return json;
}

// Rows that reach every side of every split of the model: each value a
// split threshold of its feature, just below or above it, or missing.
std::vector<float> probing_rows(const scrapedoc::learned::Model& model, std::size_t rows) {
    const std::size_t columns = model.feature_names().size();
    std::vector<std::vector<float>> thresholds(columns);
    for (const auto& node : model.tables().nodes)
        if (node.feature >= 0) thresholds[node.feature].push_back(node.value);
    std::mt19937 random(11);
    std::vector<float> values(rows * columns);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) {
            float& v = values[r * columns + c];
            const auto& t = thresholds[c];
            const unsigned pick = random() % 8;
            if (pick == 0 || t.empty()) {
                v = pick == 0 ? NAN : static_cast<float>(random() % 100);
            } else {
                v = t[random() % t.size()];
                if (pick < 4) v = std::nextafter(v, -INFINITY);
                if (pick == 7) v += 1.0f;
            }
        }
    return values;
}

void check_agrees_with_xgboost(const std::string& json, std::size_t rows = 500) {
    const scrapedoc::learned::Model model("test", json);
    const Booster xgboost(json);
    const std::vector<float> values = probing_rows(model, rows);
    const std::vector<float> ours = model.predict(values, rows);
    const std::vector<float> theirs = xgboost.predict(values, rows, model.feature_names().size());
    REQUIRE(ours.size() == theirs.size());
    std::size_t off = 0;
    for (std::size_t i = 0; i < ours.size(); ++i)
        if (std::fabs(ours[i] - theirs[i]) > 1e-4f) ++off;
    CHECK(off == 0);
}

}  // namespace

TEST_CASE("a learned model predicts what XGBoost predicts, for each objective") {
    for (const char* objective : {"binary:logistic", "multi:softprob", "reg:squarederror", "binary:logitraw"}) {
        CAPTURE(std::string(objective));
        check_agrees_with_xgboost(trained_model_json(objective));
    }
}

TEST_CASE("a learned model predicts what it was trained on, row by row") {
    const scrapedoc::learned::Model model("test", trained_model_json("binary:logistic"));
    CHECK(model.feature_names() == std::vector<std::string>{"x0", "x1", "noise"});
    CHECK(model.outputs() == 1);
    const std::vector<float> rows = {0.9f, 0.1f, 0.5f,   // yes
                                     0.2f, 0.1f, 0.5f,   // no: x0 small
                                     0.9f, 0.8f, 0.5f,   // no: x1 large
                                     0.9f, NAN, 0.5f};   // x1 missing: some answer
    const std::vector<float> p = model.predict(rows, 4);
    REQUIRE(p.size() == 4);
    CHECK(p[0] > 0.8f);
    CHECK(p[1] < 0.2f);
    CHECK(p[2] < 0.2f);
    CHECK(p[3] >= 0.0f);
    CHECK(p[3] <= 1.0f);
    CHECK(model.predict({}, 0).empty());
}

TEST_CASE("a multi-class model gives one probability a class, its labels from the trainer") {
    const scrapedoc::learned::Model model("test", trained_model_json("multi:softprob"));
    CHECK(model.attribute("classes") == "no,yes,noise");
    CHECK(model.attribute("nothing").empty());
    REQUIRE(model.outputs() == 3);
    const std::vector<float> p = model.predict(std::vector<float>{0.9f, 0.1f, 0.5f, 0.1f, 0.9f, 0.5f}, 2);
    REQUIRE(p.size() == 6);
    CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0f));
    CHECK(p[1] > 0.8f);
    CHECK(p[3] > 0.8f);
    CHECK_THROWS_AS(model.contributions(std::vector<float>{0.9f, 0.1f, 0.5f}, 1), std::logic_error);
}

TEST_CASE("contributions sum to the raw score, and the trained rule's features weigh most") {
    const scrapedoc::learned::Model model("test", trained_model_json("binary:logistic"));
    const std::vector<float> values = probing_rows(model, 200);
    const std::vector<float> p = model.predict(values, 200);
    const std::vector<float> c = model.contributions(values, 200);
    REQUIRE(c.size() == 200 * 4);
    double weight[3] = {0, 0, 0};
    for (std::size_t r = 0; r < 200; ++r) {
        double sum = 0;
        for (std::size_t k = 0; k < 4; ++k) sum += c[r * 4 + k];
        CHECK(sum == doctest::Approx(std::log(p[r] / (1 - p[r]))).epsilon(1e-3));
        for (std::size_t k = 0; k < 3; ++k) weight[k] += std::fabs(c[r * 4 + k]);
    }
    CHECK(weight[2] < weight[0]);
    CHECK(weight[2] < weight[1]);
    // A row the rule calls yes owes it to x0 and x1.
    const std::vector<float> yes = model.contributions(std::vector<float>{0.9f, 0.1f, 0.5f}, 1);
    CHECK(yes[0] > 0);
    CHECK(yes[1] > 0);
}

TEST_CASE("a model refuses features other than its own, rows of the wrong width, and broken files") {
    const std::string json = trained_model_json("binary:logistic");
    const scrapedoc::learned::Model model("test", json);
    const std::string_view same[] = {"x0", "x1", "noise"};
    CHECK_NOTHROW(model.require_features(same));
    const std::string_view other[] = {"x0", "noise", "x1"};
    CHECK_THROWS_AS(model.require_features(other), std::logic_error);
    const std::string_view fewer[] = {"x0", "x1"};
    CHECK_THROWS_AS(model.require_features(fewer), std::logic_error);
    CHECK_THROWS_AS(model.predict(std::vector<float>{1.0f, 2.0f}, 1), std::logic_error);
    CHECK_THROWS_AS(scrapedoc::learned::Model("broken", "{not a model"), std::runtime_error);
    CHECK_THROWS_AS(scrapedoc::learned::Model("broken", "{\"learner\": 3}"), std::runtime_error);
    // The model with the first value of one of its arrays replaced.
    auto with_first = [&json](std::string_view array, std::string_view value) {
        std::string changed = json;
        const std::string key = "\"" + std::string(array) + "\":[";
        const std::size_t at = changed.find(key);
        REQUIRE(at != std::string::npos);
        const std::size_t first = at + key.size();
        changed.replace(first, changed.find(',', first) - first, value);
        return changed;
    };
    // A child that points back to its parent would never end a walk.
    CHECK_THROWS_AS(scrapedoc::learned::Model("loop", with_first("left_children", "0")), std::runtime_error);
    // A split on a feature the model does not have.
    CHECK_THROWS_AS(scrapedoc::learned::Model("unknown", with_first("split_indices", "99")), std::runtime_error);
}

TEST_CASE("models come from a folder when one is given, else compiled in; absent ones are null") {
    const auto folder = std::filesystem::temp_directory_path() / "scrapedoc-test-models";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "toy.json") << trained_model_json("binary:logistic");
    const auto* model = scrapedoc::learned::find_model("toy", folder);
    REQUIRE(model != nullptr);
    CHECK(model->feature_names().size() == 3);
    CHECK(scrapedoc::learned::find_model("toy", folder) == model);  // loaded once
    CHECK(scrapedoc::learned::find_model("toy") == nullptr);         // not compiled in
    CHECK(scrapedoc::learned::find_model("absent", folder) == nullptr);
    std::filesystem::remove_all(folder);
}

TEST_CASE("every compiled-in model predicts what XGBoost predicts from its JSON file") {
    const std::filesystem::path dir = std::filesystem::path(SCRAPEDOC_SOURCE_DIR) / "converters/data/models";
    std::size_t files = 0;
    if (std::filesystem::is_directory(dir))
        for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.path().extension() == ".json";
    CHECK(scrapedoc::learned::compiled_models().size() == files);
    for (const auto& compiled : scrapedoc::learned::compiled_models()) {
        CAPTURE(compiled.name);
        std::ifstream in(dir / (std::string(compiled.name) + ".json"), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        REQUIRE(in);
        const scrapedoc::learned::Model from_file("file", bytes.str());
        const scrapedoc::learned::Model built_in("built-in", compiled.tables);
        CHECK(built_in.feature_names() == from_file.feature_names());
        CHECK(built_in.outputs() == from_file.outputs());
        const std::size_t rows = 300;
        const std::vector<float> values = probing_rows(built_in, rows);
        CHECK(built_in.predict(values, rows) == from_file.predict(values, rows));
        check_agrees_with_xgboost(bytes.str(), rows);
    }
}
