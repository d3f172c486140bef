// A tree as text (scikit-learn's export_text, with n and value) and as Graphviz dot.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hdl/tabular/report.hpp"

namespace hdl::tabular {
namespace {

/// Fill colour of a node: pale to strong orange with its value, as scikit-learn's plots.
std::string value_colour(double value, double low, double high) {
  const double share = high > low ? (value - low) / (high - low) : 0.5;
  const auto mix = [&](int pale, int strong) { return static_cast<int>(std::lround(pale + (strong - pale) * share)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0xfd, 0xe5), mix(0xf0, 0x81), mix(0xe6, 0x3c));
}

}  // namespace

std::string tree_text(const Model& model, int decimals) {
  const Tree& tree = model.trees.front();
  std::string out;
  // A split prints both its branches: "<= t" then its left subtree, "> t" then its right.
  auto walk = [&](auto&& self, int index, int depth) -> void {
    const Node& node = tree.nodes[static_cast<std::size_t>(index)];
    std::string indent;
    for (int i = 0; i < depth; ++i) indent += "|   ";
    if (node.is_leaf()) {
      out += fmt::format("{}|--- value: [{:.{}f}]  n={}\n", indent, node.value, decimals, node.samples);
      return;
    }
    const std::string& name = model.feature_names[static_cast<std::size_t>(node.feature)];
    out += fmt::format("{}|--- {} <= {:.{}f}\n", indent, name, node.threshold, decimals);
    self(self, node.left, depth + 1);
    out += fmt::format("{}|--- {} >  {:.{}f}\n", indent, name, node.threshold, decimals);
    self(self, node.right, depth + 1);
  };
  walk(walk, 0, 0);
  return out;
}

std::string tree_dot(const Model& model) {
  const Tree& tree = model.trees.front();
  double low = tree.nodes.front().value, high = low;
  for (const Node& node : tree.nodes) {
    low = std::min(low, node.value);
    high = std::max(high, node.value);
  }
  std::string out =
      "digraph Tree {\nnode [shape=box, style=\"filled, rounded\", fontname=\"helvetica\"];\n"
      "edge [fontname=\"helvetica\"];\n";
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    const Node& node = tree.nodes[i];
    std::string label;
    if (!node.is_leaf())
      label = fmt::format("{} <= {:g}\\n", model.feature_names[static_cast<std::size_t>(node.feature)], node.threshold);
    label +=
        fmt::format("squared_error = {:.3f}\\nsamples = {}\\nvalue = {:.3f}", node.impurity, node.samples, node.value);
    out += fmt::format("{} [label=\"{}\", fillcolor=\"{}\"];\n", i, label, value_colour(node.value, low, high));
    if (node.is_leaf()) continue;
    const bool root = i == 0;
    out += fmt::format("{} -> {}{};\n", i, node.left,
                       root ? " [labeldistance=2.5, labelangle=45, headlabel=\"True\"]" : "");
    out += fmt::format("{} -> {}{};\n", i, node.right,
                       root ? " [labeldistance=2.5, labelangle=-45, headlabel=\"False\"]" : "");
  }
  out += "}\n";
  return out;
}

}  // namespace hdl::tabular
