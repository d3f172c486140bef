// The decision tree: exact thresholds, leaf counts, stopping rules, and a brute-force reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>

#include "hdl/core/error.hpp"
#include "hdl/tabular.hpp"
#include "tabular_fixtures.hpp"

using namespace hdl::tabular;

namespace {

double train_rmse(const Model& model, const Table& table) { return rmse(model.predict(table), table.target); }

/// A plain greedy regression tree written for clarity: every midpoint of every feature, the
/// decrease in squared error computed from scratch, depth-first, the first best kept.
struct ReferenceNode {
  int feature = -1;
  double threshold = 0, value = 0;
  std::unique_ptr<ReferenceNode> left, right;
};

double squared_error(const std::vector<double>& ys) {
  double mean = 0;
  for (double y : ys) mean += y;
  mean /= static_cast<double>(ys.size());
  double total = 0;
  for (double y : ys) total += (y - mean) * (y - mean);
  return total;
}

std::unique_ptr<ReferenceNode> reference_tree(const Table& table, const std::vector<std::size_t>& rows, int depth,
                                              int max_depth, std::size_t min_leaf) {
  auto node = std::make_unique<ReferenceNode>();
  std::vector<double> ys;
  for (auto row : rows) ys.push_back(table.target[row]);
  for (double y : ys) node->value += y / static_cast<double>(ys.size());
  if (depth >= max_depth || rows.size() < 2 * min_leaf) return node;
  const double parent_error = squared_error(ys);
  double best_decrease = -1;
  std::vector<std::size_t> best_left, best_right;
  for (std::size_t f = 0; f < table.features(); ++f) {
    std::set<double> values;
    for (auto row : rows) values.insert(table.columns[f][row]);
    for (auto it = values.begin(); std::next(it) != values.end(); ++it) {
      const double threshold = (*it + *std::next(it)) / 2;
      std::vector<std::size_t> left, right;
      std::vector<double> left_y, right_y;
      for (auto row : rows) {
        (table.columns[f][row] <= threshold ? left : right).push_back(row);
        (table.columns[f][row] <= threshold ? left_y : right_y).push_back(table.target[row]);
      }
      if (left.size() < min_leaf || right.size() < min_leaf) continue;
      const double decrease = parent_error - squared_error(left_y) - squared_error(right_y);
      if (decrease > best_decrease + 1e-9) {
        best_decrease = decrease;
        node->feature = static_cast<int>(f);
        node->threshold = threshold;
        best_left = left;
        best_right = right;
      }
    }
  }
  if (node->feature < 0 || parent_error == 0) {
    node->feature = -1;
    return node;
  }
  node->left = reference_tree(table, best_left, depth + 1, max_depth, min_leaf);
  node->right = reference_tree(table, best_right, depth + 1, max_depth, min_leaf);
  return node;
}

double reference_predict(const ReferenceNode& node, const std::vector<double>& row) {
  if (node.feature < 0) return node.value;
  return reference_predict(row[static_cast<std::size_t>(node.feature)] <= node.threshold ? *node.left : *node.right,
                           row);
}

}  // namespace

TEST_CASE("tabular tree: a single known threshold is recovered exactly", "[tabular][tree]") {
  const Table table =
      hdl::test::labelled_table(2000, [](const std::vector<double>& x) { return x[3] > 37 ? 5.0 : 1.0; });
  TreeOptions options;
  options.max_leaf_nodes = 0;
  const Model model = fit_tree(table, options, 42);
  const Tree& tree = model.trees.front();
  REQUIRE(tree.nodes.size() == 3);
  REQUIRE(tree.nodes[0].feature == 3);
  REQUIRE(tree.nodes[0].threshold == 37.5);
  REQUIRE(tree.nodes[tree.nodes[0].left].value == 1.0);
  REQUIRE(tree.nodes[tree.nodes[0].right].value == 5.0);
  REQUIRE(model.importances[3] == 1.0);
  REQUIRE(train_rmse(model, table) == 0.0);
}

TEST_CASE("tabular tree: thresholds lie halfway between adjacent distinct real values", "[tabular][tree]") {
  Table table;
  table.feature_names = {"x"};
  table.columns = {{2.0, 0.1, 3.5, 0.4, 0.4, 2.0}};
  table.target = {1, 0, 1, 0, 0, 1};
  const Model model = fit_tree(table, TreeOptions{}, 1);
  REQUIRE(model.trees.front().nodes[0].threshold == Approx(1.2).epsilon(1e-15));
  REQUIRE(model.trees.front().leaves() == 2);
  const double below = 1.2, above = 1.2000001;
  REQUIRE(model.predict(&below) == 0.0);
  REQUIRE(model.predict(&above) == 1.0);
}

