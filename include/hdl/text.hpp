#pragma once
// Challenge 2: a sentiment classifier for short texts, as the original's fastai
// `text_classifier_learner` (optionally on top of a `language_model_learner`, ULMFiT):
// word tokens → embedding → LSTM → fastai's pooling head (last hidden state, max- and
// mean-pool over time, padding ignored), trained with AdamW and a one-cycle schedule.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hdl/learn.hpp"
#include "hdl/text_options.hpp"

namespace hdl::text {

namespace fs = std::filesystem;

// ---- tokens and vocabulary --------------------------------------------------------------

/// Lower-cased words: runs of letters and apostrophes; everything else separates. Bytes of
/// UTF-8 multi-byte characters count as letters, so non-English words stay whole.
std::vector<std::string> tokenize(std::string_view text);

class Vocabulary {
 public:
  static constexpr std::int64_t kUnk = 0;  // fastai's xxunk
  static constexpr std::int64_t kPad = 1;  // fastai's xxpad
  static constexpr const char* kUnkToken = "<unk>";
  static constexpr const char* kPadToken = "<pad>";

  /// The words of `texts` seen at least `min_freq` times, most frequent first (ties in
  /// alphabetical order), after `<unk>` and `<pad>`.
  static Vocabulary build(const std::vector<std::vector<std::string>>& texts, int min_freq);

  /// From a saved word list, which must start with `<unk>`, `<pad>`.
  explicit Vocabulary(std::vector<std::string> words);

  std::int64_t index(const std::string& word) const;  // kUnk when unknown
  std::vector<std::int64_t> encode(const std::vector<std::string>& tokens) const;
  const std::vector<std::string>& words() const { return words_; }
  std::int64_t size() const { return static_cast<std::int64_t>(words_.size()); }

 private:
  std::vector<std::string> words_;
  std::unordered_map<std::string, std::int64_t> index_;
};

// ---- data -------------------------------------------------------------------------------

struct TextItem {
  fs::path file;
  std::string text;
  std::vector<std::string> tokens;  // never empty
  std::int64_t label = 0;
};

struct Corpus {
  fs::path folder;
  std::vector<std::string> classes;  // sorted sub-folder names
  std::vector<TextItem> items;       // class by class, files in name order
};

/// Reads `folder/<class>/*.txt`, classes from the sorted sub-folder names. Throws
/// hdl::Error for a missing folder, fewer than two classes, a class without texts, or a
/// text without words.
Corpus load_corpus(const fs::path& folder);

/// The same, for judging a trained model: every sub-folder must be one of `classes`, and
/// labels index into `classes`.
Corpus load_corpus(const fs::path& folder, const std::vector<std::string>& classes);

// ---- the networks -----------------------------------------------------------------------

struct ModelConfig {
  std::int64_t vocab_size = 2;
  std::int64_t embedding = 32;
  std::int64_t hidden = 64;
  std::int64_t layers = 1;
  double dropout = 0.1;
  std::int64_t classes = 2;
};

/// embedding → dropout → LSTM (run by fused_lstm), shared by the language model and the
/// classifier.
class EncoderImpl : public torch::nn::Module {
 public:
  explicit EncoderImpl(const ModelConfig& config);
  /// tokens [batch, time] → LSTM outputs of the top layer [batch, time, hidden].
  torch::Tensor forward(const torch::Tensor& tokens);

  torch::nn::Embedding embedding{nullptr};
  torch::nn::Dropout input_dropout{nullptr};
  torch::nn::LSTM lstm{nullptr};
};
TORCH_MODULE(Encoder);

/// The output of the top layer, [batch, time, hidden], of the batch-first LSTM `lstm` on
/// `input` [batch, time, features], from zero states: the same arithmetic as
/// torch::nn::LSTM with its parameters (gates in its order: input, forget, cell, output;
/// dropout between layers when training), but each step's gate activations and cell update
/// are one autograd node with a hand-written gradient: far fewer tensor operations per step.
torch::Tensor fused_lstm(torch::nn::LSTM& lstm, const torch::Tensor& input, bool training);

/// fastai's PoolingLinearClassifier: [last, max-pool, mean-pool] → BatchNorm → Dropout →
/// Linear(50) → ReLU → BatchNorm → Dropout → Linear(classes). Padded steps are ignored.
class ClassifierImpl : public torch::nn::Module {
 public:
  explicit ClassifierImpl(const ModelConfig& config);
  /// tokens [batch, time] padded at the end, lengths [batch] ≥ 1 → logits [batch, classes].
  torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths);

