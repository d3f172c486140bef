#include "hdl/tabular/tree.hpp"

#include <algorithm>

namespace hdl::tabular {
namespace {

/// The child of split node `node` that a row with `x` in its feature goes to: left when
/// x <= threshold, else right (NaN too). Arithmetic, not a branch: which way a row goes is a
/// coin toss to the processor.
inline int child_of(const Node& node, double x) {
  const int right = static_cast<int>(!(x <= node.threshold));
  return node.left + right * (node.right - node.left);
}

}  // namespace

int Tree::leaf_of(const double* row) const {
  int index = 0;
  while (!nodes[static_cast<std::size_t>(index)].is_leaf()) {
    const Node& node = nodes[static_cast<std::size_t>(index)];
    index = child_of(node, row[node.feature]);
  }
  return index;
}

void Tree::add_predictions(const double* rows, std::size_t width, const std::uint32_t* which, std::size_t count,
                           double* sums) const {
  constexpr std::size_t kLanes = 8;
  const Node* node = nodes.data();
  std::size_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    const std::uint32_t* lane_rows = which + i;
    int at[kLanes] = {};
    for (bool moving = true; moving;) {  // one level of every lane per pass
      moving = false;
      for (std::size_t k = 0; k < kLanes; ++k) {
        const Node& here = node[at[k]];
        if (here.feature < 0) continue;
        at[k] = child_of(here, rows[lane_rows[k] * width + static_cast<std::size_t>(here.feature)]);
        moving = true;
      }
    }
    for (std::size_t k = 0; k < kLanes; ++k) sums[lane_rows[k]] += node[at[k]].value;
  }
  for (; i < count; ++i) sums[which[i]] += predict(rows + which[i] * width);
}

std::vector<int> Tree::path_of(const double* row) const {
  std::vector<int> path{0};
  while (!nodes[static_cast<std::size_t>(path.back())].is_leaf()) {
    const Node& node = nodes[static_cast<std::size_t>(path.back())];
    path.push_back(child_of(node, row[node.feature]));
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
