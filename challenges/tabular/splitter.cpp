#include "splitter.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "uniform.hpp"

namespace hdl::tabular::detail {
namespace {

/// Keeps the split between bins `low_bin` < `high_bin` when both sides have `min_leaf` rows and
/// it beats `best`; strict, so the lowest of equal thresholds wins. Inlined into the scans, which
/// call it once per candidate threshold.
inline void consider(Candidate& best, std::uint32_t low_bin, std::uint32_t high_bin, double left_sum,
                     std::size_t left_count, std::size_t count, double sum, std::size_t min_leaf) {
  const std::size_t right_count = count - left_count;
  if (left_count < min_leaf || right_count < min_leaf) return;
  const double proxy = split_proxy(left_sum, left_count, sum - left_sum, right_count);
  if (proxy > best.proxy) best = {proxy, low_bin, high_bin};
}

/// A node gets a histogram of every feature (kept for its children, which subtract) when it
/// has at least one row per this many bins of all features together; a smaller node fills a
/// histogram per feature it looks at when it has a row per this many of the feature's bins;
/// a smaller one still sorts its rows.
constexpr std::size_t kBinsPerRowForHistogram = 1;
constexpr std::size_t kBinsPerRowForFeatureHistogram = 8;
}  // namespace

void subtract(Histogram& parent, const Histogram& sibling) {
  BinSum* out = parent.data();
  const BinSum* part = sibling.data();
  for (std::size_t i = 0, n = parent.size(); i < n; ++i) {
    out[i].sum -= part[i].sum;
    out[i].count -= part[i].count;
  }
}

Splitter::Splitter(const BinnedTable& data, const TreeOptions& options, Rng& rng)
    : data_(data),
      layout_(*data.layout),
      options_(options),
      rng_(rng),
      min_leaf_(static_cast<std::size_t>(std::max(1, options.min_samples_leaf))) {
  feature_order_.resize(data.features());
  std::size_t widest = 0;
  for (const auto& values : layout_.values) widest = std::max(widest, values.size());
  feature_bins_.resize(widest);
}

bool Splitter::wants_histogram(std::size_t count) const {
  return layout_.total_bins() <= kBinsPerRowForHistogram * count;
}

void Splitter::fill_histogram(const std::uint32_t* rows, std::size_t count, Histogram& histogram) const {
  histogram.assign(layout_.total_bins(), BinSum{});
  const std::size_t features = layout_.features();
  const std::size_t* offsets = layout_.offsets.data();
  // One pass over the rows fills every feature: each row's codes sit side by side.
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t* codes = data_.row_codes(rows[i]);
    const std::uint32_t weight = data_.weight[rows[i]];
    const double y = data_.target[rows[i]] * weight;
    for (std::size_t f = 0; f < features; ++f) {
      BinSum& slot = histogram[offsets[f] + codes[f]];
      slot.sum += y;
      slot.count += weight;
    }
  }
}

SplitRecord Splitter::best_split(const std::uint32_t* rows, std::size_t count, const Stats& node,
                                 const Histogram* histogram) {
  SplitRecord best;
  const std::size_t total = data_.features();
  const auto wanted = static_cast<std::size_t>(options_.max_features.resolve(static_cast<int>(total)));
  if (wanted >= total) {
    for (std::size_t f = 0; f < total; ++f) scan_feature(f, rows, count, node, histogram, best);
    return best;
  }
  // Draw features without replacement until `wanted` non-constant ones have been scanned
  // (constant features do not count, as in scikit-learn).
  std::iota(feature_order_.begin(), feature_order_.end(), std::size_t{0});
  std::size_t informative = 0;
  for (std::size_t remaining = total; remaining > 0 && informative < wanted; --remaining) {
    std::swap(feature_order_[uniform_below(rng_, remaining)], feature_order_[remaining - 1]);
    if (scan_feature(feature_order_[remaining - 1], rows, count, node, histogram, best)) ++informative;
  }
  return best;
}

