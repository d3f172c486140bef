// Fitting: bin the training table once, then grow one tree, or many on bootstrap samples in
// parallel, each from its own seed.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "binned.hpp"
#include "builder.hpp"
#include "hdl/core/error.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/core/random.hpp"
#include "hdl/core/row_set.hpp"
#include "hdl/tabular/forest.hpp"
#include "uniform.hpp"

namespace hdl::tabular {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// Processor time of the whole process (every thread) since `start`, from std::clock().
double cpu_seconds_since(std::clock_t start) {
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

void check_trainable(const Table& train) {
  if (train.rows() == 0) throw Error("no training rows", "generate data with 'hdl generate tabular'");
  if (train.target.size() != train.rows()) throw Error("the training table has no target column y");
  if (train.rows() > std::numeric_limits<std::uint32_t>::max()) throw Error("too many rows for one table");
}

/// Scales importances to sum to 1 (all zero stays zero: a tree with no split).
std::vector<double> normalised(std::vector<double> values) {
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  if (total > 0)
    for (double& value : values) value /= total;
  return values;
}

nlohmann::json tree_settings(const TreeOptions& options) {
  return {{"max_leaf_nodes", options.max_leaf_nodes},
          {"max_depth", options.max_depth},
          {"min_samples_split", options.min_samples_split},
          {"min_samples_leaf", options.min_samples_leaf},
          {"max_features", options.max_features.count > 0 ? nlohmann::json(options.max_features.count)
                                                          : nlohmann::json(options.max_features.fraction)}};
}

Model empty_model(ModelKind kind, const Table& train, const detail::BinnedTable& binned) {
  Model model;
  model.kind = kind;
  model.feature_names = train.feature_names;
  model.integer_features = binned.layout->integer_features;
  return model;
}

std::vector<bool> whole_number_features(const Table& table) {
  std::vector<bool> whole;
  for (const auto& column : table.columns) {
    detail::ValueRange range;
    range.add(column.data(), column.size());
    whole.push_back(range.whole);
  }
  return whole;
}

/// Sorts row numbers by their bits, eleven at a time: far quicker than comparisons for the
/// few thousand rows of a bootstrap sample.
void radix_sort(std::vector<std::uint32_t>& values) {
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::vector<std::uint32_t> scratch(values.size());
  std::vector<std::size_t> starts(kBuckets);
  for (int shift = 0; shift < 32; shift += kBits) {
    std::fill(starts.begin(), starts.end(), 0);
    for (auto value : values) starts[(value >> shift) & (kBuckets - 1)] += 1;
    std::size_t total = 0;
    for (auto& start : starts) total += std::exchange(start, total);
    for (auto value : values) scratch[starts[(value >> shift) & (kBuckets - 1)]++] = value;
    values.swap(scratch);
  }
}

/// The distinct rows of `drawn` (ascending) and how often each was drawn.
void distinct_rows(const std::vector<std::uint32_t>& drawn, std::size_t rows, std::vector<std::uint32_t>& distinct,
                   std::vector<std::uint32_t>& counts) {
  distinct.clear();
  counts.clear();
  if (rows <= 4 * drawn.size()) {
    std::vector<std::uint32_t> tally(rows, 0);
    for (auto row : drawn) tally[row] += 1;
    // Branch-free: a third to three quarters of the rows are not drawn (draws from as many
    // rows to four times as many), too often for a branch to guess.
    distinct.resize(rows);
    counts.resize(rows);
    std::size_t kept = 0;
    for (std::size_t row = 0; row < rows; ++row) {
      distinct[kept] = static_cast<std::uint32_t>(row);
      counts[kept] = tally[row];
      kept += static_cast<std::size_t>(tally[row] != 0);
    }
    distinct.resize(kept);
    counts.resize(kept);
    return;
  }
  std::vector<std::uint32_t> sorted = drawn;
  radix_sort(sorted);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i] == sorted[i - 1]) {
      counts.back() += 1;
    } else {
      distinct.push_back(sorted[i]);
      counts.push_back(1);
    }
  }
}

}  // namespace

