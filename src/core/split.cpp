#include "hdl/core/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hdl/core/error.hpp"
#include "hdl/core/random.hpp"

namespace hdl {

Split split_indices(std::size_t count, double valid_pct, std::uint64_t seed) {
  if (!(valid_pct >= 0.0 && valid_pct < 1.0))
    throw UsageError("--valid-pct must be at least 0 and below 1", "for example --valid-pct 0.2");
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Fisher–Yates with our own generator, so the split is the same on every platform.
  Rng rng(derive_seed(seed, Stream::kSplit, 0));
  shuffle(order, rng);
  const auto valid_count = static_cast<std::size_t>(std::lround(valid_pct * static_cast<double>(count)));
  Split split;
  split.valid.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(valid_count));
  split.train.assign(order.begin() + static_cast<std::ptrdiff_t>(valid_count), order.end());
  std::sort(split.valid.begin(), split.valid.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

}  // namespace hdl
