// Training as fastai's fit_one_cycle / fine_tune do it: AdamW, a one-cycle schedule per
// step, the smoothed training loss, and validation after every epoch.
#include <ATen/autocast_mode.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>

#include "hdl/core/error.hpp"
#include "hdl/core/progress.hpp"
#include "hdl/core/random.hpp"
#include "hdl/images.hpp"

namespace hdl::images {

namespace {

// fastai's Adam defaults: betas (0.9, 0.99), eps 1e-5; beta1 is then driven by OneCycle.
constexpr double kBeta2 = 0.99;
constexpr double kEps = 1e-5;
// fastai's Recorder smooths the training loss with this exponential moving average.
constexpr double kLossSmoothing = 0.98;
// Images judged at once when nothing is learned (memory, not speed, is the limit).
constexpr int64_t kEvalBatch = 128;

/// bf16 autocast on the CPU for the guard's lifetime (weights stay fp32; convolutions and
/// matrix products run in bf16, on AMX where the CPU has it).
class CpuAutocast {
 public:
  explicit CpuAutocast(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
  }
  ~CpuAutocast() {
    if (!enabled_) return;
    at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
  }
  CpuAutocast(const CpuAutocast&) = delete;
  CpuAutocast& operator=(const CpuAutocast&) = delete;

 private:
  bool enabled_;
};

/// The images at `indices`, channels-last as the network runs fastest on.
torch::Tensor gather(const torch::Tensor& images, const torch::Tensor& indices) {
  return images.index_select(0, indices).contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor logits_of(Classifier& classifier, const torch::Tensor& images) {
  CpuAutocast autocast(classifier.bf16);
  return classifier.net->forward(images).to(torch::kFloat32);
}

/// A seeded permutation of `count` indices (Fisher–Yates over our own generator, so the
/// order is the same with every standard library).
torch::Tensor shuffled(const std::vector<std::size_t>& indices, std::uint64_t seed) {
  std::vector<int64_t> order(indices.begin(), indices.end());
  Rng rng(seed);
  shuffle(order, rng);
  return torch::tensor(order, torch::kInt64);
}

struct Evaluation {
  double loss = 0, accuracy = 0;
};

Evaluation evaluate(Classifier& classifier, const ImageSet& data, const torch::Tensor& valid) {
  classifier.net->eval();
  torch::NoGradGuard no_grad;
  double loss_sum = 0;
  int64_t correct = 0;
  const int64_t count = valid.size(0);
  for (int64_t begin = 0; begin < count; begin += kEvalBatch) {
    const torch::Tensor batch = valid.slice(0, begin, std::min(count, begin + kEvalBatch));
    const torch::Tensor targets = data.labels.index_select(0, batch);
    const torch::Tensor logits = logits_of(classifier, gather(data.images, batch));
    loss_sum += torch::cross_entropy_loss(logits, targets, {}, at::Reduction::Sum).item<double>();
    correct += logits.argmax(1).eq(targets).sum().item<int64_t>();
  }
  return {loss_sum / static_cast<double>(count), static_cast<double>(correct) / static_cast<double>(count)};
}

class Fitter {
 public:
  Fitter(Classifier& classifier, const ImageSet& data, const Split& split, const TrainOptions& options,
         const std::function<void(const learn::EpochStats&)>& on_epoch)
      : classifier_(classifier), data_(data), split_(split), options_(options), on_epoch_(on_epoch) {
    valid_ = torch::tensor(std::vector<int64_t>(split.valid.begin(), split.valid.end()), torch::kInt64);
    // fastai drops the last partial batch when shuffling; keep it only if it is all there is.
    const std::size_t full = split.train.size() / static_cast<std::size_t>(options.batch_size);
    steps_per_epoch_ = full > 0 ? full : 1;
  }

  /// fastai's fit_one_cycle over `parameters` for `epochs` epochs.
  void fit_one_cycle(const std::vector<torch::Tensor>& parameters, int epochs, double lr, double pct_start,
                     double div) {
    torch::optim::AdamW optimizer(
        parameters, torch::optim::AdamWOptions(lr).betas({0.95, kBeta2}).eps(kEps).weight_decay(options_.weight_decay));
    const learn::OneCycle schedule(lr, static_cast<std::size_t>(epochs) * steps_per_epoch_, pct_start, div);
    std::size_t step = 0;
    for (int e = 0; e < epochs; ++e) {
      const auto start = std::chrono::steady_clock::now();
      learn::EpochStats stats;
      stats.epoch = epoch_++;
      stats.train_loss = train_epoch(optimizer, schedule, step, stats.epoch);
      const Evaluation valid = evaluate(classifier_, data_, valid_);
      stats.valid_loss = valid.loss;
      stats.accuracy = valid.accuracy;
      stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      history_.push_back(stats);
      on_epoch_(stats);
    }
  }

  const std::vector<learn::EpochStats>& history() const { return history_; }

 private:
  double train_epoch(torch::optim::AdamW& optimizer, const learn::OneCycle& schedule, std::size_t& step, int epoch) {
    classifier_.net->train();
    const torch::Tensor order = shuffled(split_.train, derive_seed(options_.seed, Stream::kTraining, 1 + epoch));
    const auto batch = static_cast<int64_t>(options_.batch_size);
    ProgressBar bar(fmt::format("epoch {}", epoch), steps_per_epoch_, options_.progress);
    for (std::size_t i = 0; i < steps_per_epoch_; ++i, ++step) {
      const auto begin = static_cast<int64_t>(i) * batch;
      const torch::Tensor indices = order.slice(0, begin, std::min(order.size(0), begin + batch));
      schedule.apply(optimizer, step);
      optimizer.zero_grad();
      torch::Tensor loss;
      {
        const torch::Tensor logits = logits_of(classifier_, gather(data_.images, indices));
        loss = torch::cross_entropy_loss(logits, data_.labels.index_select(0, indices));
      }
      loss.backward();
      optimizer.step();
      // fastai's smoothed loss: an exponential moving average, debiased.
      ++loss_count_;
      loss_average_ = kLossSmoothing * loss_average_ + (1 - kLossSmoothing) * loss.item<double>();
      const double smoothed = loss_average_ / (1 - std::pow(kLossSmoothing, loss_count_));
      bar.update(i + 1, fmt::format("loss {:.4f}", smoothed));
    }
    return loss_average_ / (1 - std::pow(kLossSmoothing, loss_count_));
  }

  Classifier& classifier_;
  const ImageSet& data_;
  const Split& split_;
  const TrainOptions& options_;
  const std::function<void(const learn::EpochStats&)>& on_epoch_;
  torch::Tensor valid_;
  std::size_t steps_per_epoch_ = 1;
  int epoch_ = 0;
  double loss_average_ = 0;
  int loss_count_ = 0;
  std::vector<learn::EpochStats> history_;
};

}  // namespace

bool cpu_has_bf16() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    return line.find(" amx_bf16") != std::string::npos || line.find(" avx512_bf16") != std::string::npos;
  }
  return false;
}

