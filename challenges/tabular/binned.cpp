#include "binned.hpp"

#include <algorithm>
#include <cmath>

#include "hdl/core/parallel.hpp"

namespace hdl::tabular::detail {
namespace {

/// Ranges of whole numbers up to this wide are ranked by counting instead of sorting.
constexpr double kMaxCountingRange = 1 << 22;

void bin_feature(const std::vector<double>& values, std::vector<double>& bins, std::vector<std::uint32_t>& codes,
                 bool& integer_valued) {
  codes.resize(values.size());
  if (values.empty()) return;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const double low = *min_it, high = *max_it;
  integer_valued = std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); });
  if (integer_valued && high - low <= kMaxCountingRange) {
    // Whole numbers in a modest range: mark those present, rank them, look the ranks up.
    std::vector<std::uint32_t> rank(static_cast<std::size_t>(high - low) + 1, 0);
    for (double v : values) rank[static_cast<std::size_t>(v - low)] = 1;
    std::uint32_t next = 0;
    for (std::size_t i = 0; i < rank.size(); ++i) {
      if (rank[i] == 0) continue;
      rank[i] = next++;
      bins.push_back(low + static_cast<double>(i));
    }
    for (std::size_t row = 0; row < values.size(); ++row) codes[row] = rank[static_cast<std::size_t>(values[row] - low)];
    return;
  }
  bins = values;
  std::sort(bins.begin(), bins.end());
  bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
  for (std::size_t row = 0; row < values.size(); ++row)
    codes[row] = static_cast<std::uint32_t>(std::lower_bound(bins.begin(), bins.end(), values[row]) - bins.begin());
}

}  // namespace

double BinnedTable::threshold(std::size_t feature, std::uint32_t low, std::uint32_t high) const {
  const double a = bin_values[feature][low], b = bin_values[feature][high];
  const double halfway = a / 2.0 + b / 2.0;
  return (halfway == b || !std::isfinite(halfway)) ? a : halfway;
}

BinnedTable bin_table(const Table& train, int threads) {
  BinnedTable binned;
  const std::size_t features = train.features();
  binned.bin_values.resize(features);
  binned.codes.resize(features);
  std::vector<char> integer(features, 0);
  parallel_for(features, threads, [&](std::size_t f) {
    bool integer_valued = false;
    bin_feature(train.columns[f], binned.bin_values[f], binned.codes[f], integer_valued);
    integer[f] = integer_valued;
  });
  binned.integer_features.assign(integer.begin(), integer.end());
  binned.target = train.target;
  return binned;
}

}  // namespace hdl::tabular::detail