bool Splitter::scan_feature(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                            const Histogram* histogram, SplitRecord& best) {
  if (histogram != nullptr)
    return scan_bins(feature, histogram->data() + layout_.offsets[feature], 0, layout_.values[feature].size(), node,
                     best);
  if (layout_.values[feature].size() <= kBinsPerRowForFeatureHistogram * count)
    return scan_feature_histogram(feature, rows, count, node, best);
  return scan_sorted(feature, rows, count, node, best);
}

void Splitter::keep_if_better(std::size_t feature, const Candidate& candidate, SplitRecord& best) const {
  if (candidate.proxy > best.proxy) {  // strict: of equal candidates the feature visited first wins
    best.feature = static_cast<int>(feature);
    best.bin = candidate.low_bin;
    best.threshold = layout_.threshold(feature, candidate.low_bin, candidate.high_bin);
    best.proxy = candidate.proxy;
  }
}

bool Splitter::scan_feature_histogram(std::size_t feature, const std::uint32_t* rows, std::size_t count,
                                      const Stats& node, SplitRecord& best) {
  const std::size_t features = layout_.features();
  // feature_bins_ is all zero between calls; only the bins [first, last] get filled.
  std::uint32_t first = std::numeric_limits<std::uint32_t>::max(), last = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t row = rows[i];
    const std::uint32_t code = data_.codes[row * features + feature];
    first = std::min(first, code);
    last = std::max(last, code);
    BinSum& slot = feature_bins_[code];
    slot.sum += data_.target[row] * data_.weight[row];
    slot.count += data_.weight[row];
  }
  const bool informative = scan_bins(feature, feature_bins_.data(), first, last + 1, node, best);
  std::fill(feature_bins_.begin() + first, feature_bins_.begin() + last + 1, BinSum{});
  return informative;
}

bool Splitter::scan_bins(std::size_t feature, const BinSum* bins, std::size_t first, std::size_t end, const Stats& node,
                         SplitRecord& best) const {
  const std::size_t count = node.count;
  // Walk the non-empty bins in order; a candidate lies between each pair of neighbours.
  // Invariant: rows of bins [0, previous] are on the left.
  Candidate candidate;
  double left_sum = 0;
  std::size_t left_count = 0;
  std::int64_t previous = -1;
  bool informative = false;
  for (std::size_t bin = first; bin < end; ++bin) {
    if (bins[bin].count == 0) continue;
    if (previous >= 0) {
      informative = true;
      consider(candidate, static_cast<std::uint32_t>(previous), static_cast<std::uint32_t>(bin), left_sum, left_count,
               count, node.sum, min_leaf_);
    }
    left_sum += bins[bin].sum;
    left_count += bins[bin].count;
    previous = static_cast<std::int64_t>(bin);
    if (count - left_count < min_leaf_) {  // later right sides are too small
      informative = informative || left_count < count;
      break;
    }
  }
  keep_if_better(feature, candidate, best);
  return informative;
}

bool Splitter::scan_sorted(std::size_t feature, const std::uint32_t* rows, std::size_t count, const Stats& node,
                           SplitRecord& best) {
  const std::size_t features = data_.features();
  sorted_.resize(count);
  for (std::size_t i = 0; i < count; ++i)
    sorted_[i] = {data_.codes[rows[i] * features + feature], data_.weight[rows[i]], data_.target[rows[i]]};
  std::sort(sorted_.begin(), sorted_.end(), [](const SortedRow& a, const SortedRow& b) { return a.code < b.code; });
  if (count == 0 || sorted_.front().code == sorted_.back().code) return false;
  // Invariant: sorted_[0, i] are on the left; a candidate lies wherever the code changes.
  const std::size_t total = node.count;
  Candidate candidate;
  double left_sum = 0;
  std::size_t left_count = 0;
  for (std::size_t i = 0; i + 1 < count; ++i) {
    left_sum += sorted_[i].y * sorted_[i].weight;
    left_count += sorted_[i].weight;
    if (sorted_[i].code == sorted_[i + 1].code) continue;
    consider(candidate, sorted_[i].code, sorted_[i + 1].code, left_sum, left_count, total, node.sum, min_leaf_);
    if (total - left_count < min_leaf_) break;
  }
  keep_if_better(feature, candidate, best);
  return true;
}

}  // namespace hdl::tabular::detail
