#include <catch2/catch.hpp>
#include <algorithm>
#include <set>
#include <thread>

#include "hdl/core/parallel.hpp"
#include "hdl/core/random.hpp"

using hdl::Rng;

TEST_CASE("Rng: the same seed gives the same sequence and another seed another", "[core][random]") {
  Rng first(42), second(42), other(43);
  bool any_difference = false;
  for (int i = 0; i < 100; ++i) {
    const auto value = first.next();
    REQUIRE(value == second.next());
    any_difference |= value != other.next();
  }
  REQUIRE(any_difference);
}

TEST_CASE("Rng: uniform_int stays in range and reaches both ends", "[core][random]") {
  Rng rng(7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 20000; ++i) {
    const auto value = rng.uniform_int(0, 100);
    REQUIRE(value >= 0);
    REQUIRE(value <= 100);
    seen.insert(value);
  }
  REQUIRE(seen.size() == 101);
}

TEST_CASE("Rng: uniform01 lies in the unit interval with mean near one half", "[core][random]") {
  Rng rng(1);
  double sum = 0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  REQUIRE(sum / kDraws == Approx(0.5).margin(0.01));
}

TEST_CASE("derive_seed separates streams and indices", "[core][random]") {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t stream = 1; stream <= 4; ++stream)
    for (std::uint64_t index = 0; index < 1000; ++index) seeds.insert(hdl::derive_seed(42, stream, index));
  REQUIRE(seeds.size() == 4000);
  REQUIRE(hdl::derive_seed(42, 1, 0) != hdl::derive_seed(43, 1, 0));
}

TEST_CASE("derive_seed and Rng are pinned: data sets stay byte-identical across versions", "[core][random]") {
  // If this changes, every generated data set and trained model changes with it.
  REQUIRE(hdl::derive_seed(42, 1, 0) == hdl::derive_seed(42, hdl::Stream::kCircles, 0));
  Rng rng(hdl::derive_seed(42, hdl::Stream::kCircles, 0));
  REQUIRE(rng.uniform_int(150, 350) == 159);
}

TEST_CASE("parallel_for visits every index once and rethrows the first failure", "[core][parallel]") {
  std::vector<int> visits(1000, 0);
  hdl::parallel_for(visits.size(), 4, [&](std::size_t i) { visits[i] += 1; });
  REQUIRE(std::all_of(visits.begin(), visits.end(), [](int v) { return v == 1; }));

  REQUIRE_THROWS_WITH(hdl::parallel_for(100, 3,
                                        [](std::size_t i) {
                                          if (i == 50) throw std::runtime_error("item 50 failed");
                                        }),
                      "item 50 failed");
  // The pool is whole again after a failure.
  std::vector<int> again(300, 0);
  hdl::parallel_for(again.size(), 3, [&](std::size_t i) { again[i] = static_cast<int>(i); });
  for (std::size_t i = 0; i < again.size(); ++i) REQUIRE(again[i] == static_cast<int>(i));
}

TEST_CASE("parallel_for inside parallel_for and on two threads at once", "[core][parallel]") {
  // A loop inside a loop cannot wait for the pool its own loop holds; it gets threads of its own.
  std::vector<std::vector<int>> grid(8, std::vector<int>(50, 0));
  hdl::parallel_for(grid.size(), 2, [&](std::size_t row) {
    hdl::parallel_for(grid[row].size(), 2,
                      [&](std::size_t column) { grid[row][column] += static_cast<int>(row + column); });
  });
  for (std::size_t row = 0; row < grid.size(); ++row)
    for (std::size_t column = 0; column < grid[row].size(); ++column)
      REQUIRE(grid[row][column] == static_cast<int>(row + column));

  // Two threads' loops at the same time: one may hold the pool, the other gets threads of its own.
  std::vector<long> sums(2, 0);
  std::vector<std::thread> callers;
  for (std::size_t caller = 0; caller < 2; ++caller)
    callers.emplace_back([&sums, caller] {
      for (int round = 0; round < 50; ++round) {
        std::vector<long> values(200, 0);
        hdl::parallel_for(values.size(), 3, [&](std::size_t i) { values[i] = static_cast<long>(i); });
        for (long v : values) sums[caller] += v;
      }
    });
  for (auto& thread : callers) thread.join();
  REQUIRE(sums[0] == 50L * 199 * 200 / 2);
  REQUIRE(sums[1] == 50L * 199 * 200 / 2);
}

TEST_CASE("shuffle: our own Fisher-Yates, the same order for the same seed everywhere", "[core][random]") {
  std::vector<int> items{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  Rng rng(42);
  hdl::shuffle(items, rng);
  // Pinned: splits, batch orders and so every trained model depend on this order.
  REQUIRE(items == std::vector<int>{7, 3, 8, 9, 5, 6, 4, 1, 0, 2});
  std::vector<int> again{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  Rng other(43);
  hdl::shuffle(again, other);
  REQUIRE(again != items);
  std::sort(again.begin(), again.end());
  REQUIRE(again == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  std::vector<int> none;
  hdl::shuffle(none, rng);
  REQUIRE(none.empty());
}
