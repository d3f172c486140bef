#include "builder.hpp"

#include <algorithm>
#include <limits>
#include <queue>

#include "criterion.hpp"
#include "splitter.hpp"

namespace hdl::tabular::detail {
namespace {

/// A node still being grown: its rows are rows_[begin, end).
struct Frontier {
  int node = 0;
  std::size_t begin = 0, end = 0;
  Stats stats;
  bool pure = false;  // every row has the same y
  SplitRecord split;
  double decrease = 0;  // total squared-error decrease of `split`
};

class Builder {
 public:
  Builder(const BinnedTable& data, std::vector<std::uint32_t>& rows, const TreeOptions& options, Rng& rng,
          std::vector<double>& importance)
      : data_(data), rows_(rows), options_(options), splitter_(data, options, rng), importance_(importance) {}

  Tree build() {
    Frontier root = make_node(0, rows_.size(), /*depth=*/0, sums(0, rows_.size()));
    if (splitter_.wants_histogram(rows_.size()))
      splitter_.fill_histogram(rows_.data(), rows_.size(), histogram_of(root));
    if (options_.max_leaf_nodes > 0)
      grow_best_first(root);
    else
      grow_depth_first(root);
    return std::move(tree_);
  }

 private:
  /// Sums of y over rows_[begin, end), each row as often as it was drawn.
  Stats sums(std::size_t begin, std::size_t end) const {
    Stats stats;
    double count = 0;  // exact: a whole number far below 2^53
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t row = rows_[i];
      const double y = data_.target[row], weight = data_.weight[row];
      count += weight;
      stats.sum += weight * y;
      stats.sum_sq += weight * y * y;
    }
    stats.count = static_cast<std::size_t>(count);
    return stats;
  }

  /// Whether every row of rows_[begin, end) has the same y. The sums answer "no" unless
  /// the spread is within rounding of zero; then the rows are checked one by one.
  bool is_pure(std::size_t begin, std::size_t end, const Stats& stats) const {
    constexpr double kRounding = 1e-9;
    const double mean = stats.mean();
    if (stats.impurity() > kRounding * (mean * mean + 1.0)) return false;
    const double first = data_.target[rows_[begin]];
    for (std::size_t i = begin; i < end; ++i)
      if (data_.target[rows_[i]] != first) return false;
    return true;
  }

  /// Adds a leaf node for rows_[begin, end); it becomes a split node if split later.
  Frontier make_node(std::size_t begin, std::size_t end, int depth, const Stats& stats) {
    Frontier frontier;
    frontier.begin = begin;
    frontier.end = end;
    frontier.stats = stats;
    frontier.pure = is_pure(begin, end, stats);
    Node node;
    node.value = frontier.stats.mean();
    node.samples = frontier.stats.count;                              // rows, each as often as it was drawn
    node.impurity = frontier.pure ? 0.0 : frontier.stats.impurity();  // exact 0 for a pure node
    node.depth = depth;
    frontier.node = static_cast<int>(tree_.nodes.size());
    tree_.nodes.push_back(node);
    histograms_.emplace_back();
    return frontier;
  }

  /// A node's histogram: empty when it has none (small nodes, or once it is split).
  Histogram& histogram_of(const Frontier& frontier) { return histograms_[static_cast<std::size_t>(frontier.node)]; }
  void release_histogram(const Frontier& frontier) { Histogram().swap(histogram_of(frontier)); }

  /// The children's histograms: the smaller child's from its rows, the larger's by
  /// subtraction from the parent's, which it takes over.
  void child_histograms(const Frontier& parent, const Frontier& left, const Frontier& right) {
    Histogram& parent_histogram = histogram_of(parent);
    const bool left_smaller = left.end - left.begin <= right.end - right.begin;
    const Frontier& small = left_smaller ? left : right;
    const Frontier& large = left_smaller ? right : left;
    // Children are smaller than their parent: when the larger sorts its rows, both do.
    if (!parent_histogram.empty() && splitter_.wants_histogram(large.end - large.begin)) {
      Histogram& small_histogram = histogram_of(small);
      splitter_.fill_histogram(rows_.data() + small.begin, small.end - small.begin, small_histogram);
      subtract(parent_histogram, small_histogram);
      histogram_of(large) = std::move(parent_histogram);
      if (!splitter_.wants_histogram(small.end - small.begin)) release_histogram(small);
    }
    release_histogram(parent);
  }

