#pragma once
// Uniform draws from [0, n) by Lemire's multiply-shift: unbiased like Rng::uniform_index, but a
// division only in the rare rejection case, where uniform_index always divides twice. Drawing
// bootstrap rows and split features is hot enough for that to matter.
#include <cstdint>

#include "hdl/core/random.hpp"

namespace hdl::tabular::detail {

inline std::uint64_t uniform_below(Rng& rng, std::uint64_t n) {
  unsigned __int128 product = static_cast<unsigned __int128>(rng.next()) * n;
  if (static_cast<std::uint64_t>(product) < n) {
    const std::uint64_t reject_below = (0 - n) % n;  // low words below it would favour some values
    while (static_cast<std::uint64_t>(product) < reject_below) product = static_cast<unsigned __int128>(rng.next()) * n;
  }
  return static_cast<std::uint64_t>(product >> 64);
}

}  // namespace hdl::tabular::detail
