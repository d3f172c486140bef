#pragma once
// The seeded train / validation split shared by train, confusion and eval, so a confusion
// matrix or a validation RMSE is always on rows the model did not train on.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hdl {

struct Split {
  std::vector<std::size_t> train;  // ascending
  std::vector<std::size_t> valid;  // ascending
};

/// Shuffles 0..count-1 with a generator seeded by (seed, Stream::kSplit) and puts the first
/// round(valid_pct * count) into valid. The same seed, count and share always give the
/// same split. `valid_pct` must lie in [0, 1).
Split split_indices(std::size_t count, double valid_pct, std::uint64_t seed);

}  // namespace hdl
