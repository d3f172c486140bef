#pragma once
// Turning a tree into words and pictures: simplified rules per leaf, scikit-learn's
// export_text, Graphviz dot, and a self-contained SVG in the manner of dtreeviz.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "hdl/tabular/model.hpp"
#include "hdl/tabular/table.hpp"

namespace hdl::tabular {

/// The set of values of one feature a leaf's path allows: (low, high].
struct Interval {
  double low = -std::numeric_limits<double>::infinity();  // x > low
  double high = std::numeric_limits<double>::infinity();  // x <= high
};

/// One leaf as a rule: one interval per feature that its path constrains.
struct LeafRule {
  int leaf = 0;
  std::vector<Interval> intervals;  // per feature of the model
  double value = 0;
  std::size_t samples = 0;
  /// "10 < c < 30 and b > 50" (integer features in the style of SPEC.md's rules).
  std::string text(const Model& model) const;
};

std::vector<LeafRule> leaf_rules(const Model& model, const Tree& tree);

/// Rules grouped by the leaf value rounded to a whole number.
struct RuleGroup {
  long rounded_value = 0;
  std::vector<LeafRule> rules;
  std::size_t samples = 0;
};
std::vector<RuleGroup> group_rules(const std::vector<LeafRule>& rules);

/// Share of `rows` fresh generator rows (hdl::gen::tabular_row with Stream::kFreshRows) on
/// which the rounded prediction equals the true y. The model must have features a..f.
double rule_agreement(const Model& model, std::uint64_t seed, std::size_t rows, int threads);

/// A tree that imitates `model` (a forest): fitted best-first with `max_leaf_nodes` leaves on
/// `rows` fresh generator rows labelled by the model's predictions, so a forest too can be read
/// as a few rules. The model must have features a..f.
Model distill_tree(const Model& model, int max_leaf_nodes, std::uint64_t seed, std::size_t rows, int threads);

/// scikit-learn's export_text, with n and value at each leaf.
std::string tree_text(const Model& model, int decimals = 2);
/// Graphviz dot.
std::string tree_dot(const Model& model);

struct SvgOptions {
  std::vector<double> path_row;  // when not empty: highlight this row's way down
  std::size_t max_points = 300;  // scatter points drawn per node (an even sample)
};
/// A self-contained SVG: every split node shows its training rows as y against the split
/// feature with the threshold; every leaf its y histogram, value and n. `train` are the rows
/// the tree was trained on.
std::string tree_svg(const Model& model, const Table& train, const SvgOptions& options);

}  // namespace hdl::tabular
