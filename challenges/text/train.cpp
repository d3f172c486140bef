// Training: the classifier from scratch, or ULMFiT — a language model on the corpus first,
// then the classifier on its encoder with gradual unfreezing — each stage one fastai
// fit_one_cycle with AdamW.
#include <fmt/core.h>

#include <chrono>
#include <cmath>

#include "hdl/core/error.hpp"
#include "hdl/core/progress.hpp"
#include "hdl/core/random.hpp"
#include "hdl/core/split.hpp"
#include "hdl/text.hpp"

namespace hdl::text {
namespace {

using Clock = std::chrono::steady_clock;
using Params = std::vector<torch::Tensor>;

/// ULMFiT's discriminative learning rates: each layer group learns 2.6× slower than the
/// one above it.
constexpr double kLayerLrDivisor = 2.6;
/// Adam's second-moment decay and epsilon, as fastai sets them.
constexpr double kBeta2 = 0.99;
constexpr double kAdamEps = 1e-5;
/// Batches evaluated at once on the validation split (no gradients, so larger is cheaper).
constexpr std::size_t kEvalBatch = 512;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

void validate(const TrainOptions& options) {
  auto check = [](bool ok, const std::string& what, const std::string& hint) {
    if (!ok) throw UsageError(what, hint);
  };
  check(options.epochs >= 1 && options.epochs <= 10000, fmt::format("--epochs {} is out of range", options.epochs),
        "give from 1 to 10000 epochs");
  check(options.lm_epochs >= 1 && options.lm_epochs <= 10000,
        fmt::format("--lm-epochs {} is out of range", options.lm_epochs), "give from 1 to 10000 epochs");
  check(options.batch_size >= 2 && options.batch_size <= 65536,
        fmt::format("--batch-size {} is out of range", options.batch_size),
        "give from 2 to 65536 texts per batch (batch norm needs two)");
  check(options.lr > 0 && options.lr <= 10, fmt::format("--lr {} is out of range", options.lr),
        "give a rate in (0, 10]");
  check(options.lm_lr > 0 && options.lm_lr <= 10, fmt::format("--lm-lr {} is out of range", options.lm_lr),
        "give a rate in (0, 10]");
  check(options.embedding >= 1 && options.embedding <= 4096,
        fmt::format("--embedding {} is out of range", options.embedding), "give from 1 to 4096");
  check(options.hidden >= 1 && options.hidden <= 4096, fmt::format("--hidden {} is out of range", options.hidden),
        "give from 1 to 4096");
  check(options.layers >= 1 && options.layers <= 16, fmt::format("--layers {} is out of range", options.layers),
        "give from 1 to 16");
  check(options.dropout >= 0 && options.dropout < 1, fmt::format("--dropout {} is out of range", options.dropout),
        "give a probability in [0, 1)");
  check(options.word_dropout >= 0 && options.word_dropout < 1,
        fmt::format("--word-dropout {} is out of range", options.word_dropout), "give a share in [0, 1)");
  check(options.min_freq >= 1, fmt::format("--min-freq {} is out of range", options.min_freq), "give 1 or more");
  check(options.valid_pct > 0 && options.valid_pct < 1,
        fmt::format("--valid-pct {} is out of range", options.valid_pct), "give a share in (0, 1), such as 0.2");
}

namespace {

/// 0..n-1 in order.
std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  return order;
}

/// 0..n-1 in a seeded order (our own Fisher–Yates, so it is the same everywhere).
std::vector<std::size_t> shuffled(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order = identity(n);
  Rng rng(seed);
  shuffle(order, rng);
  return order;
}

/// Training batches per epoch. As fastai, the last incomplete batch is dropped (batch norm
/// cannot train on a batch of one); the shuffle moves other texts into it every epoch.
std::size_t batch_count(std::size_t items, std::size_t batch_size) {
  return std::max<std::size_t>(1, items / batch_size);
}

/// Texts as token ids with their labels (classifier) or next-word targets (language model).
struct Encoded {
  std::vector<std::vector<std::int64_t>> ids;
  std::vector<std::int64_t> labels;
};

Encoded encode(const Corpus& corpus, const std::vector<std::size_t>& indices, const Vocabulary& vocabulary) {
  Encoded encoded;
  for (const std::size_t i : indices) {
    encoded.ids.push_back(vocabulary.encode(corpus.items[i].tokens));
    encoded.labels.push_back(corpus.items[i].label);
  }
  return encoded;
}

/// The texts of `data` picked by order[begin, end); with `word_dropout`, each word is
/// replaced by <unk> with that probability (drawn from `rng`).
Batch batch_of(const Encoded& data, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end,
               double word_dropout = 0, Rng* rng = nullptr) {
  std::vector<std::vector<std::int64_t>> ids;
  std::vector<std::int64_t> labels;
  for (std::size_t k = begin; k < end; ++k) {
    ids.push_back(data.ids[order[k]]);
    labels.push_back(data.labels[order[k]]);
    if (word_dropout > 0)
      for (auto& id : ids.back())
        if (rng->uniform01() < word_dropout) id = Vocabulary::kUnk;
  }
  return make_batch(ids, labels);
}

/// One epoch of `batches` optimiser steps, each at the schedule's rate for its step (times
/// `factors` per parameter group), with the running mean loss on a progress bar; `loss_of(b)`
/// is batch b's loss. Returns the epoch's mean training loss.
template <typename LossOf>
double fit_epoch(torch::optim::AdamW& optimizer, const learn::OneCycle& schedule, std::size_t& step,
                 const std::vector<double>& factors, std::size_t batches, ProgressBar& bar, LossOf&& loss_of) {
  double loss_sum = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    schedule.apply(optimizer, step++, factors);
    const torch::Tensor loss = loss_of(b);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    loss_sum += loss.item<double>();
    bar.update(b + 1, fmt::format("loss {:.4f}", loss_sum / static_cast<double>(b + 1)));
  }
  bar.finish();
  return loss_sum / static_cast<double>(batches);
}

/// A layer group's parameters made views into one flat tensor, and their gradients views
/// into one flat gradient, so that AdamW updates the whole group with a handful of tensor
/// operations instead of a handful per parameter (the same arithmetic, element by element).
/// Autograd accumulates into the existing gradient views in place.
torch::Tensor flatten(const Params& params) {
  torch::NoGradGuard no_grad;
  std::int64_t total = 0;
  for (const auto& param : params) total += param.numel();
  torch::Tensor flat = torch::empty({total});
  torch::Tensor flat_grad = torch::zeros({total});
  std::int64_t offset = 0;
  for (auto param : params) {
    const std::int64_t count = param.numel();
    flat.narrow(0, offset, count).copy_(param.reshape({-1}));
    param.set_(flat.storage(), offset, param.sizes(), c10::contiguous_strides(param.sizes()));
    param.mutable_grad() = flat_grad.narrow(0, offset, count).view(param.sizes());
    offset += count;
  }
  flat.requires_grad_(true);
  flat.mutable_grad() = flat_grad;
  return flat;
}

/// Gives each parameter its own storage again (after training, so the model is plain).
void unflatten(const Params& params) {
  torch::NoGradGuard no_grad;
  for (auto param : params) {
    param.set_(param.clone());
    param.mutable_grad() = torch::Tensor();
  }
}

torch::optim::AdamW make_optimizer(const std::vector<torch::Tensor>& flat_groups, const TrainOptions& options) {
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  for (const auto& flat : flat_groups)
    param_groups.emplace_back(std::vector<torch::Tensor>{flat},
                              std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(options.lr)
                                                                               .betas({0.95, kBeta2})
                                                                               .eps(kAdamEps)
                                                                               .weight_decay(options.weight_decay)));
  return torch::optim::AdamW(std::move(param_groups));
}

