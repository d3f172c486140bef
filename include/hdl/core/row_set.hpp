#pragma once
// A set of row numbers as a bitmap, which also tells a member's rank (how many members are
// smaller) by counting bits: an eighth of a byte per row where an index array takes four, so
// that marking a million rows stays in cache.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hdl {

class RowSet {
 public:
  /// An empty set of rows from [0, rows).
  explicit RowSet(std::size_t rows) : words_((rows + 63) / 64, 0) {}
  void insert(std::uint32_t row) { words_[row >> 6] |= std::uint64_t{1} << (row & 63); }
  bool contains(std::uint32_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  /// Counts the members; call after the last insert and before size or rank.
  void index() {
    ranks_.resize(words_.size());
    std::uint32_t total = 0;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      ranks_[w] = total;
      total += static_cast<std::uint32_t>(__builtin_popcountll(words_[w]));
    }
    size_ = total;
  }
  std::size_t size() const { return size_; }
  /// How many members are smaller than `row`: a member's index among the members.
  std::uint32_t rank(std::uint32_t row) const {
    const std::uint64_t below = words_[row >> 6] & ((std::uint64_t{1} << (row & 63)) - 1);
    return ranks_[row >> 6] + static_cast<std::uint32_t>(__builtin_popcountll(below));
  }
  /// The members, ascending.
  std::vector<std::uint32_t> members() const {
    std::vector<std::uint32_t> rows;
    rows.reserve(size_);
    for (std::size_t w = 0; w < words_.size(); ++w)
      for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1)
        rows.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
    return rows;
  }

 private:
  std::vector<std::uint64_t> words_;
  std::vector<std::uint32_t> ranks_;  // members in the words before
  std::size_t size_ = 0;
};

}  // namespace hdl
