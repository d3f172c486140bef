// RowSet: membership, members in order, and rank against a plain count.
#include <catch2/catch.hpp>

#include <set>

#include "hdl/core/random.hpp"
#include "hdl/core/row_set.hpp"

TEST_CASE("RowSet: members ascending and each one's rank is the count of smaller members", "[core][rowset]") {
  // Rows at word edges (0, 63, 64, 127, 128) and the last row, plus seeded random ones.
  constexpr std::uint32_t kRows = 1000;
  hdl::RowSet rows(kRows);
  std::set<std::uint32_t> reference{0, 63, 64, 127, 128, kRows - 1};
  hdl::Rng rng(7);
  for (int i = 0; i < 300; ++i) reference.insert(static_cast<std::uint32_t>(rng.uniform_int(0, kRows - 1)));
  for (const auto row : reference) rows.insert(row);
  rows.insert(64);  // twice is once
  rows.index();

  REQUIRE(rows.size() == reference.size());
  const std::vector<std::uint32_t> members = rows.members();
  REQUIRE(members == std::vector<std::uint32_t>(reference.begin(), reference.end()));
  for (std::uint32_t row = 0; row < kRows; ++row) {
    REQUIRE(rows.contains(row) == (reference.count(row) == 1));
    const auto smaller = static_cast<std::uint32_t>(std::distance(reference.begin(), reference.lower_bound(row)));
    REQUIRE(rows.rank(row) == smaller);
  }
  for (std::size_t i = 0; i < members.size(); ++i) REQUIRE(rows.rank(members[i]) == i);

  hdl::RowSet empty(0);
  empty.index();
  REQUIRE(empty.size() == 0);
  REQUIRE(empty.members().empty());
}
