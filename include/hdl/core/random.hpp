#pragma once
// Seeded randomness that gives the same numbers on every platform and thread count.
//
// Every random item (an image, a text file, a table row, a tree of a forest) gets its own
// generator, seeded from the run seed, a stream number and the item's index, so no item
// depends on the order in which threads reach it. The standard library's distributions are
// not the same across implementations, so the uniform draws are our own.
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace hdl {

/// One step of SplitMix64: a strong 64-bit mixer, used to expand and combine seeds.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The seed of item `index` of stream `stream` in a run seeded with `seed`.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  std::uint64_t state = seed;
  std::uint64_t mixed = splitmix64(state);
  state = mixed ^ (stream * 0xD1B54A32D192ED03ULL);
  mixed = splitmix64(state);
  state = mixed ^ (index * 0x8CB92BA72F3D8DD7ULL);
  return splitmix64(state);
}

/// xoshiro256**: small, fast, and fully specified, so its output never changes.
class Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() { return next(); }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// A uniform integer in [lo, hi], both inclusive, without modulo bias.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;  // 0 means all 2^64
    if (span == 0) return static_cast<std::int64_t>(next());
    // Reject the top partial block so every value has the same number of preimages.
    const std::uint64_t limit = max() - max() % span;
    std::uint64_t draw = next();
    while (draw >= limit) draw = next();
    return lo + static_cast<std::int64_t>(draw % span);
  }

  /// A uniform index in [0, n).
  std::size_t uniform_index(std::size_t n) {
    return static_cast<std::size_t>(uniform_int(0, static_cast<std::int64_t>(n) - 1));
  }

  /// A uniform double in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4]{};
};

/// Stream numbers, one per kind of random item, so that streams never share seeds.
enum class Stream : std::uint64_t {
  kCircles = 1,
  kRectangles = 2,
  kPositiveText = 3,
  kNegativeText = 4,
  kTabularRows = 5,
  kSplit = 6,        // train / validation split
  kForestTrees = 7,  // one seed per tree of a random forest
  kFreshRows = 8,    // rows drawn to measure rule agreement
  kTraining = 9,     // weight initialisation and batch order of the neural networks
};

inline std::uint64_t derive_seed(std::uint64_t seed, Stream stream, std::uint64_t index) {
  return derive_seed(seed, static_cast<std::uint64_t>(stream), index);
}

/// Shuffles `items` in place by Fisher–Yates with `rng`: the same order with every standard
/// library (std::shuffle's algorithm is left to each).
template <typename T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.uniform_index(i)]);
}

}  // namespace hdl