TEST_CASE("tabular tree: ties go to the first feature and the lowest threshold", "[tabular][tree]") {
  Table table;
  table.feature_names = {"p", "q"};
  table.columns = {{1, 2, 3, 4}, {1, 2, 3, 4}};  // two identical features
  table.target = {0, 0, 1, 1};
  const Model model = fit_tree(table, TreeOptions{}, 1);
  REQUIRE(model.trees.front().nodes[0].feature == 0);
  // y = 1, 2, 1, 2: the splits after 1 and after 3 are equally good; the lower wins.
  table.columns = {{1, 2, 3, 4}};
  table.feature_names = {"p"};
  table.target = {5, 0, 0, 5};
  TreeOptions stump;
  stump.max_depth = 1;
  REQUIRE(fit_tree(table, stump, 1).trees.front().nodes[0].threshold == 1.5);
}

TEST_CASE("tabular tree: max_leaf_nodes k gives k leaves, grown best-first", "[tabular][tree]") {
  const Table table = hdl::test::generator_table(3000);
  for (int k : {2, 3, 7, 20, 41}) {
    TreeOptions options;
    options.max_leaf_nodes = k;
    const Model model = fit_tree(table, options, 42);
    REQUIRE(model.trees.front().leaves() == k);
  }
  // The first split is the one with the largest decrease: a 2-leaf tree is the root of a 20-leaf one.
  TreeOptions two, twenty;
  two.max_leaf_nodes = 2;
  twenty.max_leaf_nodes = 20;
  const Node root2 = fit_tree(table, two, 42).trees.front().nodes[0];
  const Node root20 = fit_tree(table, twenty, 42).trees.front().nodes[0];
  REQUIRE(root2.feature == root20.feature);
  REQUIRE(root2.threshold == root20.threshold);
}

TEST_CASE("tabular tree: max_depth, min_samples_leaf and min_samples_split hold", "[tabular][tree]") {
  const Table table = hdl::test::generator_table(2000);
  TreeOptions options;
  options.max_depth = 3;
  options.min_samples_leaf = 40;
  options.min_samples_split = 200;
  const Tree tree = fit_tree(table, options, 42).trees.front();
  REQUIRE(tree.depth() <= 3);
  for (const Node& node : tree.nodes) {
    if (node.is_leaf()) REQUIRE(node.samples >= 40);
    if (!node.is_leaf()) {
      REQUIRE(node.samples >= 200);
      REQUIRE(tree.nodes[node.left].samples + tree.nodes[node.right].samples == node.samples);
    }
  }
}

TEST_CASE("tabular tree: predictions equal a brute-force reference on small random data", "[tabular][tree]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    hdl::Rng rng(seed);
    Table table;
    table.feature_names = {"u", "v", "w"};
    table.columns.assign(3, {});
    for (int i = 0; i < 80; ++i) {
      for (auto& column : table.columns) column.push_back(std::round(rng.uniform01() * 1000) / 10);
      table.target.push_back(std::sin(table.columns[0].back() / 10) + table.columns[1].back() / 50 + rng.uniform01());
    }
    TreeOptions options;
    options.max_depth = 4;
    options.min_samples_leaf = 3;
    const Model model = fit_tree(table, options, 1);
    std::vector<std::size_t> rows(table.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    const auto reference = reference_tree(table, rows, 0, 4, 3);
    for (int probe = 0; probe < 500; ++probe) {
      const std::vector<double> x{rng.uniform01() * 100, rng.uniform01() * 100, rng.uniform01() * 100};
      REQUIRE(model.predict(x.data()) == Approx(reference_predict(*reference, x)).epsilon(1e-12));
    }
  }
}

TEST_CASE("tabular tree: an unlimited tree fits the 10,000-row data set with zero training error", "[tabular][tree]") {
  const Table table = hdl::test::generator_table(10000);
  TreeOptions options;
  options.max_leaf_nodes = 0;
  const Model model = fit_tree(table, options, 42);
  REQUIRE(train_rmse(model, table) == 0.0);
  for (const Node& node : model.trees.front().nodes)
    if (node.is_leaf()) REQUIRE(node.impurity == 0.0);
}

TEST_CASE("tabular tree: max_features draws features per split from the seed", "[tabular][tree]") {
  const Table table = hdl::test::generator_table(2000);
  TreeOptions options;
  options.max_leaf_nodes = 0;
  options.max_features.count = 2;
  const Model one = fit_tree(table, options, 1), again = fit_tree(table, options, 1),
              other = fit_tree(table, options, 2);
  REQUIRE(model_to_json(one) == model_to_json(again));
  REQUIRE(model_to_json(one)["trees"] != model_to_json(other)["trees"]);
  REQUIRE(FeatureShare{0.5, 0}.resolve(6) == 3);
  REQUIRE(FeatureShare{0.01, 0}.resolve(6) == 1);
  REQUIRE(FeatureShare{1.0, 9}.resolve(6) == 6);
}
