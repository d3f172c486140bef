#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hdl/generators.hpp"
#include "support/run_hdl.hpp"

using hdl::test::slurp;
using hdl::test::TempDir;

namespace {
// The rules of SPEC.md, written out again independently of the generator.
int expected_label(int a, int b, int c, int d, int e, int f) {
  if (a < 5 && b > 90) return 1;
  if (b > 50 && 10 < c && c < 30) return 2;
  if (c < 3 || c > 97) return 3;
  if (60 < d && d < 90) return 4;
  if (80 < e && e < 90) return 5;
  if (10 < f && f < 25) return 6;
  return 0;
}
}  // namespace

TEST_CASE("tabular: every row follows the rules with features from 0 to 100", "[generators][tabular]") {
  TempDir dir;
  hdl::gen::TabularOptions options;
  options.rows = 5000;
  options.threads = 2;
  const auto written = hdl::gen::generate_tabular(dir.path(), options);
  REQUIRE(written.items == 5000);
  const auto rows = nlohmann::json::parse(slurp(dir.path() / "random_tabular/data.json"));
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == 5000);
  std::array<int, 7> label_counts{};
  int min_value = 100, max_value = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() == 7);
    std::array<int, 6> x{};
    for (int j = 0; j < 6; ++j) {
      x[j] = row.at(std::string(1, static_cast<char>('a' + j))).get<int>();
      REQUIRE(x[j] >= 0);
      REQUIRE(x[j] <= 100);
      min_value = std::min(min_value, x[j]);
      max_value = std::max(max_value, x[j]);
    }
    const int y = row.at("y").get<int>();
    REQUIRE(y == expected_label(x[0], x[1], x[2], x[3], x[4], x[5]));
    label_counts[y] += 1;
  }
  REQUIRE(min_value == 0);
  REQUIRE(max_value == 100);
  for (int label = 0; label <= 6; ++label) REQUIRE(label_counts[label] > 0);
}

TEST_CASE("tabular: the rule boundaries are strict", "[generators][tabular]") {
  using hdl::gen::tabular_label;
  REQUIRE(tabular_label({4, 91, 50, 0, 0, 0}) == 1);
  REQUIRE(tabular_label({5, 91, 50, 0, 0, 0}) == 0);
  REQUIRE(tabular_label({0, 90, 50, 0, 0, 0}) == 0);
  REQUIRE(tabular_label({50, 51, 11, 0, 0, 0}) == 2);
  REQUIRE(tabular_label({50, 51, 10, 0, 0, 0}) == 0);
  REQUIRE(tabular_label({50, 0, 2, 0, 0, 0}) == 3);
  REQUIRE(tabular_label({50, 0, 98, 0, 0, 0}) == 3);
  REQUIRE(tabular_label({50, 0, 50, 61, 0, 0}) == 4);
  REQUIRE(tabular_label({50, 0, 50, 90, 85, 0}) == 5);
  REQUIRE(tabular_label({50, 0, 50, 0, 0, 24}) == 6);
  REQUIRE(tabular_label({100, 90, 80, 70, 60, 50}) == 4);  // the original's example row
}

TEST_CASE("tabular: determinism across thread counts and seeds", "[generators][tabular][determinism]") {
  TempDir one, two, other;
  hdl::gen::TabularOptions options;
  options.rows = 3000;
  options.threads = 1;
  hdl::gen::generate_tabular(one.path(), options);
  options.threads = 2;
  hdl::gen::generate_tabular(two.path(), options);
  options.seed = 9;
  hdl::gen::generate_tabular(other.path(), options);
  REQUIRE(slurp(one.path() / "random_tabular/data.json") == slurp(two.path() / "random_tabular/data.json"));
  REQUIRE(slurp(one.path() / "random_tabular/data.json") != slurp(other.path() / "random_tabular/data.json"));
}
