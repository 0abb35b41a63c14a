// converters/learned/model: a model made here through XGBoost's own C API
// (trained on a rule it must learn), saved as JSON, loaded by Model and asked.
#include <xgboost/c_api.h>

#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "learned/model.hpp"

namespace {

// y = 1 when x0 > 0.5 and x1 < 0.3 (x2 is noise); `classes` set as the
// trainer sets it.
std::string trained_model_json(bool multiclass) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const int rows = 2000;
    std::vector<float> x(rows * 3), y(rows);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < 3; ++c) x[r * 3 + c] = unit(random);
        y[r] = x[r * 3] > 0.5f && x[r * 3 + 1] < 0.3f ? 1.0f : 0.0f;
    }
    DMatrixHandle matrix = nullptr;
    REQUIRE(XGDMatrixCreateFromMat(x.data(), rows, 3, NAN, &matrix) == 0);
    REQUIRE(XGDMatrixSetFloatInfo(matrix, "label", y.data(), rows) == 0);
    const char* names[] = {"x0", "x1", "noise"};
    REQUIRE(XGDMatrixSetStrFeatureInfo(matrix, "feature_name", names, 3) == 0);
    BoosterHandle booster = nullptr;
    REQUIRE(XGBoosterCreate(&matrix, 1, &booster) == 0);
    // As the trainer does (booster.feature_names = ...): the names are the
    // booster's, which a DMatrix's do not become.
    REQUIRE(XGBoosterSetStrFeatureInfo(booster, "feature_name", names, 3) == 0);
    XGBoosterSetParam(booster, "nthread", "1");
    XGBoosterSetParam(booster, "max_depth", "3");
    XGBoosterSetParam(booster, "seed", "1");
    if (multiclass) {
        XGBoosterSetParam(booster, "objective", "multi:softprob");
        XGBoosterSetParam(booster, "num_class", "2");
        XGBoosterSetAttr(booster, "classes", "no,yes");
    } else {
        XGBoosterSetParam(booster, "objective", "binary:logistic");
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

}  // namespace

TEST_CASE("a learned model predicts what it was trained on, row by row") {
    const scrapedoc::learned::Model model("test", trained_model_json(false));
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

TEST_CASE("a binary model says what each feature added: contributions sum to the raw score") {
    const scrapedoc::learned::Model model("test", trained_model_json(false));
    const std::vector<float> rows = {0.9f, 0.1f, 0.5f,   // yes
                                     0.9f, 0.8f, 0.5f};  // no: x1 large
    const std::vector<float> p = model.predict(rows, 2);
    const std::vector<float> c = model.contributions(rows, 2);
    REQUIRE(c.size() == 2 * 4);
    for (int r = 0; r < 2; ++r) {
        float raw = c[r * 4] + c[r * 4 + 1] + c[r * 4 + 2] + c[r * 4 + 3];
        CHECK(1.0f / (1.0f + std::exp(-raw)) == doctest::Approx(p[r]).epsilon(1e-4));
        // the noise column weighs least
        CHECK(std::fabs(c[r * 4 + 2]) < std::fabs(c[r * 4 + 1]));
    }
    CHECK(c[1] > 0);  // x1 small: for
    CHECK(c[5] < 0);  // x1 large: against
}

TEST_CASE("a multi-class model gives one probability a class, its labels from the trainer") {
    const scrapedoc::learned::Model model("test", trained_model_json(true));
    CHECK(model.attribute("classes") == "no,yes");
    CHECK(model.attribute("nothing").empty());
    REQUIRE(model.outputs() == 2);
    const std::vector<float> p = model.predict(std::vector<float>{0.9f, 0.1f, 0.5f, 0.1f, 0.9f, 0.5f}, 2);
    REQUIRE(p.size() == 4);
    CHECK(p[0] + p[1] == doctest::Approx(1.0f));
    CHECK(p[1] > 0.8f);
    CHECK(p[2] > 0.8f);
}

TEST_CASE("a model refuses features other than its own, and rows of the wrong width") {
    const scrapedoc::learned::Model model("test", trained_model_json(false));
    const std::string_view same[] = {"x0", "x1", "noise"};
    CHECK_NOTHROW(model.require_features(same));
    const std::string_view other[] = {"x0", "noise", "x1"};
    CHECK_THROWS_AS(model.require_features(other), std::logic_error);
    const std::string_view fewer[] = {"x0", "x1"};
    CHECK_THROWS_AS(model.require_features(fewer), std::logic_error);
    CHECK_THROWS_AS(model.predict(std::vector<float>{1.0f, 2.0f}, 1), std::logic_error);
    CHECK_THROWS_AS(scrapedoc::learned::Model("broken", "{not a model"), std::runtime_error);
}

TEST_CASE("models come from a folder when one is given, else compiled in; absent ones are null") {
    const auto folder = std::filesystem::temp_directory_path() / "scrapedoc-test-models";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "toy.json") << trained_model_json(false);
    const auto* model = scrapedoc::learned::find_model("toy", folder);
    REQUIRE(model != nullptr);
    CHECK(model->feature_names().size() == 3);
    CHECK(scrapedoc::learned::find_model("toy", folder) == model);  // loaded once
    CHECK(scrapedoc::learned::find_model("toy") == nullptr);         // not compiled in
    CHECK(scrapedoc::learned::find_model("absent", folder) == nullptr);
    std::filesystem::remove_all(folder);
}
