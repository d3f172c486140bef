// hdl predict tree|forest a=.. b=.. | --csv FILE, and hdl eval tree|forest [--on FILE_OR_DIR].
#include <fmt/format.h>

#include <cmath>

#include "hdl/core/error.hpp"
#include "tabular_commands.hpp"

namespace hdl::cli {
namespace {

using tabular::ModelKind;

/// Share of rows whose prediction, rounded, equals y.
double rounded_accuracy(const std::vector<double>& predicted, const std::vector<double>& actual) {
  if (predicted.empty()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i)
    equal += std::lround(predicted[i]) == std::lround(actual[i]) ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(predicted.size());
}

void add_model_option(CLI::App* sub, std::string& model, ModelKind kind) {
  sub->add_option("--model", model, fmt::format("Model file (default DATA/models/{}.json)", tabular::kind_name(kind)));
}

}  // namespace

nlohmann::json run_predict_tabular(const TabularPredictOptions& options, const GlobalOptions& globals) {
  if (options.assignments.empty() == options.csv.empty())
    throw UsageError(options.csv.empty() ? "nothing to predict" : "give feature values or --csv, not both",
                     fmt::format("for example 'hdl predict {} a=100 b=90 c=80 d=70 e=60 f=50' or --csv FILE",
                                 tabular::kind_name(options.kind)));
  const tabular::Model model =
      tabular::load_model(tabular_detail::model_path(options.model, options.kind, globals), options.kind);
  if (!options.csv.empty()) {
    const tabular::Table table = tabular::load_table(options.csv, tabular::Target::kOptional);
    const std::vector<double> predicted = model.predict(table, globals.thread_count());
    if (globals.text())
      for (double y : predicted) fmt::print("{:g}\n", y);
    return predicted;
  }
  const std::vector<double> row = tabular_detail::parse_row(options.assignments, model);
  const double y = model.predict(row.data());
  if (globals.text()) fmt::print("{:g}\n", y);
  nlohmann::json features = nlohmann::json::object();
  for (std::size_t f = 0; f < row.size(); ++f) features[model.feature_names[f]] = row[f];
  return {{"model", tabular::kind_name(options.kind)}, {"features", features}, {"y", y}};
}

nlohmann::json run_eval_tabular(const TabularEvalOptions& options, const GlobalOptions& globals) {
  const std::filesystem::path path = tabular_detail::model_path(options.model, options.kind, globals);
  const tabular::Model model = tabular::load_model(path, options.kind);
  const char* kind = tabular::kind_name(options.kind);
  nlohmann::json result{{"model", kind}, {"path", path.string()}};

  if (!options.on.empty()) {
    const tabular::Table table = tabular::load_table(options.on);
    const std::vector<double> predicted = model.predict(table, globals.thread_count());
    const double rmse = tabular::rmse(predicted, table.target);
    const double accuracy = rounded_accuracy(predicted, table.target);
    result.update({{"on", options.on}, {"rows", table.rows()}, {"rmse", rmse}, {"rounded_accuracy", accuracy}});
    if (globals.text())
      fmt::print("{} on {} ({} rows): RMSE {:.4f}, rounded prediction = y on {:.2f}%\n", kind, options.on, table.rows(),
                 rmse, 100 * accuracy);
    return result;
  }

  // The split the model was trained on: its seed and share unless told otherwise.
  const double valid_pct = options.valid_pct >= 0 ? options.valid_pct : model.settings.value("valid_pct", 0.2);
  const std::uint64_t seed = model.settings.value("seed", globals.seed);
  const tabular::Table table = tabular::load_table(tabular::default_table_path(globals.data_dir));
  const auto [train, valid] = tabular_detail::split_table(table, valid_pct, seed);
  const std::vector<double> train_predicted = model.predict(train, globals.thread_count());
  const double train_rmse = tabular::rmse(train_predicted, train.target);
  result.update({{"valid_pct", valid_pct},
                 {"seed", seed},
                 {"train_rows", train.rows()},
                 {"valid_rows", valid.rows()},
                 {"train_rmse", train_rmse}});
  double valid_rmse = 0, valid_accuracy = 0;
  if (valid.rows() > 0) {
    const std::vector<double> predicted = model.predict(valid, globals.thread_count());
    valid_rmse = tabular::rmse(predicted, valid.target);
    valid_accuracy = rounded_accuracy(predicted, valid.target);
    result.update({{"valid_rmse", valid_rmse}, {"valid_rounded_accuracy", valid_accuracy}});
  }
  for (const char* key : {"oob_rmse", "oob_r2"})
    if (model.metrics.contains(key)) result[key] = model.metrics[key];
  if (globals.text()) {
    if (valid.rows() > 0)
      fmt::print("valid RMSE {:.4f} on {} rows (rounded prediction = y on {:.2f}%)\n", valid_rmse, valid.rows(),
                 100 * valid_accuracy);
    fmt::print("train RMSE {:.4f} on {} rows\n", train_rmse, train.rows());
    if (model.metrics.contains("oob_rmse"))
      fmt::print("OOB   RMSE {:.4f}, R² {:.4f}\n", model.metrics["oob_rmse"].get<double>(),
                 model.metrics["oob_r2"].get<double>());
  }
  return result;
}

void setup_predict_tabular(Cli& cli) {
  CLI::App* predict = cli.verb("predict", "Predict with a trained model");
  for (const ModelKind kind : {ModelKind::kTree, ModelKind::kForest}) {
    auto options = std::make_shared<TabularPredictOptions>();
    options->kind = kind;
    CLI::App* sub = predict->add_subcommand(tabular::kind_name(kind),
                                            fmt::format("y for one row (a=100 b=90 ...) or every row of --csv FILE, "
                                                        "with the {}",
                                                        tabular::kind_name(kind)));
    sub->add_option("features", options->assignments, "Feature values: a=100 b=90 c=80 d=70 e=60 f=50");
    sub->add_option("--csv", options->csv, "Predict every row of a CSV file with a header a,b,c,d,e,f");
    add_model_option(sub, options->model, kind);
    cli.on_run(sub, [options, &globals = cli.globals()] { return run_predict_tabular(*options, globals); });
  }
}

void setup_eval_tabular(Cli& cli) {
  CLI::App* eval = cli.verb("eval", "RMSE of a trained model on the validation split or other data");
  for (const ModelKind kind : {ModelKind::kTree, ModelKind::kForest}) {
    auto options = std::make_shared<TabularEvalOptions>();
    options->kind = kind;
    CLI::App* sub = eval->add_subcommand(tabular::kind_name(kind),
                                         fmt::format("Validation and train RMSE of the {}", tabular::kind_name(kind)));
    sub->add_option("--valid-pct", options->valid_pct, "Share held out (default: as trained)");
    sub->add_option("--on", options->on, "Judge the whole of another data file or folder instead");
    add_model_option(sub, options->model, kind);
    cli.on_run(sub, [options, &globals = cli.globals()] { return run_eval_tabular(*options, globals); });
  }
}

}  // namespace hdl::cli
