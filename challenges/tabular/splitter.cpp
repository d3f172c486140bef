#include "splitter.hpp"

#include <algorithm>
#include <numeric>

namespace hdl::tabular::detail {
namespace {
/// Below this many rows per bin a node sorts its rows instead of filling a histogram.
constexpr std::size_t kRowsPerBinForHistogram = 2;
}  // namespace

Splitter::Splitter(const BinnedTable& data, const TreeOptions& options, Rng& rng)
    : data_(data), options_(options), rng_(rng), min_leaf_(static_cast<std::size_t>(std::max(1, options.min_samples_leaf))) {
  std::size_t widest = 0;
  for (const auto& bins : data.bin_values) widest = std::max(widest, bins.size());
  histogram_.resize(widest);
  feature_order_.resize(data.features());
}

SplitRecord Splitter::best_split(const std::uint32_t* rows, std::size_t count, const Stats& node) {
  SplitRecord best;
  node_y_.resize(count);
  for (std::size_t i = 0; i < count; ++i) node_y_[i] = data_.target[rows[i]];

  const std::size_t total = data_.features();
  const auto wanted = static_cast<std::size_t>(options_.max_features.resolve(static_cast<int>(total)));
  if (wanted >= total) {
    for (std::size_t f = 0; f < total; ++f) scan_feature(f, rows, count, node, best);
    return best;
  }
  // Draw features without replacement until `wanted` non-constant ones have been scanned
  // (constant features do not count, as in scikit-learn).
  std::iota(feature_order_.begin(), feature_order_.end(), std::size_t{0});
  std::size_t informative = 0;
  for (std::size_t remaining = total; remaining > 0 && informative < wanted; --remaining) {
    std::swap(feature_order_[rng_.uniform_index(remaining)], feature_order_[remaining - 1]);
    if (scan_feature(feature_order_[remaining - 1], rows, count, node, best)) ++informative;
  }
  return best;
}

bool Splitter::scan_feature(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                            SplitRecord& best) {
  if (data_.bin_values[feature].size() <= kRowsPerBinForHistogram * count)
    return scan_histogram(feature, rows, count, node, best);
  return scan_sorted(feature, rows, count, node, best);
}

void Splitter::consider(std::size_t feature, std::uint32_t low_bin, std::uint32_t high_bin, double left_sum,
                        std::size_t left_count, std::size_t count, const Stats& node, SplitRecord& best) const {
  const std::size_t right_count = count - left_count;
  if (left_count < min_leaf_ || right_count < min_leaf_) return;
  const double proxy = split_proxy(left_sum, left_count, node.sum - left_sum, right_count);
  if (proxy > best.proxy) {  // strict: the first candidate found wins a tie
    best.feature = static_cast<int>(feature);
    best.bin = low_bin;
    best.threshold = data_.threshold(feature, low_bin, high_bin);
    best.proxy = proxy;
  }
}

bool Splitter::scan_histogram(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                              SplitRecord& best) {
  const std::size_t bins = data_.bin_values[feature].size();
  const std::uint32_t* codes = data_.codes[feature].data();
  std::fill(histogram_.begin(), histogram_.begin() + static_cast<std::ptrdiff_t>(bins), BinSum{});
  for (std::size_t i = 0; i < count; ++i) {
    BinSum& slot = histogram_[codes[rows[i]]];
    slot.sum += node_y_[i];
    slot.count += 1;
  }
  // Walk the non-empty bins in order; a candidate lies between each pair of neighbours.
  // Invariant: rows of bins [0, previous] are on the left.
  double left_sum = 0;
  std::size_t left_count = 0;
  std::int64_t previous = -1;
  bool informative = false;
  for (std::size_t bin = 0; bin < bins; ++bin) {
    const BinSum& slot = histogram_[bin];
    if (slot.count == 0) continue;
    if (previous >= 0) {
      informative = true;
      consider(feature, static_cast<std::uint32_t>(previous), static_cast<std::uint32_t>(bin), left_sum, left_count,
               count, node, best);
    }
    left_sum += slot.sum;
    left_count += slot.count;
    previous = static_cast<std::int64_t>(bin);
    if (count - left_count < min_leaf_) break;  // every later right side would be too small
  }
  return informative;
}

bool Splitter::scan_sorted(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                           SplitRecord& best) {
  const std::uint32_t* codes = data_.codes[feature].data();
  sorted_.resize(count);
  for (std::size_t i = 0; i < count; ++i) sorted_[i] = {codes[rows[i]], node_y_[i]};
  std::sort(sorted_.begin(), sorted_.end(),
            [](const auto& left, const auto& right) { return left.first < right.first; });
  if (count == 0 || sorted_.front().first == sorted_.back().first) return false;
  // Invariant: sorted_[0, i) are on the left; a candidate lies wherever the code changes.
  double left_sum = 0;
  for (std::size_t i = 0; i + 1 < count; ++i) {
    left_sum += sorted_[i].second;
    if (sorted_[i].first == sorted_[i + 1].first) continue;
    consider(feature, sorted_[i].first, sorted_[i + 1].first, left_sum, i + 1, count, node, best);
    if (count - (i + 1) < min_leaf_) break;
  }
  return true;
}

}  // namespace hdl::tabular::detail
