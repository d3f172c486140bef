#pragma once
// A trained model: a tree is a forest of one. Saves to and loads from JSON holding every
// node, the feature names and the training settings.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hdl/tabular/table.hpp"
#include "hdl/tabular/tree.hpp"

namespace hdl::tabular {

enum class ModelKind { kTree, kForest };
const char* kind_name(ModelKind kind);  // "tree", "forest"

struct Model {
  ModelKind kind = ModelKind::kTree;
  std::vector<std::string> feature_names;
  std::vector<bool> integer_features;                  // every training value was a whole number
  std::vector<Tree> trees;                             // one for a tree
  std::vector<double> importances;                     // impurity decrease per feature, summing to 1
  nlohmann::json settings = nlohmann::json::object();  // how it was trained
  nlohmann::json metrics = nlohmann::json::object();   // what training measured (OOB, ...)

  /// Mean of the trees' predictions for one row (features in the model's order).
  double predict(const double* row) const;
  /// Predictions for every row of `table`, matching columns by name, on up to `threads`
  /// threads (0: every core); the same as predict(row) for each row, to the bit. Throws
  /// hdl::Error naming a feature the table lacks.
  std::vector<double> predict(const Table& table, int threads = 1) const;
  int feature_index(const std::string& name) const;
};

/// Root-mean-square error and R² of predictions against the table's target.
double rmse(const std::vector<double>& predicted, const std::vector<double>& actual);
double r2_score(const std::vector<double>& predicted, const std::vector<double>& actual);

nlohmann::json model_to_json(const Model& model);
/// Throws hdl::Error naming `source` and what is wrong when the document is not a model.
Model model_from_json(const nlohmann::json& document, const std::string& source);

/// Writes the model atomically (temporary file, then rename).
void save_model(const Model& model, const std::filesystem::path& path);
/// Reads a model and checks it is of the kind asked for.
Model load_model(const std::filesystem::path& path, ModelKind expected);

}  // namespace hdl::tabular
