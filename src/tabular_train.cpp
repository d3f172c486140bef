// hdl train tree|forest — fit on the seeded training split, report, save DATA/models/<kind>.json.
#include <fmt/format.h>

#include "hdl/core/error.hpp"
#include "tabular_commands.hpp"

namespace hdl::cli {
namespace {

using tabular::ModelKind;

/// "0.5" is a share of the features, "3" a count.
tabular::FeatureShare parse_max_features(const std::string& text, double default_share) {
  tabular::FeatureShare share;
  share.fraction = default_share;
  if (text.empty()) return share;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const bool is_number = end == text.c_str() + text.size() && value > 0;
  if (is_number && text.find_first_of(".eE") == std::string::npos) {
    share.count = static_cast<int>(value);
  } else if (is_number && value <= 1.0) {
    share.fraction = value;
  } else {
    throw UsageError(fmt::format("--max-features '{}' is neither a share in (0, 1] nor a count", text),
                     "for example --max-features 0.5 or --max-features 3");
  }
  return share;
}

void validate(const TabularTrainOptions& options) {
  auto check = [](bool ok, const std::string& what, const std::string& hint) {
    if (!ok) throw UsageError(what, hint);
  };
  check(options.max_leaf_nodes == 0 || options.max_leaf_nodes >= 2, "--max-leaf-nodes must be 0 or at least 2",
        "for example --max-leaf-nodes 20 (0: no limit)");
  check(options.max_depth >= 0, "--max-depth must not be negative", "0 means no limit");
  check(options.min_samples_split >= 2, "--min-samples-split must be at least 2", "for example --min-samples-split 2");
  check(options.min_samples_leaf >= 0, "--min-samples-leaf must be at least 1", "for example --min-samples-leaf 5");
  check(options.trees >= 1 && options.trees <= 10000, "--trees must be from 1 to 10000", "for example --trees 40");
}

tabular::TreeOptions tree_options(const TabularTrainOptions& options, int default_leaf, double default_share) {
  tabular::TreeOptions tree;
  tree.max_leaf_nodes = options.kind == ModelKind::kTree ? options.max_leaf_nodes : 0;
  tree.max_depth = options.max_depth;
  tree.min_samples_split = options.min_samples_split;
  tree.min_samples_leaf = options.min_samples_leaf > 0 ? options.min_samples_leaf : default_leaf;
  tree.max_features = parse_max_features(options.max_features, default_share);
  return tree;
}

}  // namespace

nlohmann::json run_train_tabular(const TabularTrainOptions& options, const GlobalOptions& globals) {
  validate(options);
  const std::filesystem::path data_file = tabular::default_table_path(globals.data_dir);
  const tabular::Table table = tabular::load_table(data_file);
  const auto [train, valid] = tabular_detail::split_table(table, options.valid_pct, globals.seed);
  if (train.rows() == 0) throw Error("no rows left to train on", "lower --valid-pct or generate more rows");

  tabular::Model model;
  tabular::FitReport report;
  if (options.kind == ModelKind::kTree) {
    model = tabular::fit_tree(train, tree_options(options, 1, 1.0), globals.seed, &report, globals.thread_count());
  } else {
    tabular::ForestOptions forest;
    forest.n_trees = options.trees;
    forest.max_samples = options.max_samples;
    forest.tree = tree_options(options, 5, 0.5);
    model = tabular::fit_forest(train, forest, globals.seed, globals.thread_count(), &report);
  }
  const double train_rmse = tabular::rmse(model.predict(train, globals.thread_count()), train.target);
  const double valid_rmse =
      valid.rows() > 0 ? tabular::rmse(model.predict(valid, globals.thread_count()), valid.target) : 0.0;
  int leaves = 0, depth = 0;
  for (const auto& tree : model.trees) {
    leaves += tree.leaves();
    depth = std::max(depth, tree.depth());
  }
  // What viz and eval need to find the same rows again.
  model.settings["valid_pct"] = options.valid_pct;
  model.settings["data_rows"] = table.rows();
  model.metrics["train_rmse"] = train_rmse;
  if (valid.rows() > 0) model.metrics["valid_rmse"] = valid_rmse;
  const std::filesystem::path path = tabular_detail::model_path(options.model, options.kind, globals);
  tabular::save_model(model, path);

  const char* kind = tabular::kind_name(options.kind);
  nlohmann::json result{{"model", kind},
                        {"path", path.string()},
                        {"fit_seconds", report.fit_seconds},
                        {"fit_cpu_seconds", report.fit_cpu_seconds},
                        {"train_rows", train.rows()},
                        {"valid_rows", valid.rows()},
                        {"train_rmse", train_rmse},
                        {"valid_rmse", valid.rows() > 0 ? nlohmann::json(valid_rmse) : nlohmann::json(nullptr)},
                        {"leaves", leaves},
                        {"depth", depth},
                        {"importances", tabular_detail::importances_json(model)},
                        {"settings", model.settings}};
  if (options.kind == ModelKind::kForest) {
    result["trees"] = model.trees.size();
    result["oob_seconds"] = report.oob_seconds;
    result["oob_rmse"] = model.metrics.value("oob_rmse", nlohmann::json(nullptr));
    result["oob_r2"] = model.metrics.value("oob_r2", nlohmann::json(nullptr));
  }
  if (globals.text()) {
    if (options.kind == ModelKind::kTree)
      fmt::print("tree: {} leaves, depth {}, fit in {:.3f}s on {} rows\n", leaves, depth, report.fit_seconds,
                 train.rows());
    else
      fmt::print("forest: {} trees, {} leaves in all, depth up to {}, fit in {:.3f}s on {} rows\n", model.trees.size(),
                 leaves, depth, report.fit_seconds, train.rows());
    fmt::print("train RMSE {:.4f}", train_rmse);
    if (valid.rows() > 0) fmt::print("   valid RMSE {:.4f} ({} rows)", valid_rmse, valid.rows());
    fmt::print("\n");
    if (model.metrics.contains("oob_rmse"))
      fmt::print("OOB RMSE {:.4f}   OOB R² {:.4f}\n", model.metrics["oob_rmse"].get<double>(),
                 model.metrics["oob_r2"].get<double>());
    fmt::print("importances: {}\n", tabular_detail::importances_text(model));
  }
  if (globals.chatty()) fmt::print("saved {}\n", path.string());
  return result;
}

void setup_train_tabular(Cli& cli) {
  CLI::App* train = cli.verb("train", "Train a model, print its progress and metrics, save it");
  for (const ModelKind kind : {ModelKind::kTree, ModelKind::kForest}) {
    const bool tree = kind == ModelKind::kTree;
    auto options = std::make_shared<TabularTrainOptions>();
    options->kind = kind;
    CLI::App* sub = train->add_subcommand(
        tabular::kind_name(kind), tree ? "A decision tree on DATA/random_tabular/data.json (DATA/models/tree.json)"
                                       : "A random forest on DATA/random_tabular/data.json (DATA/models/forest.json)");
    sub->add_option("--valid-pct", options->valid_pct, "Share of rows held out for validation")->capture_default_str();
    if (tree)
      sub->add_option("--max-leaf-nodes", options->max_leaf_nodes, "Leaves, grown best-first (0: no limit)")
          ->capture_default_str();
    sub->add_option("--max-depth", options->max_depth, "Deepest level (0: no limit)")->capture_default_str();
    sub->add_option("--min-samples-split", options->min_samples_split, "Fewest rows a node needs to be split")
        ->capture_default_str();
    sub->add_option("--min-samples-leaf", options->min_samples_leaf,
                    tree ? "Fewest rows in a leaf (default 1)" : "Fewest rows in a leaf (default 5)");
    sub->add_option("--max-features", options->max_features,
                    tree ? "Features tried per split: a share like 0.5 or a count like 3 (default 1.0)"
                         : "Features tried per split: a share like 0.5 or a count like 3 (default 0.5)");
    if (!tree) {
      sub->add_option("--trees", options->trees, "Trees in the forest")->capture_default_str();
      sub->add_option("--max-samples", options->max_samples, "Bootstrap rows per tree (0: as many as rows)")
          ->capture_default_str();
    }
    sub->add_option(
        "--model", options->model,
        tree ? "Model file (default DATA/models/tree.json)" : "Model file (default DATA/models/forest.json)");
    cli.on_run(sub, [options, &globals = cli.globals()] { return run_train_tabular(*options, globals); });
  }
}

}  // namespace hdl::cli
