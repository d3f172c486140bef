// From a tree to rules: each leaf's path folded into one interval per feature, leaves grouped
// by rounded value, and the agreement with the generator's true rules on fresh rows.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

#include "hdl/core/error.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/generators.hpp"
#include "hdl/tabular/forest.hpp"
#include "hdl/tabular/report.hpp"

namespace hdl::tabular {
namespace {

/// Column of each generator feature (a..f) in the model; throws when the model lacks one.
std::vector<std::size_t> generator_columns(const Model& model) {
  std::vector<std::size_t> columns;
  for (const std::string& name : gen::tabular_feature_names()) {
    const int index = model.feature_index(name);
    if (index < 0 || model.feature_names.size() != gen::kTabularFeatures)
      throw Error("the model was not trained on the generator's features a..f",
                  "rules and agreement are measured on fresh rows of 'hdl generate tabular'");
    columns.push_back(static_cast<std::size_t>(index));
  }
  return columns;
}

/// Fresh row `index` in the model's column order, and its true y.
int fresh_row(const std::vector<std::size_t>& columns, std::uint64_t seed, std::size_t index, double* row) {
  const gen::TabularRow fresh = gen::tabular_row(seed, index, Stream::kFreshRows);
  for (std::size_t j = 0; j < columns.size(); ++j) row[columns[j]] = fresh.features[j];
  return fresh.y;
}

std::string number(double value) { return fmt::format("{:g}", value); }

}  // namespace

std::string LeafRule::text(const Model& model) const {
  std::vector<std::string> parts;
  for (std::size_t f = 0; f < intervals.size(); ++f) {
    const Interval& interval = intervals[f];
    const bool has_low = std::isfinite(interval.low), has_high = std::isfinite(interval.high);
    if (!has_low && !has_high) continue;
    const std::string& name = model.feature_names[f];
    if (model.integer_features[f]) {
      // Whole numbers: x > 10.5 is x > 10, and x <= 29.5 is x < 30 (SPEC.md's style).
      const double low = std::floor(interval.low), high = std::floor(interval.high) + 1;
      if (has_low && has_high)
        parts.push_back(fmt::format("{} < {} < {}", number(low), name, number(high)));
      else if (has_low)
        parts.push_back(fmt::format("{} > {}", name, number(low)));
      else
        parts.push_back(fmt::format("{} < {}", name, number(high)));
    } else {
      if (has_low && has_high)
        parts.push_back(fmt::format("{} < {} <= {}", number(interval.low), name, number(interval.high)));
      else if (has_low)
        parts.push_back(fmt::format("{} > {}", name, number(interval.low)));
      else
        parts.push_back(fmt::format("{} <= {}", name, number(interval.high)));
    }
  }
  return parts.empty() ? "always" : fmt::format("{}", fmt::join(parts, " and "));
}

std::vector<LeafRule> leaf_rules(const Model& model, const Tree& tree) {
  std::vector<LeafRule> rules;
  // Depth-first from the root, carrying the intervals the path has narrowed so far.
  struct Step {
    int node;
    std::vector<Interval> intervals;
  };
  std::vector<Step> stack{{0, std::vector<Interval>(model.feature_names.size())}};
  while (!stack.empty()) {
    Step step = std::move(stack.back());
    stack.pop_back();
    const Node& node = tree.nodes[static_cast<std::size_t>(step.node)];
    if (node.is_leaf()) {
      rules.push_back({step.node, std::move(step.intervals), node.value, node.samples});
      continue;
    }
    const auto f = static_cast<std::size_t>(node.feature);
    Step right{node.right, step.intervals};
    right.intervals[f].low = std::max(right.intervals[f].low, node.threshold);
    Step left{node.left, std::move(step.intervals)};
    left.intervals[f].high = std::min(left.intervals[f].high, node.threshold);
    stack.push_back(std::move(right));
    stack.push_back(std::move(left));
  }
  return rules;
}

std::vector<RuleGroup> group_rules(const std::vector<LeafRule>& rules) {
  std::map<long, RuleGroup> groups;
  for (const LeafRule& rule : rules) {
    RuleGroup& group = groups[std::lround(rule.value)];
    group.rounded_value = std::lround(rule.value);
    group.rules.push_back(rule);
    group.samples += rule.samples;
  }
  std::vector<RuleGroup> ordered;
  for (auto& [value, group] : groups) {
    std::stable_sort(group.rules.begin(), group.rules.end(),
                     [](const LeafRule& a, const LeafRule& b) { return a.samples > b.samples; });
    ordered.push_back(std::move(group));
  }
  return ordered;
}

double rule_agreement(const Model& model, std::uint64_t seed, std::size_t rows, int threads) {
  const std::vector<std::size_t> columns = generator_columns(model);
  if (rows == 0) return 0.0;
  constexpr std::size_t kChunk = 8192;
  std::atomic<std::size_t> agreed{0};
  parallel_for((rows + kChunk - 1) / kChunk, threads, [&](std::size_t chunk) {
    std::vector<double> row(columns.size());
    std::size_t local = 0;
    for (std::size_t i = chunk * kChunk; i < std::min(rows, (chunk + 1) * kChunk); ++i) {
      const int truth = fresh_row(columns, seed, i, row.data());
      if (std::lround(model.predict(row.data())) == truth) ++local;
    }
    agreed += local;
  });
  return static_cast<double>(agreed) / static_cast<double>(rows);
}

Model distill_tree(const Model& model, int max_leaf_nodes, std::uint64_t seed, std::size_t rows, int threads) {
  const std::vector<std::size_t> columns = generator_columns(model);
  Table table;
  table.feature_names = model.feature_names;
  table.columns.assign(columns.size(), std::vector<double>(rows));
  table.target.resize(rows);
  // Rows [rows, 2·rows) of the fresh stream: not the ones agreement is measured on.
  parallel_for(rows, threads, [&](std::size_t i) {
    std::vector<double> row(columns.size());
    fresh_row(columns, seed, rows + i, row.data());
    for (std::size_t f = 0; f < row.size(); ++f) table.columns[f][i] = row[f];
    table.target[i] = model.predict(row.data());
  });
  TreeOptions options;
  options.max_leaf_nodes = max_leaf_nodes;
  Model tree = fit_tree(table, options, seed);
  tree.settings["distilled_from"] = kind_name(model.kind);
  return tree;
}

}  // namespace hdl::tabular
