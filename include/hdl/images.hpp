#pragma once
// Challenge 1: tell circles from rectangles with ResNet18, as fastai's vision_learner +
// fine_tune + ClassificationInterpretation do, on libtorch and OpenCV.
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hdl/core/split.hpp"
#include "hdl/learn.hpp"

namespace hdl::images {

namespace fs = std::filesystem;

// ---- the model --------------------------------------------------------------------------

/// torchvision's BasicBlock: two 3×3 convolutions with a shortcut, projected by a 1×1
/// convolution (`downsample`) when the shape changes.
class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in_planes, int64_t planes, int64_t stride);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

/// ResNet18 exactly as torchvision.models.resnet18 defines it, with the same parameter and
/// buffer names (`conv1.weight`, `layer1.0.bn1.running_mean`, `fc.weight`, ...) and the
/// same initialisation.
class ResNet18Impl : public torch::nn::Module {
 public:
  explicit ResNet18Impl(int64_t num_classes);
  torch::Tensor forward(const torch::Tensor& x);
  /// The classifier head (`fc`), replaced for a new set of classes by fine-tuning.
  torch::nn::Linear& head() { return fc; }

 private:
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ResNet18);

/// Loads a weights file written by scripts/convert_resnet18.py (a torchvision state_dict as
/// a plain dict of tensors). Every body tensor must be present with torchvision's shape; the
/// head (`fc.*`) is loaded only when `load_head` is set and its shape matches.
/// Throws hdl::Error naming the file when it cannot.
void load_torchvision_weights(ResNet18& net, const fs::path& file, bool load_head);

/// Puts every 4-d parameter and buffer in channels-last layout (what oneDNN is fastest on).
void to_channels_last(torch::nn::Module& module);

// ---- the data ---------------------------------------------------------------------------

/// Per-channel mean and std that images are normalised with (ImageNet's, as fastai).
struct Normalisation {
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};
};

/// A folder of images held in memory: `images` is [N, 3, size, size] float, RGB, normalised.
struct ImageSet {
  torch::Tensor images;
  torch::Tensor labels;  // [N] int64, indices into `classes`
  std::vector<fs::path> files;
  std::vector<std::string> classes;
  std::vector<fs::path> skipped;  // files that could not be decoded as images
};

/// Decodes one image file (OpenCV, BGR → RGB), resizes it to size×size and normalises it:
/// [3, size, size] float. Throws hdl::Error naming the file when it is missing or is not an image.
torch::Tensor load_image(const fs::path& file, int image_size, const Normalisation& normalisation);

/// Every image of a folder laid out as `dir/<class>/<file>`, classes from the sub-folder
/// names (sorted), files sorted by name, decoded in parallel. When `classes` is given, the
/// sub-folders must be those classes (for judging a model on another folder). Files that are
/// not images are listed in `skipped`. Throws hdl::Error when there are no images at all.
ImageSet load_image_folder(const fs::path& dir, int image_size, const Normalisation& normalisation, int threads,
                           const std::vector<std::string>& classes = {});

// ---- a trained classifier ---------------------------------------------------------------

/// What prediction needs, saved together in DATA/models/images.pt.
struct Classifier {
  ResNet18 net{nullptr};
  std::vector<std::string> classes;
  int image_size = 64;
  Normalisation normalisation;
  bool bf16 = false;            // run the network under bf16 autocast
  nlohmann::json trained_with;  // seed, valid_pct, items: to tell whether a split matches
};

/// Writes the classifier atomically (temporary file, then rename).
void save_classifier(const Classifier& classifier, const fs::path& file);
/// Throws hdl::Error with a hint when the file is missing or is not an hdl images model.
Classifier load_classifier(const fs::path& file);

/// Numeric precision of the network: bf16 autocast is used when this CPU computes bf16 in
/// hardware (AVX-512 BF16 or AMX), fp32 otherwise.
enum class Precision { kAuto, kBf16, kFp32 };
bool cpu_has_bf16();
bool use_bf16(Precision precision);

// ---- training and judging ---------------------------------------------------------------

struct TrainOptions {
  int epochs = 5;
  double lr = 1e-3;
  int batch_size = 32;
  double weight_decay = 0.01;  // fastai's default for AdamW
  bool bf16 = false;
  fs::path weights;  // converted torchvision weights: fine-tune; empty: from scratch
  std::uint64_t seed = 42;
  bool progress = false;  // a progress bar on stderr
};

struct TrainResult {
  std::vector<learn::EpochStats> epochs;
  double fit_seconds = 0;
  double valid_accuracy = 0;
};

/// Trains a fresh ResNet18 on `data.images[split.train]`, validating on `split.valid` after
/// each epoch. With weights: one epoch with the body frozen, then `epochs` unfrozen, as
/// fastai's fine_tune. `on_epoch` is called after every epoch (to print the table).
TrainResult train(Classifier& classifier, const ImageSet& data, const Split& split, const TrainOptions& options,
                  const std::function<void(const learn::EpochStats&)>& on_epoch);

/// Class probabilities [N, classes] for a batch of prepared images, `batch_size` at a time.
torch::Tensor predict_probabilities(Classifier& classifier, const torch::Tensor& images, int batch_size = 64);

}  // namespace hdl::images
