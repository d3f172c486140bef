#pragma once
// Squared error, kept as running sums so a split's quality updates in O(1) per row moved
// (scikit-learn's MSE criterion).
#include <cstddef>
#include <limits>

namespace hdl::tabular::detail {

/// Sums over a set of rows: all that squared error needs.
struct Stats {
  std::size_t count = 0;
  double sum = 0;
  double sum_sq = 0;

  void add(double y) {
    ++count;
    sum += y;
    sum_sq += y * y;
  }
  double mean() const { return count == 0 ? 0.0 : sum / static_cast<double>(count); }
  /// Mean squared error about the mean (clamped at 0 against rounding).
  double impurity() const {
    if (count == 0) return 0.0;
    const double value = sum_sq / static_cast<double>(count) - mean() * mean();
    return value > 0 ? value : 0.0;
  }
};

/// Compares splits of one node: n·impurity(parent) − nL·impurity(left) − nR·impurity(right)
/// equals this minus sum²/n, so the larger proxy is the larger decrease.
inline double split_proxy(double left_sum, std::size_t left_count, double right_sum, std::size_t right_count) {
  return left_sum * left_sum / static_cast<double>(left_count) +
         right_sum * right_sum / static_cast<double>(right_count);
}

/// The total squared-error decrease of a split with proxy `proxy` of a node with sums `node`.
inline double impurity_decrease(double proxy, const Stats& node) {
  return proxy - node.sum * node.sum / static_cast<double>(node.count);
}

constexpr double kNoSplit = -std::numeric_limits<double>::infinity();

}  // namespace hdl::tabular::detail