bool use_bf16(Precision precision) {
  if (precision == Precision::kAuto) return cpu_has_bf16();
  return precision == Precision::kBf16;
}

TrainResult train(Classifier& classifier, const ImageSet& data, const Split& split, const TrainOptions& options,
                  const std::function<void(const learn::EpochStats&)>& on_epoch) {
  if (split.train.size() < 2)
    throw Error(fmt::format("too few images to train on ({} after the validation split)", split.train.size()),
                "add images or lower --valid-pct");
  if (split.valid.empty()) throw Error("no images left for validation", "add images or raise --valid-pct");

  // Weight initialisation draws from libtorch's generator: seed it for this run.
  torch::manual_seed(derive_seed(options.seed, Stream::kTraining, 0));
  classifier.classes = data.classes;
  classifier.bf16 = options.bf16;
  classifier.net = ResNet18(static_cast<int64_t>(data.classes.size()));
  if (!options.weights.empty()) load_torchvision_weights(classifier.net, options.weights, /*load_head=*/false);
  to_channels_last(*classifier.net);

  const auto start = std::chrono::steady_clock::now();
  Fitter fitter(classifier, data, split, options, on_epoch);
  if (options.weights.empty()) {
    fitter.fit_one_cycle(classifier.net->parameters(), options.epochs, options.lr, /*pct_start=*/0.25,
                         /*div=*/25.0);
  } else {
    // fastai's fine_tune: the pretrained body frozen (BatchNorm still learns) for one epoch
    // while the new head learns, then everything at half the rate.
    std::vector<torch::Tensor> trainable;
    for (auto& item : classifier.net->named_parameters()) {
      const bool head_or_norm = item.key().rfind("fc.", 0) == 0 || item.key().find("bn") != std::string::npos ||
                                item.key().find("downsample.1.") != std::string::npos;
      item.value().set_requires_grad(head_or_norm);
      if (head_or_norm) trainable.push_back(item.value());
    }
    fitter.fit_one_cycle(trainable, /*epochs=*/1, options.lr, /*pct_start=*/0.99, /*div=*/25.0);
    for (auto& parameter : classifier.net->parameters()) parameter.set_requires_grad(true);
    fitter.fit_one_cycle(classifier.net->parameters(), options.epochs, options.lr / 2, /*pct_start=*/0.3,
                         /*div=*/5.0);
  }
  classifier.net->eval();

  TrainResult result;
  result.epochs = fitter.history();
  result.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.valid_accuracy = result.epochs.empty() ? 0.0 : result.epochs.back().accuracy;
  return result;
}

torch::Tensor predict_probabilities(Classifier& classifier, const torch::Tensor& images, int batch_size) {
  classifier.net->eval();
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (int64_t begin = 0; begin < images.size(0); begin += batch_size) {
    const torch::Tensor batch = images.slice(0, begin, std::min(images.size(0), begin + batch_size));
    parts.push_back(torch::softmax(logits_of(classifier, batch.contiguous(torch::MemoryFormat::ChannelsLast)), 1));
  }
  return parts.empty() ? torch::empty({0, static_cast<int64_t>(classifier.classes.size())}) : torch::cat(parts);
}

}  // namespace hdl::images
