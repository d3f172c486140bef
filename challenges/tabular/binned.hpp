#pragma once
// The training table as the splitter sees it: each value replaced by its rank among the
// feature's sorted distinct training values. Scanning ranks in order visits exactly the
// thresholds scikit-learn's presorted splitter would, so the trees are exact, not binned
// approximations: a bin is one distinct value.
#include <cstdint>
#include <memory>
#include <vector>

#include "hdl/tabular/table.hpp"

namespace hdl::tabular::detail {

/// The sorted distinct training values of every feature, and where each feature's bins
/// start when the histograms of all features are laid end to end.
struct BinLayout {
  std::vector<std::vector<double>> values;  // values[feature][bin]
  std::vector<std::size_t> offsets;         // offsets[feature]; offsets[features] = all bins
  std::vector<bool> integer_features;       // every value a whole number

  std::size_t features() const { return values.size(); }
  std::size_t total_bins() const { return offsets.back(); }
  /// The threshold between bins `low` < `high` of a feature: halfway between their values,
  /// or the lower value when halfway rounds up to the higher one (as scikit-learn).
  double threshold(std::size_t feature, std::uint32_t low, std::uint32_t high) const;
};

struct BinnedTable {
  std::shared_ptr<const BinLayout> layout;
  std::vector<std::uint32_t> codes;  // row-major: codes[row * features + feature] is a bin
  std::vector<double> target;        // y per row

  std::size_t rows() const { return target.size(); }
  std::size_t features() const { return layout->features(); }
  const std::uint32_t* row_codes(std::size_t row) const { return codes.data() + row * features(); }
};

/// Bins every row of `train`.
BinnedTable bin_table(const Table& train, int threads);
/// The training table with each row's features side by side, so that gathering a random
/// sample of rows touches one cache line per row rather than one per feature.
struct RowMajorTable {
  std::vector<double> values;  // values[row * features + feature]
  std::size_t features = 0;
  std::vector<bool> integer_features;  // every value of the feature a whole number
  const std::vector<double>* target = nullptr;
};
RowMajorTable row_major(const Table& train, int threads);

/// Bins the rows `rows` of `table` (repeats allowed: a bootstrap sample) on their own, as a
/// table of rows 0..rows.size()-1. Its bins hold only the values those rows take, which are
/// all a tree grown on them can split between.
BinnedTable bin_rows(const RowMajorTable& table, const std::vector<std::uint32_t>& rows);

}  // namespace hdl::tabular::detail
