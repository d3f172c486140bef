// What the tabular command files share: model paths, row parsing, the split, importances.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "hdl/core/error.hpp"
#include "hdl/core/split.hpp"
#include "tabular_commands.hpp"

namespace hdl::cli {
namespace tabular_detail {

std::filesystem::path model_path(const std::string& given, tabular::ModelKind kind, const GlobalOptions& globals) {
  if (!given.empty()) return given;
  return globals.data_dir / "models" / (std::string(tabular::kind_name(kind)) + ".json");
}

std::vector<double> parse_row(const std::vector<std::string>& assignments, const tabular::Model& model) {
  const std::string names = fmt::format("{}", fmt::join(model.feature_names, ", "));
  std::vector<double> row(model.feature_names.size(), 0.0);
  std::vector<bool> given(row.size(), false);
  for (const std::string& assignment : assignments) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos)
      throw UsageError(fmt::format("expected feature=value, got '{}'", assignment), "for example a=100 b=90");
    const std::string name = assignment.substr(0, equals), text = assignment.substr(equals + 1);
    const int index = model.feature_index(name);
    if (index < 0) throw UsageError(fmt::format("unknown feature '{}'", name), "the model's features are " + names);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
      throw UsageError(fmt::format("feature '{}' has the value '{}', not a number", name, text),
                       fmt::format("for example {}=50", name));
    if (given[static_cast<std::size_t>(index)]) throw UsageError(fmt::format("feature '{}' is given twice", name));
    given[static_cast<std::size_t>(index)] = true;
    row[static_cast<std::size_t>(index)] = value;
  }
  for (std::size_t f = 0; f < row.size(); ++f)
    if (!given[f])
      throw UsageError(fmt::format("missing feature '{}'", model.feature_names[f]), "give every feature: " + names);
  return row;
}

TrainValid split_table(const tabular::Table& table, double valid_pct, std::uint64_t seed) {
  const Split split = split_indices(table.rows(), valid_pct, seed);
  return {tabular::select_rows(table, split.train), tabular::select_rows(table, split.valid)};
}

std::string importances_text(const tabular::Model& model) {
  std::vector<std::size_t> order(model.feature_names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return model.importances[a] > model.importances[b]; });
  std::string out;
  for (std::size_t f : order)
    out += fmt::format("{}{} {:.3f}", out.empty() ? "" : "  ", model.feature_names[f], model.importances[f]);
  return out;
}

nlohmann::json importances_json(const tabular::Model& model) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t f = 0; f < model.feature_names.size(); ++f) out[model.feature_names[f]] = model.importances[f];
  return out;
}

}  // namespace tabular_detail

void setup_tabular(Cli& cli) {
  setup_train_tabular(cli);
  setup_predict_tabular(cli);
  setup_eval_tabular(cli);
  setup_viz_tabular(cli);
  setup_rules_tabular(cli);
}

}  // namespace hdl::cli
