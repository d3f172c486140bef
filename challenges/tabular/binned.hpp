#pragma once
// The training table as the splitter sees it: each value replaced by its rank among the
// feature's sorted distinct training values. Scanning ranks in order visits exactly the
// thresholds scikit-learn's presorted splitter would, so the trees are exact, not binned
// approximations: a bin is one distinct value.
#include <cstdint>
#include <vector>

#include "hdl/tabular/table.hpp"

namespace hdl::tabular::detail {

struct BinnedTable {
  std::vector<std::vector<double>> bin_values;         // per feature: sorted distinct values
  std::vector<std::vector<std::uint32_t>> codes;       // codes[feature][row]: index into bin_values
  std::vector<double> target;                          // y per row
  std::vector<bool> integer_features;                  // every value a whole number

  std::size_t rows() const { return target.size(); }
  std::size_t features() const { return codes.size(); }
  /// The threshold between bins `low` < `high` of a feature: halfway between their values,
  /// or the lower value when halfway rounds up to the higher one (as scikit-learn).
  double threshold(std::size_t feature, std::uint32_t low, std::uint32_t high) const;
};

BinnedTable bin_table(const Table& train, int threads);

}  // namespace hdl::tabular::detail