Model fit_tree(const Table& train, const TreeOptions& options, std::uint64_t seed, FitReport* report, int threads) {
  check_trainable(train);
  const auto start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  const detail::BinnedTable binned = detail::bin_table(train, threads);
  std::vector<std::uint32_t> rows(train.rows());
  std::iota(rows.begin(), rows.end(), 0u);
  Rng rng(derive_seed(seed, Stream::kForestTrees, 0));
  std::vector<double> importance;
  Tree tree = detail::build_tree(binned, rows, options, rng, importance);
  if (report != nullptr) {
    report->fit_seconds = seconds_since(start);
    report->fit_cpu_seconds = cpu_seconds_since(cpu_start);
  }
  Model model = empty_model(ModelKind::kTree, train, binned);
  model.trees.push_back(std::move(tree));
  model.importances = normalised(importance);
  model.settings = tree_settings(options);
  model.settings["seed"] = seed;
  model.settings["train_rows"] = train.rows();
  return model;
}

Model fit_forest(const Table& train, const ForestOptions& options, std::uint64_t seed, int threads, FitReport* report) {
  check_trainable(train);
  if (options.n_trees < 1) throw UsageError("a forest needs at least one tree", "for example --trees 40");
  const auto start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  std::vector<Tree> forest_trees(static_cast<std::size_t>(options.n_trees));
  const std::size_t rows = train.rows();
  const std::size_t draws = (options.max_samples == 0 || options.max_samples > rows) ? rows : options.max_samples;
  const auto trees = static_cast<std::size_t>(options.n_trees);
  // What each tree works on. Threads touch only their own tree's entry; the entries are
  // cache-line aligned, so that two threads never write to the same line (false sharing
  // doubled the time of the bootstrap draws on two threads).
  struct alignas(64) TreeWork {
    Rng rng;
    std::vector<std::uint32_t> sample;  // the tree's distinct rows, ascending
    std::vector<std::uint32_t> weight;  // how often each was drawn
    std::vector<double> importance;
    explicit TreeWork(Rng generator) : rng(generator) {}
  };
  std::vector<TreeWork> work;
  work.reserve(trees);
  for (std::size_t t = 0; t < trees; ++t) work.emplace_back(Rng(derive_seed(seed, Stream::kForestTrees, t)));

  // 1. Tree t draws its bootstrap sample from its own generator, seeded by (seed, t), and
  //    keeps the generator for its feature draws. A row drawn k times is kept once with
  //    weight k: the same tree, fewer rows to move.
  parallel_for(trees, threads, [&](std::size_t t) {
    TreeWork& tree = work[t];
    Rng rng = tree.rng;  // a local copy: the hot state lives in a register, not in shared memory
    std::vector<std::uint32_t> drawn(draws);
    for (auto& row : drawn) row = static_cast<std::uint32_t>(detail::uniform_below(rng, rows));
    distinct_rows(drawn, rows, tree.sample, tree.weight);
    tree.rng = rng;
  });

  // 2. Only rows some tree drew are binned: a third of them when 40 trees draw 8000 of 800,000.
  RowSet drawn(rows);
  for (const auto& tree : work)
    for (auto row : tree.sample) drawn.insert(row);
  drawn.index();
  const bool every_row = drawn.size() == rows;
  const std::vector<std::uint32_t> drawn_rows = every_row ? std::vector<std::uint32_t>() : drawn.members();
  const detail::BinnedTable binned = detail::bin_table(train, threads, every_row ? nullptr : &drawn_rows);

  // 3. The trees, each on a compact copy of its sample.
  parallel_for(trees, threads, [&](std::size_t t) {
    TreeWork& tree = work[t];
    std::vector<std::uint32_t> binned_rows(tree.sample.size());
    for (std::size_t i = 0; i < binned_rows.size(); ++i) binned_rows[i] = drawn.rank(tree.sample[i]);
    const detail::BinnedTable sample = binned.sample(binned_rows, std::move(tree.weight));
    std::vector<std::uint32_t> local(tree.sample.size());
    std::iota(local.begin(), local.end(), 0u);
    Rng rng = tree.rng;
    std::vector<double> importance;
    forest_trees[t] = detail::build_tree(sample, local, options.tree, rng, importance);
    tree.importance = normalised(std::move(importance));
  });
  const double fit_seconds = seconds_since(start);
  const double fit_cpu_seconds = cpu_seconds_since(cpu_start);
  Model model;
  model.kind = ModelKind::kForest;
  model.feature_names = train.feature_names;
  // Whole-number features, for rules: of every training row, not only the drawn ones.
  model.integer_features = every_row ? binned.layout->integer_features : whole_number_features(train);
  model.trees = std::move(forest_trees);

  std::vector<double> mean_importance(train.features(), 0.0);
  for (const auto& tree : work)
    for (std::size_t f = 0; f < mean_importance.size(); ++f) mean_importance[f] += tree.importance[f] / trees;
  model.importances = normalised(mean_importance);

  model.settings = tree_settings(options.tree);
  model.settings.update({{"n_trees", options.n_trees},
                         {"max_samples", options.max_samples},
                         {"bootstrap", true},
                         {"seed", seed},
                         {"train_rows", rows}});

  const auto oob_start = Clock::now();
  if (options.oob_score) {
    // Each row is predicted by the trees that did not see it; rows every tree saw are left out.
    std::vector<std::vector<std::uint8_t>> in_bag(trees, std::vector<std::uint8_t>(rows, 0));
    parallel_for(trees, threads, [&](std::size_t t) {
      for (auto row : work[t].sample) in_bag[t][row] = 1;
    });
    std::vector<double> predicted(rows, 0.0);
    std::vector<std::uint32_t> votes(rows, 0);
    // Blocks of rows side by side; each tree takes the rows of the block it did not see, in
    // tree order, so that each row's sum adds its trees in order.
    constexpr std::size_t kChunk = 4096;
    const std::size_t width = train.features();
    parallel_for((rows + kChunk - 1) / kChunk, threads, [&](std::size_t chunk) {
      const std::size_t begin = chunk * kChunk, end = std::min(rows, begin + kChunk);
      std::vector<double> values((end - begin) * width);
      for (std::size_t f = 0; f < width; ++f)
        for (std::size_t row = begin; row < end; ++row) values[(row - begin) * width + f] = train.columns[f][row];
      std::vector<std::uint32_t> unseen;
      for (std::size_t t = 0; t < trees; ++t) {
        unseen.clear();
        for (std::size_t row = begin; row < end; ++row)
          if (!in_bag[t][row]) unseen.push_back(static_cast<std::uint32_t>(row - begin));
        model.trees[t].add_predictions(values.data(), width, unseen.data(), unseen.size(), predicted.data() + begin);
        for (const auto i : unseen) votes[begin + i] += 1;
      }
    });
    std::vector<double> oob_predicted, oob_actual;
    for (std::size_t row = 0; row < rows; ++row) {
      if (votes[row] == 0) continue;
      oob_predicted.push_back(predicted[row] / votes[row]);
      oob_actual.push_back(train.target[row]);
    }
    if (!oob_predicted.empty()) {
      model.metrics["oob_rmse"] = rmse(oob_predicted, oob_actual);
      model.metrics["oob_r2"] = r2_score(oob_predicted, oob_actual);
      model.metrics["oob_rows"] = oob_predicted.size();
    }
  }
  if (report != nullptr) {
    report->fit_seconds = fit_seconds;
    report->fit_cpu_seconds = fit_cpu_seconds;
    report->oob_seconds = seconds_since(oob_start);
  }
  return model;
}

}  // namespace hdl::tabular
