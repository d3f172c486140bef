// The tabular loader: JSON arrays of flat numeric objects and CSV with a header row.
// A small hand-written JSON reader, so a million-row file loads in a second without a DOM,
// and every complaint can name the row and key it is about.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/tabular/table.hpp"

namespace hdl::tabular {
namespace {

constexpr const char* kDataHint = "regenerate it with 'hdl generate tabular'";
constexpr const char* kCsvHint = "a CSV needs a header row such as a,b,c,d,e,f,y and one number per field";

/// Parses a whole token as a finite number; false when it is not one.
bool parse_number(std::string_view token, double& value) {
  if (token.empty() || token.size() > 64) return false;
  // Fast path: plain integers, the common case.
  std::size_t i = 0;
  const bool negative = token[0] == '-';
  if (negative) i = 1;
  if (i < token.size() && token.size() - i <= 15 &&
      std::all_of(token.begin() + static_cast<std::ptrdiff_t>(i), token.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t whole = 0;
    for (; i < token.size(); ++i) whole = whole * 10 + (token[i] - '0');
    value = static_cast<double>(negative ? -whole : whole);
    return true;
  }
  for (char c : token)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) return false;
  char buffer[65];
  std::copy(token.begin(), token.end(), buffer);
  buffer[token.size()] = '\0';
  char* end = nullptr;
  value = std::strtod(buffer, &end);
  return end == buffer + token.size() && std::isfinite(value);
}

/// Builds a table column by column while checking each row has exactly the header's keys.
class TableBuilder {
 public:
  /// `csv`: the words of messages are "column" and "header", not "key" and "row 1".
  TableBuilder(std::string source, Target target, bool csv = false)
      : source_(std::move(source)), target_(target), csv_(csv) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(source_ + ": " + what, csv_ ? kCsvHint : kDataHint);
  }

  /// The first row fixes the columns.
  void set_header(const std::vector<std::string>& names, std::size_t row_number) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j)
        if (names[j] == names[i])
          fail(fmt::format("{}: {} \"{}\" appears twice", csv_ ? "the header" : fmt::format("row {}", row_number),
                           csv_ ? "column" : "key", names[i]));
      if (names[i] == kTarget)
        target_column_ = static_cast<int>(i);
      else
        table_.feature_names.push_back(names[i]);
    }
    header_ = names;
    const std::string where = csv_ ? "the header" : fmt::format("row {}", row_number);
    if (target_column_ < 0 && target_ == Target::kRequired)
      fail(fmt::format("{} has no {} \"{}\" (the value to learn)", where, csv_ ? "column" : "key", kTarget));
    if (table_.feature_names.empty()) fail(fmt::format("{} has no features besides \"{}\"", where, kTarget));
    table_.columns.resize(table_.feature_names.size());
  }

  const std::vector<std::string>& header() const { return header_; }
  bool has_header() const { return !header_.empty(); }

  /// Column of `key`, or -1 when the header lacks it.
  int column_of(std::string_view key, std::size_t hint) const {
    if (hint < header_.size() && header_[hint] == key) return static_cast<int>(hint);
    for (std::size_t i = 0; i < header_.size(); ++i)
      if (header_[i] == key) return static_cast<int>(i);
    return -1;
  }

  /// Appends a row given as values in header order.
  void add_row(const std::vector<double>& values) {
    std::size_t feature = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (static_cast<int>(i) == target_column_)
        table_.target.push_back(values[i]);
      else
        table_.columns[feature++].push_back(values[i]);
    }
  }

  Table finish(std::size_t rows) {
    if (rows == 0) fail("no rows");
    if (target_column_ < 0) table_.target.clear();
    return std::move(table_);
  }

 private:
  std::string source_;
  Target target_;
  bool csv_ = false;
  std::vector<std::string> header_;
  int target_column_ = -1;
  Table table_;
};

/// A cursor over JSON text that knows its line and column for messages.
class JsonCursor {
 public:
  JsonCursor(std::string_view text, const TableBuilder& builder) : text_(text), builder_(builder) {}

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
      ++pos_;
  }
  bool at_end() {
    skip_space();
    return pos_ >= text_.size();
  }
  char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  /// `context()` says where, and is only called on failure (it formats).
  template <typename Context>
  void expect(char wanted, Context&& context) {
    if (peek() != wanted) malformed(fmt::format("expected '{}' {}", wanted, context()));
    ++pos_;
  }
  [[noreturn]] void malformed(const std::string& what) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < std::min(pos_, text_.size()); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    const std::string found = pos_ >= text_.size() ? "end of file" : fmt::format("'{}'", text_[pos_]);
    builder_.fail(fmt::format("malformed JSON at line {} column {}: {}, found {}", line, column, what, found));
  }

  /// A string's raw text between its quotes (escapes are kept as written).
  std::string_view read_string() {
    expect('"', [] { return "to start a key"; });
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) malformed("unterminated string");
    return text_.substr(start, pos_++ - start);
  }

  /// The next value's raw text, and what kind of JSON value it is.
  std::string_view read_scalar(const char*& kind) {
    const char c = peek();
    if (c == '"') {
      kind = "a string";
      read_string();
      return {};
    }
    if (c == '{' || c == '[') malformed("nested objects and arrays are not table values");
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
           text_[pos_] != ' ' && text_[pos_] != '\n' && text_[pos_] != '\r' && text_[pos_] != '\t')
      ++pos_;
    const std::string_view token = text_.substr(start, pos_ - start);
    if (token.empty()) malformed("expected a value");
    kind = token == "null" ? "null" : (token == "true" || token == "false") ? "a boolean" : "number";
    return token;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  const TableBuilder& builder_;
};

}  // namespace

