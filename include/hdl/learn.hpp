#pragma once
// What the two neural-network challenges (images, text) share: torch set-up, fastai's
// one-cycle schedule, the epoch table, and the confusion matrix with its report and heat map.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hdl::learn {

namespace fs = std::filesystem;

/// Threads for libtorch (Debian's uses one unless told) and the seed of its generator.
void configure_torch(int threads, std::uint64_t seed);

// ---- fastai's fit_one_cycle -----------------------------------------------------------

/// Learning rate and Adam beta1 for each step of a one-cycle run, as fastai's
/// fit_one_cycle: the rate warms up from max_lr/div to max_lr over the first pct_start of
/// the steps (cosine), then anneals to max_lr/final_div (cosine); beta1 moves the
/// other way, 0.95 -> 0.85 -> 0.95.
class OneCycle {
 public:
  OneCycle(double max_lr, std::size_t total_steps, double pct_start = 0.25, double div = 25.0,
           double final_div = 1e5);
  double lr(std::size_t step) const;
  double beta1(std::size_t step) const;
  /// Sets lr and betas of every parameter group of `optimizer` for `step`; group g's rate is
  /// scaled by `group_factors[g]` when given (discriminative rates, one factor a group).
  void apply(torch::optim::AdamW& optimizer, std::size_t step, const std::vector<double>& group_factors = {}) const;
  std::size_t total_steps() const { return total_steps_; }

 private:
  double max_lr_, pct_start_, div_, final_div_;
  std::size_t total_steps_;
};

// ---- the epoch table ------------------------------------------------------------------

struct EpochStats {
  int epoch = 0;  // from 0, as fastai prints
  double train_loss = 0;
  double valid_loss = 0;
  double accuracy = 0;
  double seconds = 0;
};
nlohmann::json to_json(const EpochStats& stats);

/// Prints fastai's table, `epoch  train_loss  valid_loss  accuracy  time`, one row at a time.
class EpochTable {
 public:
  explicit EpochTable(bool enabled) : enabled_(enabled) {}
  void row(const EpochStats& stats);

 private:
  bool enabled_;
  bool header_printed_ = false;
};

// ---- the confusion matrix -------------------------------------------------------------

struct ConfusedPair {
  std::string actual, predicted;
  std::int64_t count = 0;
};

struct Confusion {
  std::vector<std::string> classes;
  std::vector<std::vector<std::int64_t>> matrix;  // [actual][predicted]

  std::int64_t total() const;
  std::int64_t correct() const;
  double accuracy() const;  // 0 when there is nothing to judge
  /// Off-diagonal cells with at least `min_count`, largest first (fastai's most_confused).
  std::vector<ConfusedPair> most_confused(std::int64_t min_count = 1) const;
};

/// Counts (actual, predicted) label pairs; labels index into `classes`.
Confusion confusion_from(const std::vector<std::int64_t>& actual, const std::vector<std::int64_t>& predicted,
                         std::vector<std::string> classes);

/// The matrix as a terminal table, actual rows × predicted columns.
std::string confusion_table(const Confusion& confusion);

/// {"classes", "matrix", "accuracy", "total", "most_confused"}.
nlohmann::json to_json(const Confusion& confusion);

/// A PNG heat map with counts and class names, written atomically.
void write_confusion_png(const Confusion& confusion, const fs::path& file, const std::string& title);

/// One judged item with its loss, for fastai's "top losses".
struct ItemLoss {
  std::string item;  // a file name or a text
  std::int64_t actual = 0, predicted = 0;
  double loss = 0;         // cross-entropy of the actual class
  double probability = 0;  // of the predicted class
};

/// The `k` items with the highest loss, highest first (ties keep input order).
std::vector<ItemLoss> top_losses(std::vector<ItemLoss> items, std::size_t k);

/// What `hdl confusion` prints for a classifier: the matrix, the accuracy, the most-confused
/// pairs and the highest-loss items (`item_label` names them: "file", "text").
std::string confusion_report(const Confusion& confusion, const std::vector<ItemLoss>& top,
                             const std::string& item_label);

/// The highest-loss items as JSON: [{item_label, "actual", "predicted", "loss", "probability"}].
nlohmann::json to_json(const std::vector<ItemLoss>& top, const std::vector<std::string>& classes,
                       const std::string& item_label);

}  // namespace hdl::learn
