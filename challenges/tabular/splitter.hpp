#pragma once
// The splitter: for one node, scans every candidate threshold of the features it may look
// at and returns the best as a plain SplitRecord. Big nodes are scanned from a histogram of
// (sum of y, rows) per bin, small ones by sorting their rows; both visit the same candidates.
#include <cstdint>
#include <utility>
#include <vector>

#include "binned.hpp"
#include "criterion.hpp"
#include "hdl/core/random.hpp"
#include "hdl/tabular/tree.hpp"

namespace hdl::tabular::detail {

struct SplitRecord {
  int feature = -1;         // -1: no valid split
  std::uint32_t bin = 0;    // rows whose code is <= bin go left
  double threshold = 0;     // x <= threshold goes left
  double proxy = kNoSplit;  // split_proxy of the best split; larger is better
};

/// The best threshold of one feature so far: between bins `low_bin` and `high_bin`.
struct Candidate {
  double proxy = kNoSplit;
  std::uint32_t low_bin = 0, high_bin = 0;
};

struct BinSum {
  double sum = 0;
  std::uint32_t count = 0;
};
/// The bins of every feature of one node, end to end (BinLayout::offsets).
using Histogram = std::vector<BinSum>;

/// A child's histogram from its parent's and its sibling's: parent −= sibling.
void subtract(Histogram& parent, const Histogram& sibling);

class Splitter {
 public:
  Splitter(const BinnedTable& data, const TreeOptions& options, Rng& rng);

  /// Whether a node of `count` rows is worth a histogram (else its rows are sorted).
  bool wants_histogram(std::size_t count) const;
  void fill_histogram(const std::uint32_t* rows, std::size_t count, Histogram& histogram) const;

  /// The best split of the node holding `rows[0, count)` with sums `node` (counts are
  /// weighted: a row counts as often as it was drawn); `histogram` is the node's, or null.
  /// Ties go to the feature visited first (index order when all features are used) and the
  /// lowest threshold.
  SplitRecord best_split(const std::uint32_t* rows, std::size_t count, const Stats& node, const Histogram* histogram);

 private:
  /// Scans one feature; returns false when it is constant in the node.
  bool scan_feature(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                    const Histogram* histogram, SplitRecord& best);
  /// Walks one feature's bins [first, end) (every row of the node lies in them) for the best
  /// threshold.
  bool scan_bins(std::size_t feature, const BinSum* bins, std::size_t first, std::size_t end, const Stats& node,
                 SplitRecord& best) const;
  /// One feature's histogram from the node's rows (medium nodes).
  bool scan_feature_histogram(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                              SplitRecord& best);
  bool scan_sorted(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                   SplitRecord& best);
  /// Makes one feature's best threshold `best` if it is better.
  void keep_if_better(std::size_t feature, const Candidate& candidate, SplitRecord& best) const;

  const BinnedTable& data_;
  const BinLayout& layout_;
  const TreeOptions& options_;
  Rng& rng_;
  std::size_t min_leaf_;
  struct SortedRow {
    std::uint32_t code;
    std::uint32_t weight;
    double y;
  };
  std::vector<SortedRow> sorted_;     // a small node's rows by code
  std::vector<BinSum> feature_bins_;  // one feature's histogram of a medium node; zero between uses
  std::vector<std::size_t> feature_order_;
};

}  // namespace hdl::tabular::detail
