#pragma once
// Small tables for the tabular tests.
#include <functional>

#include "hdl/core/random.hpp"
#include "hdl/generators.hpp"
#include "hdl/tabular.hpp"

namespace hdl::test {

/// `rows` rows of the generator's data set (features a..f, y by SPEC.md's rules).
inline tabular::Table generator_table(std::size_t rows, std::uint64_t seed = 42) {
  tabular::Table table;
  const auto& names = gen::tabular_feature_names();
  table.feature_names.assign(names.begin(), names.end());
  table.columns.assign(names.size(), std::vector<double>(rows));
  table.target.resize(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const gen::TabularRow row = gen::tabular_row(seed, i);
    for (std::size_t f = 0; f < names.size(); ++f) table.columns[f][i] = row.features[f];
    table.target[i] = row.y;
  }
  return table;
}

/// Features a..f uniform in 0..100 and y from `label`.
inline tabular::Table labelled_table(std::size_t rows, const std::function<double(const std::vector<double>&)>& label,
                                     std::uint64_t seed = 7) {
  tabular::Table table = generator_table(rows, seed);
  for (std::size_t i = 0; i < rows; ++i) table.target[i] = label(table.row(i));
  return table;
}

}  // namespace hdl::test