  Encoder encoder{nullptr};
  torch::nn::Sequential head{nullptr};
};
TORCH_MODULE(Classifier);

/// The ULMFiT language model: the encoder and a decoder to the vocabulary.
class LanguageModelImpl : public torch::nn::Module {
 public:
  explicit LanguageModelImpl(const ModelConfig& config);
  /// tokens [batch, time] → next-word logits [batch, time, vocab].
  torch::Tensor forward(const torch::Tensor& tokens);

  Encoder encoder{nullptr};
  torch::nn::Dropout output_dropout{nullptr};
  torch::nn::Linear decoder{nullptr};
};
TORCH_MODULE(LanguageModel);

/// A batch of texts padded at the end with Vocabulary::kPad.
struct Batch {
  torch::Tensor tokens;   // [batch, time] int64
  torch::Tensor lengths;  // [batch] int64
  torch::Tensor labels;   // [batch] int64
};
Batch make_batch(const std::vector<std::vector<std::int64_t>>& texts, const std::vector<std::int64_t>& labels);

// ---- a trained model --------------------------------------------------------------------

/// What the model was trained on, so `confusion` judges the same validation split.
struct SplitInfo {
  std::uint64_t seed = 42;
  double valid_pct = 0.2;
  std::size_t items = 0;
};

struct TextModel {
  Vocabulary vocabulary{{Vocabulary::kUnkToken, Vocabulary::kPadToken}};
  std::vector<std::string> classes;
  ModelConfig config;
  SplitInfo split;
  bool pretrained_lm = false;
  Classifier net{nullptr};
};

/// Writes the weights, vocabulary, class names and configuration to one libtorch archive,
/// through a temporary file and a rename.
void save_model(const TextModel& model, const fs::path& file);
/// Reads what save_model wrote. Throws hdl::Error with a hint when missing or corrupt.
TextModel load_model(const fs::path& file);

// ---- training ---------------------------------------------------------------------------

/// One epoch of the language model: next-word loss, accuracy and perplexity on the
/// validation texts.
struct LmEpochStats {
  int epoch = 0;
  double train_loss = 0, valid_loss = 0, accuracy = 0, perplexity = 0, seconds = 0;
};
nlohmann::json to_json(const LmEpochStats& stats);

struct TrainReport {
  std::vector<LmEpochStats> lm_epochs;
  std::vector<learn::EpochStats> epochs;
  std::size_t train_items = 0, valid_items = 0;
  double seconds = 0;
};

struct TrainCallbacks {
  std::function<void(const LmEpochStats&)> on_lm_epoch;
  std::function<void(const learn::EpochStats&)> on_epoch;
};

/// Throws hdl::UsageError naming the first option out of range.
void validate(const TrainOptions& options);

/// Trains a classifier on `corpus` (the split from options.seed and valid_pct), calling the
/// callbacks after each epoch. Throws hdl::UsageError for options out of range.
TextModel train(const Corpus& corpus, const TrainOptions& options, TrainReport& report,
                const TrainCallbacks& callbacks = {});

// ---- prediction -------------------------------------------------------------------------

struct Prediction {
  std::int64_t index = 0;
  std::vector<double> probs;  // one per class
};

/// Class probabilities of tokenized texts (each with at least one token), in batches.
std::vector<Prediction> predict(TextModel& model, const std::vector<std::vector<std::string>>& texts,
                                int batch_size = 256);

/// A folder judged by a model: the confusion matrix and every item's loss.
struct Judgement {
  learn::Confusion confusion;
  std::vector<learn::ItemLoss> items;
};
Judgement judge(TextModel& model, const std::vector<const TextItem*>& items);

}  // namespace hdl::text
