// random tabular: six integer features and a label from fixed rules, as random_tabular.py.
#include <fmt/format.h>

#include <chrono>

#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/generators.hpp"

namespace hdl::gen {
namespace {
constexpr int kFeatureMin = 0, kFeatureMax = 100;  // inclusive
}  // namespace

const std::array<std::string, kTabularFeatures>& tabular_feature_names() {
  static const std::array<std::string, kTabularFeatures> names{"a", "b", "c", "d", "e", "f"};
  return names;
}

int tabular_label(const std::array<double, kTabularFeatures>& x) {
  const double a = x[0], b = x[1], c = x[2], d = x[3], e = x[4], f = x[5];
  if (a < 5 && b > 90) return 1;
  if (b > 50 && c > 10 && c < 30) return 2;
  if (c < 3 || c > 97) return 3;
  if (d > 60 && d < 90) return 4;
  if (e > 80 && e < 90) return 5;
  if (f > 10 && f < 25) return 6;
  return 0;
}

const std::vector<std::string>& tabular_rules_text() {
  static const std::vector<std::string> rules{
      "y = 1 if a < 5 and b > 90",       "y = 2 if b > 50 and 10 < c < 30", "y = 3 if c < 3 or c > 97",
      "y = 4 if 60 < d < 90",            "y = 5 if 80 < e < 90",            "y = 6 if 10 < f < 25",
      "y = 0 otherwise"};
  return rules;
}

TabularRow tabular_row(std::uint64_t seed, std::size_t index, Stream stream) {
  Rng rng(derive_seed(seed, stream, index));
  TabularRow row;
  std::array<double, kTabularFeatures> values{};
  for (std::size_t j = 0; j < kTabularFeatures; ++j) {
    row.features[j] = static_cast<int>(rng.uniform_int(kFeatureMin, kFeatureMax));
    values[j] = row.features[j];
  }
  row.y = tabular_label(values);
  return row;
}

std::string tabular_json(const std::vector<TabularRow>& rows) {
  fmt::memory_buffer out;
  out.push_back('[');
  const auto& names = tabular_feature_names();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "{}\n{{", i == 0 ? "" : ",");
    for (std::size_t j = 0; j < kTabularFeatures; ++j)
      fmt::format_to(std::back_inserter(out), "\"{}\": {}, ", names[j], rows[i].features[j]);
    fmt::format_to(std::back_inserter(out), "\"y\": {}}}", rows[i].y);
  }
  fmt::format_to(std::back_inserter(out), "\n]\n");
  return fmt::to_string(out);
}

GeneratedSet generate_tabular(const fs::path& data_dir, const TabularOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path target = data_dir / kTabularFolder;
  std::vector<TabularRow> rows(options.rows);
  parallel_for(rows.size(), options.threads, [&](std::size_t i) { rows[i] = tabular_row(options.seed, i); });
  const std::string json = tabular_json(rows);
  replace_directory(target, [&](const fs::path& staging) { write_file(staging / "data.json", json); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {"tabular", target, 1, rows.size(), seconds};
}

}  // namespace hdl::gen