int Table::feature_index(std::string_view name) const {
  for (std::size_t i = 0; i < feature_names.size(); ++i)
    if (feature_names[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<double> Table::row(std::size_t index) const {
  std::vector<double> values(features());
  for (std::size_t f = 0; f < values.size(); ++f) values[f] = columns[f][index];
  return values;
}

Table parse_json_table(std::string_view text, const std::string& source, Target target) {
  TableBuilder builder(source, target);
  JsonCursor cursor(text, builder);
  if (cursor.at_end()) builder.fail("the file is empty");
  cursor.expect('[', [] { return "at the start (the data is a JSON array of objects)"; });
  std::size_t rows = 0;
  std::vector<std::string> keys;
  std::vector<double> values;
  std::vector<bool> seen;
  if (cursor.peek() == ']') builder.fail("no rows");
  for (;;) {
    const std::size_t row_number = ++rows;
    cursor.expect('{', [&] { return fmt::format("to start row {}", row_number); });
    keys.clear();
    std::vector<double> first_values;
    if (builder.has_header()) {
      values.assign(builder.header().size(), 0.0);
      seen.assign(builder.header().size(), false);
    }
    std::size_t position = 0;
    if (cursor.peek() != '}') {
      for (;; ++position) {
        const std::string_view key = cursor.read_string();
        cursor.expect(':', [&] { return fmt::format("after key \"{}\" in row {}", key, row_number); });
        const char* kind = nullptr;
        const std::string_view token = cursor.read_scalar(kind);
        double value = 0;
        if (std::string_view(kind) != "number" || !parse_number(token, value))
          builder.fail(fmt::format("row {}: key \"{}\" holds {} where a number belongs", row_number, key,
                                   std::string_view(kind) == "number" ? fmt::format("\"{}\"", token) : kind));
        if (builder.has_header()) {
          const int column = builder.column_of(key, position);
          if (column < 0) builder.fail(fmt::format("row {}: unknown key \"{}\" (not in row 1)", row_number, key));
          if (seen[static_cast<std::size_t>(column)])
            builder.fail(fmt::format("row {}: key \"{}\" appears twice", row_number, key));
          seen[static_cast<std::size_t>(column)] = true;
          values[static_cast<std::size_t>(column)] = value;
        } else {
          keys.emplace_back(key);
          first_values.push_back(value);
        }
        if (cursor.peek() == '}') break;
        cursor.expect(',', [&] { return fmt::format("or '}}' in row {}", row_number); });
      }
    }
    cursor.expect('}', [&] { return fmt::format("to end row {}", row_number); });
    if (!builder.has_header()) {
      if (keys.empty()) builder.fail("row 1: an empty object");
      builder.set_header(keys, row_number);
      values = first_values;
    } else {
      for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i]) builder.fail(fmt::format("row {}: missing key \"{}\"", row_number, builder.header()[i]));
    }
    builder.add_row(values);
    if (cursor.peek() == ']') break;
    cursor.expect(',', [&] { return fmt::format("or ']' after row {}", row_number); });
  }
  cursor.expect(']', [] { return "to end the array"; });
  if (!cursor.at_end()) cursor.malformed("expected nothing after the array");
  return builder.finish(rows);
}

Table parse_csv_table(std::string_view text, const std::string& source, Target target) {
  TableBuilder builder(source, target, /*csv=*/true);
  std::size_t line_number = 0, rows = 0;
  std::vector<std::string_view> fields;
  std::vector<double> values;
  auto split = [&](std::string_view line) {
    fields.clear();
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      std::string_view field =
          line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
      while (!field.empty() && (field.back() == ' ' || field.back() == '\t' || field.back() == '\r'))
        field.remove_suffix(1);
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    split(line);
    if (!builder.has_header()) {
      builder.set_header(std::vector<std::string>(fields.begin(), fields.end()), 1);
      continue;
    }
    ++rows;
    if (fields.size() != builder.header().size())
      builder.fail(fmt::format("row {} (line {}): {} fields where the header has {}", rows, line_number, fields.size(),
                               builder.header().size()));
    values.resize(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (!parse_number(fields[i], values[i]))
        builder.fail(fmt::format("row {} (line {}): column \"{}\" holds \"{}\" where a number belongs", rows,
                                 line_number, builder.header()[i], fields[i]));
    builder.add_row(values);
  }
  if (!builder.has_header()) builder.fail("the file is empty");
  return builder.finish(rows);
}

fs::path default_table_path(const fs::path& data_dir) { return data_dir / "random_tabular" / "data.json"; }

Table load_table(const fs::path& file_or_dir, Target target) {
  fs::path file = file_or_dir;
  std::error_code error;
  if (fs::is_directory(file_or_dir, error)) {
    file = default_table_path(file_or_dir);
    if (!fs::exists(file, error) && fs::exists(file_or_dir / "data.json", error)) file = file_or_dir / "data.json";
  }
  if (!fs::exists(file, error))
    throw Error("no data at " + file.string(), "run 'hdl generate tabular' or point --data at a data folder");
  const std::string text = read_file(file);
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension == ".csv" ? parse_csv_table(text, file.string(), target)
                             : parse_json_table(text, file.string(), target);
}

Table select_rows(const Table& table, const std::vector<std::size_t>& rows) {
  Table out;
  out.feature_names = table.feature_names;
  out.columns.resize(table.columns.size());
  for (std::size_t f = 0; f < table.columns.size(); ++f) {
    out.columns[f].reserve(rows.size());
    for (std::size_t row : rows) out.columns[f].push_back(table.columns[f][row]);
  }
  if (!table.target.empty()) {
    out.target.reserve(rows.size());
    for (std::size_t row : rows) out.target.push_back(table.target[row]);
  }
  return out;
}

}  // namespace hdl::tabular
