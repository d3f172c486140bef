#pragma once
// Fitting: one decision tree, or a random forest of bootstrapped trees grown in parallel.
#include <cstdint>

#include "hdl/tabular/model.hpp"
#include "hdl/tabular/table.hpp"
#include "hdl/tabular/tree.hpp"

namespace hdl::tabular {

struct ForestOptions {
  int n_trees = 40;
  std::size_t max_samples = 8000;  // bootstrap rows per tree; 0 or more than the rows: all rows
  TreeOptions tree = [] {
    TreeOptions defaults;
    defaults.min_samples_leaf = 5;
    defaults.max_features.fraction = 0.5;
    return defaults;
  }();
  bool oob_score = true;  // out-of-bag predictions, RMSE and R²
};

/// What fitting measured besides the model.
struct FitReport {
  double fit_seconds = 0;      // binning and growing the trees (wall clock)
  double fit_cpu_seconds = 0;  // the same, in processor time of all threads
  double oob_seconds = 0;  // out-of-bag predictions (forest)
};

/// Fits one tree on every row of `train`. `seed` drives the feature draws (used only when
/// max_features leaves some out). `threads` share the binning; the tree grows on one.
Model fit_tree(const Table& train, const TreeOptions& options, std::uint64_t seed, FitReport* report = nullptr,
               int threads = 1);

/// Fits a forest on every row of `train`. Tree t is seeded by
/// derive_seed(seed, Stream::kForestTrees, t), so the forest is the same for any `threads`.
Model fit_forest(const Table& train, const ForestOptions& options, std::uint64_t seed, int threads,
                 FitReport* report = nullptr);

}  // namespace hdl::tabular
