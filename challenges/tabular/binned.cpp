#include "binned.hpp"

#include <algorithm>
#include <cmath>

#include "hdl/core/parallel.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hdl::tabular::detail {
namespace {

/// Whole-number ranges up to this wide (or as wide as there are rows) get one bin per whole
/// number, present or not: the code is the value minus the minimum. Empty bins are skipped by
/// the scan, so the thresholds are the same as with one bin per distinct value.
constexpr double kMaxDenseRange = 1024;
/// Wider whole-number ranges up to this are ranked by counting instead of sorting.
constexpr double kMaxCountingRange = 1 << 22;

/// Values gathered from a column at a time, for ValueRange::add.
constexpr std::size_t kGatherBlock = 512;

/// How one feature's values map to bins.
struct FeatureBins {
  std::vector<double> values;  // the bins' values, ascending
  bool integer_valued = false;
  bool dense = false;  // code = value - low
  double low = 0;
  std::vector<std::uint32_t> rank;  // counting: code = rank[value - low]
  std::uint32_t code(double value) const {
    if (dense) return static_cast<std::uint32_t>(value - low);
    if (!rank.empty()) return rank[static_cast<std::size_t>(value - low)];
    return static_cast<std::uint32_t>(std::lower_bound(values.begin(), values.end(), value) - values.begin());
  }
};

/// The bins of a feature from its values (value(i) for i in [0, count)).
template <typename Value>
FeatureBins feature_bins(std::size_t count, Value&& value) {
  FeatureBins bins;
  if (count == 0) return bins;
  ValueRange scan;
  double block[kGatherBlock];
  for (std::size_t start = 0; start < count; start += kGatherBlock) {
    const std::size_t size = std::min(kGatherBlock, count - start);
    for (std::size_t i = 0; i < size; ++i) block[i] = value(start + i);
    scan.add(block, size);
  }
  const double low = scan.low, high = scan.high;
  const bool integer_valued = scan.whole;
  bins.integer_valued = integer_valued;
  bins.low = low;
  const double range = high - low;
  if (integer_valued && (range < kMaxDenseRange || range < static_cast<double>(count))) {
    bins.dense = true;
    for (double v = low; v <= high; v += 1) bins.values.push_back(v);
  } else if (integer_valued && range <= kMaxCountingRange) {
    bins.rank.assign(static_cast<std::size_t>(range) + 1, 0);
    for (std::size_t i = 0; i < count; ++i) bins.rank[static_cast<std::size_t>(value(i) - low)] = 1;
    std::uint32_t next = 0;
    for (std::size_t i = 0; i < bins.rank.size(); ++i) {
      if (bins.rank[i] == 0) continue;
      bins.rank[i] = next++;
      bins.values.push_back(low + static_cast<double>(i));
    }
  } else {
    bins.values.resize(count);
    for (std::size_t i = 0; i < count; ++i) bins.values[i] = value(i);
    std::sort(bins.values.begin(), bins.values.end());
    bins.values.erase(std::unique(bins.values.begin(), bins.values.end()), bins.values.end());
  }
  return bins;
}

std::shared_ptr<BinLayout> make_layout(std::vector<FeatureBins>& features) {
  auto layout = std::make_shared<BinLayout>();
  layout->offsets.assign(1, 0);
  for (FeatureBins& bins : features) {
    layout->offsets.push_back(layout->offsets.back() + bins.values.size());
    layout->integer_features.push_back(bins.integer_valued);
    layout->values.push_back(bins.values);
  }
  return layout;
}

}  // namespace

