#include "binned.hpp"

#include <algorithm>
#include <cmath>

#include "hdl/core/parallel.hpp"

namespace hdl::tabular::detail {
namespace {

/// Ranges of whole numbers up to this wide are ranked by counting instead of sorting.
constexpr double kMaxCountingRange = 1 << 22;

/// Ranks one feature's values: bins gets the sorted distinct values, codes[row * stride] each
/// row's rank.
void bin_feature(const std::vector<double>& values, std::vector<double>& bins, std::uint32_t* codes,
                 std::size_t stride, bool& integer_valued) {
  if (values.empty()) return;
  double low = values.front(), high = values.front();
  integer_valued = true;
  for (double v : values) {
    low = std::min(low, v);
    high = std::max(high, v);
    integer_valued = integer_valued && v == std::floor(v);
  }
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
    for (std::size_t row = 0; row < values.size(); ++row)
      codes[row * stride] = rank[static_cast<std::size_t>(values[row] - low)];
    return;
  }
  bins = values;
  std::sort(bins.begin(), bins.end());
  bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
  for (std::size_t row = 0; row < values.size(); ++row)
    codes[row * stride] =
        static_cast<std::uint32_t>(std::lower_bound(bins.begin(), bins.end(), values[row]) - bins.begin());
}

}  // namespace

double BinLayout::threshold(std::size_t feature, std::uint32_t low, std::uint32_t high) const {
  const double a = values[feature][low], b = values[feature][high];
  const double halfway = a / 2.0 + b / 2.0;
  return (halfway == b || !std::isfinite(halfway)) ? a : halfway;
}

BinnedTable BinnedTable::sample(const std::vector<std::uint32_t>& rows) const {
  BinnedTable out;
  out.layout = layout;
  const std::size_t width = features();
  out.codes.resize(rows.size() * width);
  out.target.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::copy_n(row_codes(rows[i]), width, out.codes.data() + i * width);
    out.target[i] = target[rows[i]];
  }
  return out;
}

BinnedTable bin_table(const Table& train, int threads) {
  const std::size_t features = train.features();
  auto layout = std::make_shared<BinLayout>();
  layout->values.resize(features);
  BinnedTable binned;
  binned.codes.resize(train.rows() * features);
  std::vector<char> integer(features, 0);
  parallel_for(features, threads, [&](std::size_t f) {
    bool integer_valued = false;
    bin_feature(train.columns[f], layout->values[f], binned.codes.data() + f, features, integer_valued);
    integer[f] = integer_valued;
  });
  layout->integer_features.assign(integer.begin(), integer.end());
  layout->offsets.assign(1, 0);
  for (const auto& bins : layout->values) layout->offsets.push_back(layout->offsets.back() + bins.size());
  binned.layout = std::move(layout);
  binned.target = train.target;
  return binned;
}

}  // namespace hdl::tabular::detail
