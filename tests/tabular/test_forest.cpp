// The random forest: the same forest at any thread count, out-of-bag scores, importances.
#include <catch2/catch.hpp>

#include <numeric>
#include <string>

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

TEST_CASE("tabular forest: trees drawn from a small part of the rows fit their rows exactly", "[tabular][forest]") {
  // 3 trees of 100 draws from 2000 rows: only the rows some tree drew are binned, and each
  // tree's rows are looked up among them (by RowSet's rank, tested on its own). With y = 2x + 1
  // and leaves down to one row, each leaf is pure and a tree predicts y exactly at about the 98
  // distinct rows it drew: a row's bins paired with another row's y would break both.
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
  // Nine copies of a whole-number column, spoilt one way each: a fraction at each of the four
  // places of a block of four values (the vectorised pass has four lanes), one in the scalar
  // tail, one just under 2^52, and a value too large to count with (over 9e15). A negative
  // whole number stays whole.
  const hdl::tabular::Table source = hdl::test::generator_table(1003);
  hdl::tabular::Table table;
  for (int i = 0; i < 9; ++i) table.feature_names.push_back("x" + std::to_string(i));
  table.columns.assign(9, source.columns[0]);
  table.target = source.target;
  table.columns[1][600] = 40.5;                // 600 = 0 mod 4
  table.columns[2][601] = 40.5;                // 1 mod 4
  table.columns[3][602] = -3.25;               // 2 mod 4
  table.columns[4][603] = 7.75;                // 3 mod 4
  table.columns[5][1002] = 0.5;                // the last row: the scalar tail (1003 = 3 mod 4)
  table.columns[6][0] = -17;                   // negative but whole
  table.columns[7][301] = 1e16;                // whole, but too large to count with
  table.columns[8][302] = 4503599627370495.5;  // 2^52 - 0.5
  const std::vector<bool> expected{true, false, false, false, false, false, true, false, false};
  ForestOptions options;
  options.n_trees = 2;
  options.max_samples = 50;  // most rows are drawn by no tree; the answer is still of every row
  const Model forest = fit_forest(table, options, 42, 1);
  const Model tree = fit_tree(table, TreeOptions{}, 42);
  REQUIRE(forest.integer_features == expected);
  REQUIRE(tree.integer_features == expected);
}
