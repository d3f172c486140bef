#include "hdl/tabular/tree.hpp"

#include <algorithm>

namespace hdl::tabular {

int Tree::leaf_of(const double* row) const {
  int index = 0;
  while (!nodes[static_cast<std::size_t>(index)].is_leaf()) {
    const Node& node = nodes[static_cast<std::size_t>(index)];
    index = row[node.feature] <= node.threshold ? node.left : node.right;
  }
  return index;
}

std::vector<int> Tree::path_of(const double* row) const {
  std::vector<int> path{0};
  while (!nodes[static_cast<std::size_t>(path.back())].is_leaf()) {
    const Node& node = nodes[static_cast<std::size_t>(path.back())];
    path.push_back(row[node.feature] <= node.threshold ? node.left : node.right);
  }
  return path;
}

int Tree::leaves() const {
  return static_cast<int>(std::count_if(nodes.begin(), nodes.end(), [](const Node& node) { return node.is_leaf(); }));
}

int Tree::depth() const {
  int deepest = 0;
  for (const Node& node : nodes) deepest = std::max(deepest, node.depth);
  return deepest;
}

int FeatureShare::resolve(int total) const {
  const int wanted = count > 0 ? count : static_cast<int>(fraction * total);
  return std::clamp(wanted, 1, std::max(1, total));
}

}  // namespace hdl::tabular