void ValueRange::add(const double* values, std::size_t count) {
  std::size_t i = 0;
#if defined(__SSE2__)
  if (count >= 4) {
    const __m128d two52 = _mm_set1_pd(4503599627370496.0), limit = _mm_set1_pd(9.0e15);
    const __m128d magnitude_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
    __m128d low0 = _mm_set1_pd(low), low1 = low0, high0 = _mm_set1_pd(high), high1 = high0;
    __m128d fraction0 = _mm_setzero_pd(), fraction1 = fraction0;  // all ones in a lane once a value is not whole
    auto lane = [&](__m128d x, __m128d& lo, __m128d& hi, __m128d& fraction) {
      lo = _mm_min_pd(lo, x);
      hi = _mm_max_pd(hi, x);
      const __m128d magnitude = _mm_and_pd(x, magnitude_mask);
      const __m128d rounded = _mm_sub_pd(_mm_add_pd(magnitude, two52), two52);
      fraction = _mm_or_pd(fraction, _mm_cmpnlt_pd(magnitude, limit));  // too large, or NaN
      fraction = _mm_or_pd(fraction, _mm_and_pd(_mm_cmplt_pd(magnitude, two52), _mm_cmpneq_pd(rounded, magnitude)));
    };
    for (; i + 4 <= count; i += 4) {
      lane(_mm_loadu_pd(values + i), low0, high0, fraction0);
      lane(_mm_loadu_pd(values + i + 2), low1, high1, fraction1);
    }
    low0 = _mm_min_pd(low0, low1);
    high0 = _mm_max_pd(high0, high1);
    low = std::min(_mm_cvtsd_f64(low0), _mm_cvtsd_f64(_mm_unpackhi_pd(low0, low0)));
    high = std::max(_mm_cvtsd_f64(high0), _mm_cvtsd_f64(_mm_unpackhi_pd(high0, high0)));
    whole = whole && _mm_movemask_pd(_mm_or_pd(fraction0, fraction1)) == 0;
  }
#endif
  for (; i < count; ++i) {
    low = std::min(low, values[i]);
    high = std::max(high, values[i]);
    whole = whole && is_whole(values[i]);
  }
}

double BinLayout::threshold(std::size_t feature, std::uint32_t low, std::uint32_t high) const {
  const double a = values[feature][low], b = values[feature][high];
  const double halfway = a / 2.0 + b / 2.0;
  return (halfway == b || !std::isfinite(halfway)) ? a : halfway;
}

namespace {

/// bin_table for the rows `source(0..rows-1)` of `train`.
template <typename Source>
BinnedTable bin_rows(const Table& train, std::size_t rows, Source source, int threads) {
  const std::size_t features = train.features();
  // Threads pay off only on big tables; on a busy machine a thread can take milliseconds to start.
  constexpr std::size_t kRowsWorthThreads = 1 << 16;
  if (rows < kRowsWorthThreads) threads = 1;
  std::vector<FeatureBins> bins(features);
  parallel_for(features, threads, [&](std::size_t f) {
    const double* column = train.columns[f].data();
    bins[f] = feature_bins(rows, [&](std::size_t i) { return column[source(i)]; });
  });
  BinnedTable binned;
  binned.codes.resize(rows * features);
  binned.target.resize(rows);
  // Codes are written row-major, so each thread takes whole blocks of rows.
  constexpr std::size_t kBlock = 1 << 14;
  parallel_for((rows + kBlock - 1) / kBlock, threads, [&](std::size_t block) {
    for (std::size_t i = block * kBlock; i < std::min(rows, (block + 1) * kBlock); ++i) {
      const std::size_t row = source(i);
      for (std::size_t f = 0; f < features; ++f) binned.codes[i * features + f] = bins[f].code(train.columns[f][row]);
      binned.target[i] = train.target[row];
    }
  });
  binned.layout = make_layout(bins);
  binned.weight.assign(rows, 1);
  return binned;
}

}  // namespace

BinnedTable bin_table(const Table& train, int threads, const std::vector<std::uint32_t>* only_rows) {
  if (only_rows == nullptr)
    return bin_rows(
        train, train.rows(), [](std::size_t i) { return i; }, threads);
  const std::uint32_t* rows = only_rows->data();
  return bin_rows(
      train, only_rows->size(), [rows](std::size_t i) -> std::size_t { return rows[i]; }, threads);
}

BinnedTable BinnedTable::sample(const std::vector<std::uint32_t>& rows, std::vector<std::uint32_t> weights) const {
  BinnedTable out;
  out.layout = layout;
  const std::size_t width = features();
  out.codes.resize(rows.size() * width);
  out.target.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::copy_n(row_codes(rows[i]), width, out.codes.data() + i * width);
    out.target[i] = target[rows[i]];
  }
  out.weight = std::move(weights);
  return out;
}

}  // namespace hdl::tabular::detail