  /// The stopping rules, then the splitter. Leaves `split.feature` at -1 for a leaf.
  void find_split(Frontier& frontier) {
    const std::size_t count = frontier.stats.count;  // weighted
    const int depth = tree_.nodes[static_cast<std::size_t>(frontier.node)].depth;
    const bool stop = frontier.pure || (options_.max_depth > 0 && depth >= options_.max_depth) ||
                      count < static_cast<std::size_t>(std::max(2, options_.min_samples_split)) ||
                      count < 2 * static_cast<std::size_t>(std::max(1, options_.min_samples_leaf));
    if (stop) return;
    const Histogram& histogram = histogram_of(frontier);
    frontier.split = splitter_.best_split(rows_.data() + frontier.begin, frontier.end - frontier.begin, frontier.stats,
                                          histogram.empty() ? nullptr : &histogram);
    if (frontier.split.feature >= 0) frontier.decrease = impurity_decrease(frontier.split.proxy, frontier.stats);
  }

  /// Turns the node into a split: rows_[begin, middle) go left, [middle, end) right, each
  /// side keeping its order (a stable partition), summed on the way.
  std::pair<Frontier, Frontier> split(const Frontier& parent) {
    const SplitRecord& split = parent.split;
    const std::size_t features = data_.features();
    const std::uint32_t* codes = data_.codes.data() + split.feature;
    right_rows_.resize(parent.end - parent.begin);
    std::size_t middle = parent.begin, right_count = 0;
    const std::uint32_t last_left_bin = split.bin;
    std::uint32_t* rows = rows_.data();
    std::uint32_t* right_rows = right_rows_.data();
    // Branch-free (a branch here is mispredicted half the time): each row is written to both
    // places and only one cursor advances. The cursors move by arithmetic on the comparison,
    // which GCC keeps without a branch (ternaries here had become one).
    for (std::size_t i = parent.begin; i < parent.end; ++i) {
      const std::uint32_t row = rows[i];
      const std::size_t left = static_cast<std::size_t>(codes[row * features] <= last_left_bin);
      rows[middle] = row;
      right_rows[right_count] = row;
      middle += left;
      right_count += 1 - left;
    }
    std::copy_n(right_rows_.begin(), right_count, rows_.begin() + static_cast<std::ptrdiff_t>(middle));
    // The smaller side is summed; the larger is the parent minus it.
    const bool left_smaller = middle - parent.begin <= parent.end - middle;
    const Stats smaller = left_smaller ? sums(parent.begin, middle) : sums(middle, parent.end);
    Stats larger = parent.stats;
    larger.count -= smaller.count;
    larger.sum -= smaller.sum;
    larger.sum_sq -= smaller.sum_sq;
    const Stats& left_sums = left_smaller ? smaller : larger;
    const Stats& right_sums = left_smaller ? larger : smaller;
    const int depth = tree_.nodes[static_cast<std::size_t>(parent.node)].depth + 1;
    Frontier left = make_node(parent.begin, middle, depth, left_sums);
    Frontier right = make_node(middle, parent.end, depth, right_sums);
    child_histograms(parent, left, right);
    Node& node = tree_.nodes[static_cast<std::size_t>(parent.node)];
    node.feature = split.feature;
    node.threshold = split.threshold;
    node.left = left.node;
    node.right = right.node;
    importance_[static_cast<std::size_t>(split.feature)] += std::max(0.0, parent.decrease);
    return {left, right};
  }

  void grow_depth_first(const Frontier& root) {
    std::vector<Frontier> stack{root};
    while (!stack.empty()) {
      Frontier frontier = stack.back();
      stack.pop_back();
      find_split(frontier);
      if (frontier.split.feature < 0) {
        release_histogram(frontier);
        continue;
      }
      auto [left, right] = split(frontier);
      stack.push_back(right);  // left is grown first
      stack.push_back(left);
    }
  }

  void grow_best_first(Frontier root) {
    // Largest decrease first; among equals the older node (smaller index).
    auto later = [](const Frontier& a, const Frontier& b) {
      return a.decrease != b.decrease ? a.decrease < b.decrease : a.node > b.node;
    };
    std::priority_queue<Frontier, std::vector<Frontier>, decltype(later)> heap(later);
    auto offer = [&](Frontier frontier) {
      find_split(frontier);
      if (frontier.split.feature >= 0)
        heap.push(frontier);
      else
        release_histogram(frontier);
    };
    offer(root);
    for (int leaves = 1; leaves < options_.max_leaf_nodes && !heap.empty(); ++leaves) {
      const Frontier best = heap.top();
      heap.pop();
      auto [left, right] = split(best);
      offer(left);
      offer(right);
    }
  }

  const BinnedTable& data_;
  std::vector<std::uint32_t>& rows_;
  const TreeOptions& options_;
  Splitter splitter_;
  std::vector<double>& importance_;
  std::vector<std::uint32_t> right_rows_;  // scratch for the partition
  std::vector<Histogram> histograms_;      // per node, while it may still be split
  Tree tree_;
};

}  // namespace

Tree build_tree(const BinnedTable& data, std::vector<std::uint32_t>& rows, const TreeOptions& options, Rng& rng,
                std::vector<double>& importance) {
  importance.assign(data.features(), 0.0);
  return Builder(data, rows, options, rng, importance).build();
}

}  // namespace hdl::tabular::detail
