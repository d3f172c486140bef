#pragma once
// The training table as the splitter sees it: each value replaced by the index of its bin,
// where a feature's bins are its sorted distinct training values (or, for whole numbers in a
// small range, every whole number from the least to the greatest). Scanning the non-empty bins
// in order visits exactly the thresholds scikit-learn's presorted splitter would, so the trees
// are exact, not binned approximations: a bin never holds two different values.
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "hdl/tabular/table.hpp"

namespace hdl::tabular::detail {

/// Whether `value` is a whole number small enough to count with (|value| < 9e15, below 2^53,
/// where doubles hold every whole number). NaN and infinities are not whole.
inline bool is_whole(double value) {
  constexpr double kExactIntegers = 9.0e15;
  constexpr double kTwo52 = 4503599627370496.0;  // from here up every double is whole
  const double magnitude = std::fabs(value);
  // Adding and taking away 2^52 rounds a smaller magnitude to a whole number. This needs
  // plain double arithmetic rounding to nearest (SSE2, as on amd64): not x87's extended
  // precision, and not -ffast-math, which may drop the pair.
  return magnitude < kExactIntegers && (magnitude >= kTwo52 || (magnitude + kTwo52) - kTwo52 == magnitude);
}

/// Whether every value is whole (is_whole), and if so the least and greatest: `low` and `high`
/// mean nothing otherwise (a NaN may leak into them), and the sign of a zero there is not
/// specified. One pass over a column, in SSE2 lanes: a scalar loop runs at a quarter of the
/// speed, held back by the chains of min, max and the whole-number test.
struct ValueRange {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  bool whole = true;

  void add(const double* values, std::size_t count);
};

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

/// std::allocator, except that resize leaves new elements uninitialised: the big tables are
/// written in full right after, and zeroing them first costs a pass over fresh memory.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

struct BinnedTable {
  std::shared_ptr<const BinLayout> layout;
  // Row-major: codes[row * features + feature] is a bin.
  std::vector<std::uint32_t, UninitialisedAllocator<std::uint32_t>> codes;
  std::vector<double> target;         // y per row
  std::vector<std::uint32_t> weight;  // how many times each row counts (a bootstrap sample's repeats)

  std::size_t rows() const { return target.size(); }
  std::size_t features() const { return layout->features(); }
  const std::uint32_t* row_codes(std::size_t row) const { return codes.data() + row * features(); }
  /// The rows `rows` (ascending, distinct) with the multiplicities `weight`, compact in memory.
  BinnedTable sample(const std::vector<std::uint32_t>& rows, std::vector<std::uint32_t> weight) const;
};

/// Bins every row of `train`, or only the rows `only_rows` (ascending), each of weight 1.
BinnedTable bin_table(const Table& train, int threads, const std::vector<std::uint32_t>* only_rows = nullptr);

}  // namespace hdl::tabular::detail
