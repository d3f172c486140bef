#pragma once
// A table of real-valued features and a target, read from the data set's JSON (an array of
// flat objects) or from CSV with a header row. Malformed input throws hdl::Error naming the
// file and the row or key.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hdl::tabular {

namespace fs = std::filesystem;

/// The name of the target column.
inline constexpr const char* kTarget = "y";

struct Table {
  std::vector<std::string> feature_names;    // column order
  std::vector<std::vector<double>> columns;  // columns[feature][row]
  std::vector<double> target;                // y per row; empty when the input had none

  std::size_t rows() const { return columns.empty() ? target.size() : columns.front().size(); }
  std::size_t features() const { return feature_names.size(); }
  bool has_target() const { return !target.empty() || rows() == 0; }
  /// Index of a feature, or -1.
  int feature_index(std::string_view name) const;
  /// One row's features in column order.
  std::vector<double> row(std::size_t index) const;
};

/// Whether the target column must be present (training, eval) or may be absent (predict).
enum class Target { kRequired, kOptional };

/// Parses a JSON array of objects with numeric values; every row has the keys of the first.
/// `source` names the input in messages.
Table parse_json_table(std::string_view text, const std::string& source, Target target);
/// Parses CSV with a header row; a `y` column is the target.
Table parse_csv_table(std::string_view text, const std::string& source, Target target);

/// Reads a table file: `.csv` as CSV, anything else as JSON. A folder means its
/// `random_tabular/data.json`, or its `data.json`.
Table load_table(const fs::path& file_or_dir, Target target = Target::kRequired);

/// DATA/random_tabular/data.json.
fs::path default_table_path(const fs::path& data_dir);

/// The rows `rows` of `table`, in that order.
Table select_rows(const Table& table, const std::vector<std::size_t>& rows);

}  // namespace hdl::tabular
