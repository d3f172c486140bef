#pragma once
// `hdl train text`, `hdl predict text`, `hdl confusion text`, callable with their default
// options by other commands (`hdl confusion` without a challenge, `hdl run text`).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
#include "hdl/text_options.hpp"

namespace hdl::cli {

struct TrainTextOptions {
  text::TrainOptions train;  // seed, threads and progress come from the global options
  fs::path model;            // empty: DATA/models/text.pt
};

struct PredictTextOptions {
  std::vector<std::string> texts;
  fs::path model;
};

struct ConfusionTextOptions {
  fs::path on;           // empty: the validation split of DATA/sentiment_text
  fs::path png;          // empty: DATA/reports/confusion_text.png
  fs::path model;        // empty: DATA/models/text.pt
  double valid_pct = 0;  // 0: the share the model was trained with
  int top = 5;           // highest-loss texts to show
};

/// libtorch threads for the text model: one, whatever --threads says. Its tensors are too
/// small for intra-op threads to help (two threads were never faster, even with a hidden
/// size of 256), and on a busy machine OpenMP's waiting made two threads 10-40x slower
/// (measured with scripts/bench/text). So its results do not depend on --threads either.
constexpr int kTextThreads = 1;
int text_threads(const GlobalOptions& globals);

/// DATA/sentiment_text.
fs::path text_data_folder(const GlobalOptions& globals);

nlohmann::json run_train_text(const TrainTextOptions& options, const GlobalOptions& globals);
nlohmann::json run_predict_text(const PredictTextOptions& options, const GlobalOptions& globals);
nlohmann::json run_confusion_text(const ConfusionTextOptions& options, const GlobalOptions& globals);

}  // namespace hdl::cli