// ---- the language model -------------------------------------------------------------------

/// Next-word pairs: input ids[0..n-2], target ids[1..n-1]; one-word texts teach nothing.
struct LmBatch {
  torch::Tensor inputs, targets;
};
LmBatch lm_batch(const Encoded& data, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
  std::vector<std::vector<std::int64_t>> inputs, targets;
  for (std::size_t k = begin; k < end; ++k) {
    const auto& ids = data.ids[order[k]];
    inputs.emplace_back(ids.begin(), ids.end() - 1);
    targets.emplace_back(ids.begin() + 1, ids.end());
  }
  return {make_batch(inputs, {}).tokens, make_batch(targets, {}).tokens};
}

Encoded lm_texts(const Encoded& data) {
  Encoded kept;
  for (const auto& ids : data.ids)
    if (ids.size() >= 2) kept.ids.push_back(ids);
  kept.labels.assign(kept.ids.size(), 0);
  return kept;
}

torch::Tensor lm_loss(const torch::Tensor& logits, const torch::Tensor& targets) {
  return torch::nn::functional::cross_entropy(
      logits.reshape({-1, logits.size(2)}), targets.reshape({-1}),
      torch::nn::functional::CrossEntropyFuncOptions().ignore_index(Vocabulary::kPad));
}

/// Trains `lm` and reports each epoch; returns nothing but the trained weights in `lm`.
void train_language_model(LanguageModel& lm, const Encoded& train_data, const Encoded& valid_data,
                          const TrainOptions& options, TrainReport& report, const TrainCallbacks& callbacks) {
  const Encoded train_set = lm_texts(train_data), valid_set = lm_texts(valid_data);
  if (train_set.ids.empty() || valid_set.ids.empty())
    throw Error("the texts are too short for a language model",
                "it needs texts of two words or more; drop --pretrain-lm");
  const auto batch_size = static_cast<std::size_t>(options.batch_size);
  const std::size_t batches = batch_count(train_set.ids.size(), batch_size);
  const Params params = lm->parameters();
  auto optimizer = make_optimizer({flatten(params)}, options);
  const learn::OneCycle schedule(options.lm_lr, batches * static_cast<std::size_t>(options.lm_epochs));
  std::size_t step = 0;
  for (int epoch = 0; epoch < options.lm_epochs; ++epoch) {
    const auto start = Clock::now();
    lm->train();
    ProgressBar bar(fmt::format("language model {}/{}", epoch + 1, options.lm_epochs), batches, options.progress);
    const auto order = shuffled(train_set.ids.size(), derive_seed(options.seed, Stream::kTraining, 1000 + epoch));
    const double train_loss = fit_epoch(optimizer, schedule, step, {}, batches, bar, [&](std::size_t b) {
      const LmBatch batch = lm_batch(train_set, order, b * batch_size, std::min(order.size(), (b + 1) * batch_size));
      return lm_loss(lm(batch.inputs), batch.targets);
    });

    // Validation: mean next-word loss over every real (unpadded) target.
    lm->eval();
    torch::NoGradGuard no_grad;
    const auto valid_order = identity(valid_set.ids.size());
    double valid_loss_sum = 0, correct = 0, targets = 0;
    for (std::size_t begin = 0; begin < valid_order.size(); begin += kEvalBatch) {
      const LmBatch batch = lm_batch(valid_set, valid_order, begin, std::min(valid_order.size(), begin + kEvalBatch));
      const torch::Tensor logits = lm(batch.inputs);
      const torch::Tensor real = batch.targets.ne(Vocabulary::kPad);
      const double count = real.sum().item<double>();
      valid_loss_sum += lm_loss(logits, batch.targets).item<double>() * count;
      correct += logits.argmax(2).eq(batch.targets).logical_and(real).sum().item<double>();
      targets += count;
    }
    LmEpochStats stats;
    stats.epoch = epoch;
    stats.train_loss = train_loss;
    stats.valid_loss = valid_loss_sum / targets;
    stats.accuracy = correct / targets;
    stats.perplexity = std::exp(stats.valid_loss);
    stats.seconds = seconds_since(start);
    report.lm_epochs.push_back(stats);
    if (callbacks.on_lm_epoch) callbacks.on_lm_epoch(stats);
  }
  unflatten(params);
}

