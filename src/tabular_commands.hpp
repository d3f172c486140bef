#pragma once
// The tabular commands: train, predict, eval, viz and rules for `tree` and `forest`. Each has
// an options struct whose members all have defaults and a run function that returns its JSON,
// so `hdl run tabular` can call them in turn.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
#include "hdl/tabular.hpp"

namespace hdl::cli {

struct TabularTrainOptions {
  tabular::ModelKind kind = tabular::ModelKind::kTree;
  double valid_pct = 0.2;
  int max_leaf_nodes = 20;  // tree only; 0: unlimited, grown depth-first
  int max_depth = 0;        // 0: unlimited
  int min_samples_split = 2;
  int min_samples_leaf = 0;        // 0: the model's default, 1 for a tree and 5 for a forest
  std::string max_features;        // "0.5" a share, "3" a count; empty: 1.0 for a tree, 0.5 for a forest
  int trees = 40;                  // forest
  std::size_t max_samples = 8000;  // forest: bootstrap rows per tree
  std::string model;               // empty: DATA/models/<kind>.json
};
nlohmann::json run_train_tabular(const TabularTrainOptions& options, const GlobalOptions& globals);

struct TabularPredictOptions {
  tabular::ModelKind kind = tabular::ModelKind::kTree;
  std::vector<std::string> assignments;  // "a=100" ...
  std::string csv;
  std::string model;
};
nlohmann::json run_predict_tabular(const TabularPredictOptions& options, const GlobalOptions& globals);

struct TabularEvalOptions {
  tabular::ModelKind kind = tabular::ModelKind::kTree;
  double valid_pct = -1;  // below 0: the share the model was trained with
  std::string on;         // another data file or folder, judged whole
  std::string model;
};
nlohmann::json run_eval_tabular(const TabularEvalOptions& options, const GlobalOptions& globals);

struct TabularVizOptions {
  std::string format = "svg";  // svg, dot, text, json
  std::string out;             // empty: DATA/reports/tree.<svg|dot>, stdout for text and json
  std::string path;            // "a=1,b=2,..." : highlight this row's way down
  std::string model;
};
nlohmann::json run_viz_tabular(const TabularVizOptions& options, const GlobalOptions& globals);

struct TabularRulesOptions {
  tabular::ModelKind kind = tabular::ModelKind::kTree;
  std::size_t fresh_rows = 200000;  // rows the agreement is measured on
  int max_leaf_nodes = 20;          // forest: leaves of the tree distilled from it
  std::string model;
};
nlohmann::json run_rules_tabular(const TabularRulesOptions& options, const GlobalOptions& globals);

// Shared by the tabular command files.
namespace tabular_detail {
/// --model, or DATA/models/<kind>.json.
std::filesystem::path model_path(const std::string& given, tabular::ModelKind kind, const GlobalOptions& globals);
/// Features from "a=1 b=2" or "a=1,b=2" in the model's order; a missing, unknown, repeated or
/// non-numeric feature is a usage error naming it.
std::vector<double> parse_row(const std::vector<std::string>& assignments, const tabular::Model& model);
/// The rows a model was trained on and the ones held out, by the seeded split it recorded.
struct TrainValid {
  tabular::Table train, valid;
};
TrainValid split_table(const tabular::Table& table, double valid_pct, std::uint64_t seed);
/// "c 0.41  d 0.22 ..." largest first.
std::string importances_text(const tabular::Model& model);
nlohmann::json importances_json(const tabular::Model& model);
}  // namespace tabular_detail

void setup_train_tabular(Cli& cli);
void setup_predict_tabular(Cli& cli);
void setup_eval_tabular(Cli& cli);
void setup_viz_tabular(Cli& cli);
void setup_rules_tabular(Cli& cli);

}  // namespace hdl::cli
