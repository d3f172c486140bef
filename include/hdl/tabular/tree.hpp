#pragma once
// A regression tree stored flat, as scikit-learn's `Tree`: a vector of nodes with child
// indices, node 0 the root. A split sends `x[feature] <= threshold` left.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hdl::tabular {

struct Node {
  int feature = -1;      // -1 marks a leaf
  double threshold = 0;  // halfway between two adjacent distinct training values
  int left = -1, right = -1;
  double value = 0;  // mean y of the training rows that reach the node
  std::size_t samples = 0;
  double impurity = 0;  // mean squared error of those rows about `value`
  int depth = 0;

  bool is_leaf() const { return feature < 0; }
};

struct Tree {
  std::vector<Node> nodes;

  /// The leaf a row (features in column order) falls into.
  int leaf_of(const double* row) const;
  double predict(const double* row) const { return nodes[static_cast<std::size_t>(leaf_of(row))].value; }
  /// For each of the rows `which[0, count)` of `rows` (side by side, `width` features each),
  /// adds its prediction to `sums[row]`. Several rows go down the tree at once, so that their
  /// memory reads overlap instead of waiting in turn.
  void add_predictions(const double* rows, std::size_t width, const std::uint32_t* which, std::size_t count,
                       double* sums) const;
  int leaves() const;
  int depth() const;
  /// The nodes from the root to the leaf of `row`.
  std::vector<int> path_of(const double* row) const;
};

/// How many features a split looks at: a share of them (0, 1] or, when `count` > 0, a count.
struct FeatureShare {
  double fraction = 1.0;
  int count = 0;
  /// The number of features out of `total`, at least 1 and at most `total`.
  int resolve(int total) const;
};

/// Stopping rules and growth order, as scikit-learn's DecisionTreeRegressor.
struct TreeOptions {
  int max_leaf_nodes = 0;  // > 0: grown best-first, largest impurity decrease first
  int max_depth = 0;       // 0: unlimited
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  FeatureShare max_features;  // features drawn at random for each split
};

}  // namespace hdl::tabular