// ---- the classifier -----------------------------------------------------------------------

/// Layer groups from the bottom up: the embedding, each LSTM layer, the head.
std::vector<Params> layer_groups(Classifier& net, std::int64_t layers) {
  std::vector<Params> groups;
  groups.push_back(net->encoder->embedding->parameters());
  for (std::int64_t layer = 0; layer < layers; ++layer) {
    Params params;
    const std::string suffix = fmt::format("_l{}", layer);
    for (const auto& item : net->encoder->lstm->named_parameters())
      if (item.key().size() > suffix.size() &&
          item.key().compare(item.key().size() - suffix.size(), suffix.size(), suffix) == 0)
        params.push_back(item.value());
    groups.push_back(std::move(params));
  }
  groups.push_back(net->head->parameters());
  return groups;
}

/// Validation loss and accuracy.
std::pair<double, double> evaluate(Classifier& net, const Encoded& data) {
  net->eval();
  torch::NoGradGuard no_grad;
  const auto order = identity(data.ids.size());
  double loss_sum = 0, correct = 0;
  for (std::size_t begin = 0; begin < order.size(); begin += kEvalBatch) {
    const Batch batch = batch_of(data, order, begin, std::min(order.size(), begin + kEvalBatch));
    const torch::Tensor logits = net(batch.tokens, batch.lengths);
    loss_sum += torch::nn::functional::cross_entropy(
                    logits, batch.labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    correct += logits.argmax(1).eq(batch.labels).sum().item<double>();
  }
  const auto n = static_cast<double>(data.ids.size());
  return {loss_sum / n, correct / n};
}

/// One fit_one_cycle of `epochs` epochs training the top `trainable` layer groups.
struct Stage {
  std::size_t trainable = 0;
  int epochs = 1;
  double lr = 0;
};

void fit_stage(Classifier& net, const std::vector<Params>& groups, const std::vector<torch::Tensor>& flats,
               const Stage& stage, const Encoded& train_data, const Encoded& valid_data, const TrainOptions& options,
               TrainReport& report, const TrainCallbacks& callbacks) {
  const std::size_t first = groups.size() - stage.trainable;
  const std::vector<torch::Tensor> trainable(flats.begin() + static_cast<std::ptrdiff_t>(first), flats.end());
  std::vector<double> factors;
  for (std::size_t g = first; g < groups.size(); ++g) {
    factors.push_back(std::pow(kLayerLrDivisor, -static_cast<double>(groups.size() - 1 - g)));
  }
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (auto& param : groups[g]) param.requires_grad_(g >= first);

  const auto batch_size = static_cast<std::size_t>(options.batch_size);
  const std::size_t batches = batch_count(train_data.ids.size(), batch_size);
  auto optimizer = make_optimizer(trainable, options);
  const learn::OneCycle schedule(stage.lr, batches * static_cast<std::size_t>(stage.epochs));
  std::size_t step = 0;
  for (int e = 0; e < stage.epochs; ++e) {
    const int epoch = static_cast<int>(report.epochs.size());
    const auto start = Clock::now();
    net->train();
    ProgressBar bar(fmt::format("epoch {}", epoch + 1), batches, options.progress);
    const auto order = shuffled(train_data.ids.size(), derive_seed(options.seed, Stream::kTraining, 1 + epoch));
    Rng word_rng(derive_seed(options.seed, Stream::kTraining, 2000 + epoch));
    const double train_loss = fit_epoch(optimizer, schedule, step, factors, batches, bar, [&](std::size_t b) {
      const Batch batch = batch_of(train_data, order, b * batch_size, std::min(order.size(), (b + 1) * batch_size),
                                   options.word_dropout, &word_rng);
      return torch::nn::functional::cross_entropy(net(batch.tokens, batch.lengths), batch.labels);
    });
    learn::EpochStats stats;
    stats.epoch = epoch;
    stats.train_loss = train_loss;
    std::tie(stats.valid_loss, stats.accuracy) = evaluate(net, valid_data);
    stats.seconds = seconds_since(start);
    report.epochs.push_back(stats);
    if (callbacks.on_epoch) callbacks.on_epoch(stats);
  }
  for (auto& params : groups)
    for (auto& param : params) param.requires_grad_(true);
}

/// Without a language model one stage trains everything. With one, fastai's gradual
/// unfreezing: the head alone, then one more layer group per epoch from the top, each stage
/// at half the rate of the one before; the last stage (everything) takes the epochs left.
std::vector<Stage> stages_for(const TrainOptions& options, std::size_t groups) {
  if (!options.pretrain_lm) return {{groups, options.epochs, options.lr}};
  std::vector<Stage> stages;
  double lr = options.lr;
  for (std::size_t trainable = 1; trainable < groups; ++trainable, lr /= 2) stages.push_back({trainable, 1, lr});
  stages.push_back({groups, std::max(1, options.epochs - static_cast<int>(groups - 1)), lr});
  return stages;
}

}  // namespace

