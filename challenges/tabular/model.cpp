// Models: prediction, metrics, and the JSON file format (every node as scikit-learn's
// tree_ arrays hold it, plus feature names and training settings).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/tabular/model.hpp"

namespace hdl::tabular {
namespace {

constexpr const char* kFormat = "hdl-tabular-model";
constexpr int kFormatVersion = 1;

using nlohmann::json;

/// Reads fields of a model document, naming the file and the place when one is wrong.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(source_ + ": " + what, "retrain it with 'hdl train tree' or 'hdl train forest'");
  }
  const json& field(const json& object, const char* key, const std::string& where) const {
    if (!object.is_object()) fail(where + " is not an object");
    const auto it = object.find(key);
    if (it == object.end()) fail(fmt::format("{} has no \"{}\"", where, key));
    return *it;
  }
  double number(const json& object, const char* key, const std::string& where) const {
    const json& value = field(object, key, where);
    if (!value.is_number()) fail(fmt::format("{}: \"{}\" is not a number", where, key));
    return value.get<double>();
  }
  long long integer(const json& object, const char* key, const std::string& where) const {
    const json& value = field(object, key, where);
    if (!value.is_number_integer()) fail(fmt::format("{}: \"{}\" is not a whole number", where, key));
    return value.get<long long>();
  }

 private:
  std::string source_;
};

json tree_to_json(const Tree& tree) {
  json nodes = json::array();
  for (const Node& node : tree.nodes)
    nodes.push_back({{"feature", node.feature},
                     {"threshold", node.threshold},
                     {"left", node.left},
                     {"right", node.right},
                     {"value", node.value},
                     {"samples", node.samples},
                     {"impurity", node.impurity},
                     {"depth", node.depth}});
  return {{"nodes", nodes}};
}

Tree tree_from_json(const json& document, std::size_t features, const Reader& reader, const std::string& where) {
  const json& nodes = reader.field(document, "nodes", where);
  if (!nodes.is_array() || nodes.empty()) reader.fail(where + ": \"nodes\" is not a non-empty array");
  Tree tree;
  const auto count = static_cast<long long>(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string at = fmt::format("{} node {}", where, i);
    const json& item = nodes[i];
    Node node;
    node.feature = static_cast<int>(reader.integer(item, "feature", at));
    node.threshold = reader.number(item, "threshold", at);
    const long long left = reader.integer(item, "left", at), right = reader.integer(item, "right", at);
    node.value = reader.number(item, "value", at);
    const long long samples = reader.integer(item, "samples", at);
    node.impurity = reader.number(item, "impurity", at);
    node.depth = static_cast<int>(reader.integer(item, "depth", at));
    if (samples < 0) reader.fail(at + ": negative \"samples\"");
    node.samples = static_cast<std::size_t>(samples);
    if (node.feature >= 0) {
      // Children come after their parent, so walking down always ends.
      if (node.feature >= static_cast<long long>(features)) reader.fail(at + ": \"feature\" out of range");
      if (left <= static_cast<long long>(i) || left >= count || right <= static_cast<long long>(i) || right >= count)
        reader.fail(at + ": children out of range");
      node.left = static_cast<int>(left);
      node.right = static_cast<int>(right);
    } else if (node.feature != -1 || left != -1 || right != -1) {
      reader.fail(at + ": a leaf must have feature, left and right -1");
    }
    tree.nodes.push_back(node);
  }
  return tree;
}

}  // namespace

const char* kind_name(ModelKind kind) { return kind == ModelKind::kTree ? "tree" : "forest"; }

double Model::predict(const double* row) const {
  double total = 0;
  for (const Tree& tree : trees) total += tree.predict(row);
  return total / static_cast<double>(trees.size());
}

