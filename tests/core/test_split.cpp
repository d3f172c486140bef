#include <catch2/catch.hpp>

#include "hdl/core/error.hpp"
#include "hdl/core/split.hpp"

TEST_CASE("split: sizes follow valid_pct and the parts cover every index once", "[core][split]") {
  const auto split = hdl::split_indices(1000, 0.2, 42);
  REQUIRE(split.valid.size() == 200);
  REQUIRE(split.train.size() == 800);
  std::vector<int> seen(1000, 0);
  for (auto i : split.valid) seen[i] += 1;
  for (auto i : split.train) seen[i] += 1;
  REQUIRE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  REQUIRE(std::is_sorted(split.valid.begin(), split.valid.end()));
}

TEST_CASE("split: the same seed gives the same split and another seed another", "[core][split]") {
  REQUIRE(hdl::split_indices(500, 0.2, 7).valid == hdl::split_indices(500, 0.2, 7).valid);
  REQUIRE(hdl::split_indices(500, 0.2, 7).valid != hdl::split_indices(500, 0.2, 8).valid);
  // Not simply the first or last rows.
  const auto valid = hdl::split_indices(500, 0.2, 7).valid;
  REQUIRE(valid.front() < 50);
  REQUIRE(valid.back() > 450);
}

TEST_CASE("split: a share outside 0 to 1 is a usage error", "[core][split]") {
  REQUIRE_THROWS_AS(hdl::split_indices(10, 1.0, 1), hdl::UsageError);
  REQUIRE_THROWS_AS(hdl::split_indices(10, -0.1, 1), hdl::UsageError);
  REQUIRE(hdl::split_indices(10, 0.0, 1).valid.empty());
}
