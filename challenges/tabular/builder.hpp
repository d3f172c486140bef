#pragma once
// The builder owns the stopping rules and the order of growth: depth-first, or best-first
// (largest impurity decrease first) when max_leaf_nodes is set, as scikit-learn's builders.
#include <cstdint>
#include <vector>

#include "binned.hpp"
#include "hdl/core/random.hpp"
#include "hdl/tabular/tree.hpp"

namespace hdl::tabular::detail {

/// Grows a tree on the rows listed in `rows` (repeats allowed: a bootstrap sample).
/// `rows` is reordered. Adds each split's impurity decrease to `importance[feature]`.
Tree build_tree(const BinnedTable& data, std::vector<std::uint32_t>& rows, const TreeOptions& options, Rng& rng,
                std::vector<double>& importance);

}  // namespace hdl::tabular::detail