int Model::feature_index(const std::string& name) const {
  for (std::size_t i = 0; i < feature_names.size(); ++i)
    if (feature_names[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<double> Model::predict(const Table& table, int threads) const {
  std::vector<const std::vector<double>*> columns;
  for (const std::string& name : feature_names) {
    const int index = table.feature_index(name);
    if (index < 0)
      throw Error(fmt::format("the data has no feature \"{}\"", name),
                  fmt::format("the model needs {}", fmt::join(feature_names, ", ")));
    columns.push_back(&table.columns[static_cast<std::size_t>(index)]);
  }
  // Blocks of rows, laid side by side; each tree in turn takes the whole block, so it stays in
  // cache. Each row's sum still adds the trees in order, as predict(row) does.
  const std::size_t rows = table.rows(), width = columns.size();
  std::vector<double> predicted(rows, 0.0);
  constexpr std::size_t kBlock = 1024;
  if (rows < 4 * kBlock) threads = 1;
  parallel_for((rows + kBlock - 1) / kBlock, threads, [&](std::size_t block) {
    const std::size_t begin = block * kBlock, count = std::min(rows, begin + kBlock) - begin;
    std::vector<double> values(count * width);
    for (std::size_t f = 0; f < width; ++f)
      for (std::size_t i = 0; i < count; ++i) values[i * width + f] = (*columns[f])[begin + i];
    std::vector<std::uint32_t> which(count);
    std::iota(which.begin(), which.end(), 0u);
    double* sums = predicted.data() + begin;
    for (const Tree& tree : trees) tree.add_predictions(values.data(), width, which.data(), count, sums);
    for (std::size_t i = 0; i < count; ++i) sums[i] /= static_cast<double>(trees.size());
  });
  return predicted;
}

double rmse(const std::vector<double>& predicted, const std::vector<double>& actual) {
  if (predicted.empty()) return 0.0;
  double total = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) total += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
  return std::sqrt(total / static_cast<double>(predicted.size()));
}

double r2_score(const std::vector<double>& predicted, const std::vector<double>& actual) {
  if (actual.empty()) return 0.0;
  double mean = 0;
  for (double y : actual) mean += y;
  mean /= static_cast<double>(actual.size());
  double residual = 0, spread = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
    spread += (actual[i] - mean) * (actual[i] - mean);
  }
  return spread > 0 ? 1.0 - residual / spread : 0.0;
}

json model_to_json(const Model& model) {
  json trees = json::array();
  for (const Tree& tree : model.trees) trees.push_back(tree_to_json(tree));
  return {{"format", kFormat},
          {"version", kFormatVersion},
          {"kind", kind_name(model.kind)},
          {"feature_names", model.feature_names},
          {"integer_features", model.integer_features},
          {"target", kTarget},
          {"settings", model.settings},
          {"metrics", model.metrics},
          {"importances", model.importances},
          {"trees", trees}};
}

Model model_from_json(const json& document, const std::string& source) {
  const Reader reader(source);
  if (!document.is_object() || document.value("format", "") != kFormat)
    reader.fail("not an hdl tabular model (no \"format\": \"hdl-tabular-model\")");
  Model model;
  const json& kind = reader.field(document, "kind", "the model");
  if (kind == "tree")
    model.kind = ModelKind::kTree;
  else if (kind == "forest")
    model.kind = ModelKind::kForest;
  else
    reader.fail("\"kind\" is neither \"tree\" nor \"forest\"");
  try {
    model.feature_names = reader.field(document, "feature_names", "the model").get<std::vector<std::string>>();
    model.importances = reader.field(document, "importances", "the model").get<std::vector<double>>();
    model.integer_features = document.value("integer_features", std::vector<bool>(model.feature_names.size(), false));
  } catch (const json::exception&) {
    reader.fail("\"feature_names\", \"importances\" or \"integer_features\" has the wrong type");
  }
  if (model.feature_names.empty()) reader.fail("no features");
  if (model.importances.size() != model.feature_names.size() ||
      model.integer_features.size() != model.feature_names.size())
    reader.fail("\"importances\" or \"integer_features\" does not match \"feature_names\"");
  model.settings = document.value("settings", json::object());
  model.metrics = document.value("metrics", json::object());
  const json& trees = reader.field(document, "trees", "the model");
  if (!trees.is_array() || trees.empty()) reader.fail("\"trees\" is not a non-empty array");
  for (std::size_t t = 0; t < trees.size(); ++t)
    model.trees.push_back(tree_from_json(trees[t], model.feature_names.size(), reader, fmt::format("tree {}", t)));
  return model;
}

void save_model(const Model& model, const std::filesystem::path& path) {
  write_file_atomic(path, model_to_json(model).dump() + "\n");
}

Model load_model(const std::filesystem::path& path, ModelKind expected) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw Error(fmt::format("no {} model at {}", kind_name(expected), path.string()),
                fmt::format("train one with 'hdl train {}'", kind_name(expected)));
  const std::string text = read_file(path);
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(fmt::format("{}: not valid JSON (byte {})", path.string(), e.byte),
                fmt::format("retrain it with 'hdl train {}'", kind_name(expected)));
  }
  Model model = model_from_json(document, path.string());
  if (model.kind != expected)
    throw Error(fmt::format("{} holds a {} model, not a {}", path.string(), kind_name(model.kind), kind_name(expected)),
                fmt::format("use 'hdl ... {}' with it, or give the {} model with --model", kind_name(model.kind),
                            kind_name(expected)));
  return model;
}

}  // namespace hdl::tabular
