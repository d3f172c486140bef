#pragma once
// The image challenge's commands, callable with default options by `hdl run images` and by
// plain `hdl confusion`.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"

namespace hdl::cli {

struct TrainImagesOptions {
  int image_size = 64;
  int epochs = 5;  // reaches 100% validation accuracy on the default shapes reliably
  double lr = 1e-3;
  int batch_size = 32;
  double valid_pct = 0.2;
  std::string precision = "auto";  // auto, bf16 or fp32
  fs::path weights;                // converted torchvision weights: fine-tune instead of from scratch
  fs::path model;                  // default DATA/models/images.pt
  fs::path dataset;                // default DATA/shapes
};

struct PredictImagesOptions {
  std::vector<fs::path> files;
  fs::path model;
  int batch_size = 64;
};

struct ConfusionImagesOptions {
  fs::path on;     // judge this whole folder instead of the validation split
  fs::path png;    // default DATA/reports/confusion_images.png
  fs::path model;  // default DATA/models/images.pt
  double valid_pct = 0.2;
  int top = 5;  // files with the highest loss to show
};

nlohmann::json run_train_images(const TrainImagesOptions& options, const GlobalOptions& globals);
nlohmann::json run_predict_images(const PredictImagesOptions& options, const GlobalOptions& globals);
nlohmann::json run_confusion_images(const ConfusionImagesOptions& options, const GlobalOptions& globals);

/// DATA/shapes, where `hdl generate shapes` writes.
fs::path default_images_dataset(const GlobalOptions& globals);

}  // namespace hdl::cli