nlohmann::json to_json(const LmEpochStats& stats) {
  return {{"epoch", stats.epoch},       {"train_loss", stats.train_loss}, {"valid_loss", stats.valid_loss},
          {"accuracy", stats.accuracy}, {"perplexity", stats.perplexity}, {"seconds", stats.seconds}};
}

TextModel train(const Corpus& corpus, const TrainOptions& options, TrainReport& report,
                const TrainCallbacks& callbacks) {
  validate(options);
  const auto start = Clock::now();
  learn::configure_torch(options.threads, options.seed);
  const Split split = split_indices(corpus.items.size(), options.valid_pct, options.seed);
  if (split.train.size() < 2 || split.valid.empty())
    throw Error(fmt::format("{} texts are too few to split into training and validation", corpus.items.size()),
                "generate more with 'hdl generate text' or change --valid-pct");

  TextModel model;
  model.classes = corpus.classes;
  std::vector<std::vector<std::string>> train_tokens;
  for (const std::size_t i : split.train) train_tokens.push_back(corpus.items[i].tokens);
  model.vocabulary = Vocabulary::build(train_tokens, options.min_freq);
  model.config = {model.vocabulary.size(), options.embedding, options.hidden,
                  options.layers,          options.dropout,   static_cast<std::int64_t>(corpus.classes.size())};
  model.split = {options.seed, options.valid_pct, corpus.items.size()};
  model.pretrained_lm = options.pretrain_lm;
  const Encoded train_data = encode(corpus, split.train, model.vocabulary);
  const Encoded valid_data = encode(corpus, split.valid, model.vocabulary);
  report.train_items = split.train.size();
  report.valid_items = split.valid.size();

  torch::manual_seed(derive_seed(options.seed, Stream::kTraining, 0));
  model.net = Classifier(model.config);
  if (options.pretrain_lm) {
    LanguageModel lm(model.config);
    train_language_model(lm, train_data, valid_data, options, report, callbacks);
    // Keep the encoder: the classifier starts from the language model's embedding and LSTM.
    torch::NoGradGuard no_grad;
    const auto source = lm->encoder->named_parameters();
    for (auto& item : model.net->encoder->named_parameters()) item.value().copy_(source[item.key()]);
  }
  const auto groups = layer_groups(model.net, options.layers);
  std::vector<torch::Tensor> flats;
  for (const auto& group : groups) flats.push_back(flatten(group));
  for (const Stage& stage : stages_for(options, groups.size()))
    fit_stage(model.net, groups, flats, stage, train_data, valid_data, options, report, callbacks);
  for (const auto& group : groups) unflatten(group);
  model.net->eval();
  report.seconds = seconds_since(start);
  return model;
}

}  // namespace hdl::text
