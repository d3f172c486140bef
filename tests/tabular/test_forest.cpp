// The random forest: the same forest at any thread count, out-of-bag scores, importances.
#include <catch2/catch.hpp>

#include <numeric>

#include "hdl/tabular.hpp"
#include "tabular_fixtures.hpp"

using namespace hdl::tabular;

namespace {
ForestOptions small_forest() {
  ForestOptions options;
  options.n_trees = 8;
  options.max_samples = 1500;
  return options;
}
}  // namespace

TEST_CASE("tabular forest: results are identical with 1 and 2 threads", "[tabular][forest][determinism]") {
  const Table table = hdl::test::generator_table(2000);
  const Model one = fit_forest(table, small_forest(), 42, 1);
  const Model two = fit_forest(table, small_forest(), 42, 2);
  REQUIRE(model_to_json(one) == model_to_json(two));
  const Model other = fit_forest(table, small_forest(), 43, 2);
  REQUIRE(model_to_json(one)["trees"] != model_to_json(other)["trees"]);
}

TEST_CASE("tabular forest: out-of-bag scores, importances and the defaults of the issue", "[tabular][forest]") {
  const ForestOptions defaults;
  REQUIRE(defaults.n_trees == 40);
  REQUIRE(defaults.max_samples == 8000);
  REQUIRE(defaults.tree.max_features.fraction == 0.5);
  REQUIRE(defaults.tree.min_samples_leaf == 5);

  const Table table = hdl::test::generator_table(3000);
  FitReport report;
  const Model model = fit_forest(table, small_forest(), 42, 2, &report);
  REQUIRE(model.kind == ModelKind::kForest);
  REQUIRE(model.trees.size() == 8);
  REQUIRE(report.fit_seconds > 0);
  // 1500 draws from 3000 rows leave about 60% of rows out of each tree's sample.
  REQUIRE(model.metrics.at("oob_rows").get<std::size_t>() > 2900);
  const double oob_r2 = model.metrics.at("oob_r2");
  REQUIRE(oob_r2 > 0.85);
  REQUIRE(oob_r2 < 1.0);
  REQUIRE(model.metrics.at("oob_rmse").get<double>() > 0.1);
  REQUIRE(std::accumulate(model.importances.begin(), model.importances.end(), 0.0) == Approx(1.0));
  // a matters only for rule 1 (a < 5 and b > 90), far less than d or f.
  REQUIRE(model.importances[0] < model.importances[3]);
  REQUIRE(model.importances[0] < model.importances[5]);
  for (const Tree& tree : model.trees) {
    REQUIRE(tree.nodes.front().samples == 1500);
    for (const Node& node : tree.nodes)
      if (node.is_leaf()) REQUIRE(node.samples >= 5);
  }
}

TEST_CASE("tabular forest: the forest predicts the mean of its trees", "[tabular][forest]") {
  const Table table = hdl::test::generator_table(1000);
  const Model model = fit_forest(table, small_forest(), 5, 2);
  const std::vector<double> row{10, 95, 20, 70, 85, 15};
  double mean = 0;
  for (const Tree& tree : model.trees) mean += tree.predict(row.data()) / static_cast<double>(model.trees.size());
  REQUIRE(model.predict(row.data()) == Approx(mean).epsilon(1e-12));

  // A whole table (several blocks of rows, a last block that is not a multiple of the rows
  // that go down a tree together, in parallel) gets exactly what each row gets alone, with
  // the columns in another order than the model's.
  Table shuffled = hdl::test::generator_table(5003, 9);
  std::swap(shuffled.feature_names[0], shuffled.feature_names[4]);
  std::swap(shuffled.columns[0], shuffled.columns[4]);
  for (const int threads : {1, 2}) {
    const std::vector<double> predicted = model.predict(shuffled, threads);
    REQUIRE(predicted.size() == 5003);
    std::size_t same = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
      std::vector<double> x = shuffled.row(i);
      std::swap(x[0], x[4]);  // back to the model's order
      if (predicted[i] == model.predict(x.data())) ++same;
    }
    REQUIRE(same == 5003);
  }
}

TEST_CASE("tabular forest: trees drawn from a small part of the rows see exactly their rows", "[tabular][forest]") {
  // 3 trees of 100 draws from 2000 rows: the rows some tree drew are a few percent of all, so
  // only they are binned and each tree's rows are found among them. With y = 2x + 1 and
  // leaves down to one row, a tree predicts y exactly at the rows it drew (about 98 of 100
  // draws are distinct), and a row mapped to the wrong bins would break that.
  hdl::tabular::Table table;
  table.feature_names = {"x"};
  table.columns.assign(1, std::vector<double>(2000));
  table.target.resize(2000);
  for (std::size_t i = 0; i < 2000; ++i) {
    table.columns[0][i] = static_cast<double>((i * 7) % 2000);  // every value once, not in order
    table.target[i] = 2 * table.columns[0][i] + 1;
  }
  ForestOptions options;
  options.n_trees = 3;
  options.max_samples = 100;
  options.tree.min_samples_leaf = 1;
  options.tree.max_features.fraction = 1.0;
  const Model model = fit_forest(table, options, 42, 2);
  for (const Tree& tree : model.trees) {
    REQUIRE(tree.nodes.front().samples == 100);
    std::size_t exact = 0;
    for (std::size_t i = 0; i < 2000; ++i) {
      const double x = table.columns[0][i];
      if (tree.predict(&x) == table.target[i]) ++exact;
    }
    CHECK(exact >= 90);
    CHECK(exact <= 100);
    for (const Node& node : tree.nodes)
      if (node.is_leaf()) REQUIRE(node.impurity == 0.0);
  }
}

TEST_CASE("tabular forest and tree: which features are whole numbers, of every training row", "[tabular][forest]") {
  // Whole numbers (negative too), one fraction late in a column (past the vectorised blocks,
  // and inside them), and magnitudes too large to count with (over 9e15) are told apart.
  hdl::tabular::Table table = hdl::test::generator_table(1003);
  table.columns[1][1002] = 40.5;  // the last row: the scalar tail
  table.columns[2][517] = -3.25;  // inside a block
  table.columns[3][0] = -17;      // negative but whole
  table.columns[4][300] = 1e16;   // whole, but too large to count with
  ForestOptions options;
  options.n_trees = 2;
  options.max_samples = 50;  // most rows are drawn by no tree; the answer is still of every row
  const Model forest = fit_forest(table, options, 42, 1);
  const Model tree = fit_tree(table, TreeOptions{}, 42);
  const std::vector<bool> expected{true, false, false, true, false, true};
  REQUIRE(forest.integer_features == expected);
  REQUIRE(tree.integer_features == expected);
}
