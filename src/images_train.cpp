// hdl train images — ResNet18 on DATA/shapes (or any folder of class sub-folders), and the
// registration of every `... images` command.
#include <fmt/format.h>

#include "hdl/core/error.hpp"
#include "hdl/core/random.hpp"
#include "hdl/core/split.hpp"
#include "hdl/generators.hpp"
#include "hdl/images.hpp"
#include "hdl/learn.hpp"
#include "images_commands.hpp"

namespace hdl::cli {

namespace {

// Bounds that keep a typo from exhausting memory or training forever.
constexpr int kMinImageSize = 16, kMaxImageSize = 1024;
constexpr int kMaxEpochs = 1000;
constexpr int kMaxBatchSize = 4096;

images::Precision parse_precision(const std::string& precision) {
  if (precision == "auto") return images::Precision::kAuto;
  if (precision == "bf16") return images::Precision::kBf16;
  if (precision == "fp32") return images::Precision::kFp32;
  throw UsageError(fmt::format("--precision {} is unknown", precision), "give auto, bf16 or fp32");
}

void validate(const TrainImagesOptions& options) {
  if (options.image_size < kMinImageSize || options.image_size > kMaxImageSize)
    throw UsageError(fmt::format("--image-size {} is out of range", options.image_size),
                     fmt::format("give a side in pixels from {} to {}", kMinImageSize, kMaxImageSize));
  if (options.epochs < 1 || options.epochs > kMaxEpochs)
    throw UsageError(fmt::format("--epochs {} is out of range", options.epochs),
                     fmt::format("give from 1 to {} epochs", kMaxEpochs));
  if (!(options.lr > 0 && options.lr < 10))
    throw UsageError(fmt::format("--lr {} is out of range", options.lr), "give a learning rate such as 1e-3");
  if (options.batch_size < 2 || options.batch_size > kMaxBatchSize)
    throw UsageError(fmt::format("--batch-size {} is out of range", options.batch_size),
                     fmt::format("give from 2 to {} images per batch", kMaxBatchSize));
  if (!(options.valid_pct > 0 && options.valid_pct < 1))
    throw UsageError(fmt::format("--valid-pct {} is out of range", options.valid_pct),
                     "give a share of the images between 0 and 1, such as 0.2");
}

void report_skipped(const images::ImageSet& data, const GlobalOptions& globals) {
  if (globals.quiet || data.skipped.empty()) return;
  for (const auto& file : data.skipped) fmt::print(stderr, "hdl: warning: skipped {}: not an image\n", file.string());
}

}  // namespace

fs::path default_images_dataset(const GlobalOptions& globals) { return globals.data_dir / gen::kShapesFolder; }

fs::path default_images_model(const GlobalOptions& globals) { return globals.data_dir / "models" / "images.pt"; }

nlohmann::json run_train_images(const TrainImagesOptions& options, const GlobalOptions& globals) {
  validate(options);
  const images::Precision precision = parse_precision(options.precision);
  if (!options.weights.empty() && !fs::is_regular_file(options.weights))
    throw Error(fmt::format("no weights file {}", options.weights.string()),
                "convert torchvision's resnet18 weights with scripts/convert_resnet18.py");
  learn::configure_torch(globals.thread_count(), globals.seed);
  const fs::path dataset = options.dataset.empty() ? default_images_dataset(globals) : options.dataset;
  const fs::path model_file = options.model.empty() ? default_images_model(globals) : options.model;

  images::Classifier classifier;
  classifier.image_size = options.image_size;
  const images::ImageSet data =
      images::load_image_folder(dataset, options.image_size, classifier.normalisation, globals.thread_count());
  report_skipped(data, globals);
  if (data.classes.size() < 2)
    throw Error(
        fmt::format("{} holds one class ({}); a classifier needs two or more", dataset.string(), data.classes.front()),
        "add a sub-folder of images per class");
  const Split split = split_indices(data.files.size(), options.valid_pct, globals.seed);

  images::TrainOptions train;
  train.epochs = options.epochs;
  train.lr = options.lr;
  train.batch_size = options.batch_size;
  train.bf16 = images::use_bf16(precision);
  train.weights = options.weights;
  train.seed = globals.seed;
  train.progress = globals.progress();
  if (globals.chatty())
    fmt::print("ResNet18 {} on {} images of {} ({} to validate), {} px, {}, {} threads\n",
               options.weights.empty() ? "from scratch" : "fine-tuned from " + options.weights.string(),
               split.train.size(), fmt::join(data.classes, ", "), split.valid.size(), options.image_size,
               train.bf16 ? "bf16" : "fp32", globals.thread_count());

  learn::EpochTable table(globals.text());
  const images::TrainResult result =
      images::train(classifier, data, split, train, [&](const learn::EpochStats& stats) { table.row(stats); });

  classifier.trained_with = {{"seed", globals.seed},
                             {"valid_pct", options.valid_pct},
                             {"items", data.files.size()},
                             {"dataset", dataset.string()}};
  images::save_classifier(classifier, model_file);
  if (globals.chatty())
    fmt::print("valid accuracy {:.1f}% in {:.1f}s; saved {}\n", 100 * result.valid_accuracy, result.fit_seconds,
               model_file.string());

  nlohmann::json epochs = nlohmann::json::array();
  for (const auto& stats : result.epochs) epochs.push_back(learn::to_json(stats));
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& file : data.skipped) skipped.push_back(file.string());
  return {{"fit_seconds", result.fit_seconds},
          {"valid_accuracy", result.valid_accuracy},
          {"epochs", epochs},
          {"model", model_file.string()},
          {"classes", data.classes},
          {"train_items", split.train.size()},
          {"valid_items", split.valid.size()},
          {"precision", train.bf16 ? "bf16" : "fp32"},
          {"skipped", skipped}};
}

void setup_images(Cli& cli) {
  const GlobalOptions& globals = cli.globals();

  auto train = std::make_shared<TrainImagesOptions>();
  CLI::App* train_cmd = cli.verb("train", "Train a model, print its progress and metrics, save it")
                            ->add_subcommand("images", "ResNet18 on DATA/shapes: circles or rectangles");
  train_cmd->add_option("--image-size", train->image_size, "Side images are resized to")->capture_default_str();
  train_cmd->add_option("--epochs", train->epochs, "Epochs (after the frozen one with --weights)")
      ->capture_default_str();
  train_cmd->add_option("--lr", train->lr, "Peak learning rate of the one-cycle schedule")->capture_default_str();
  train_cmd->add_option("--batch-size", train->batch_size, "Images per step")->capture_default_str();
  train_cmd->add_option("--valid-pct", train->valid_pct, "Share of images held out to validate")->capture_default_str();
  train_cmd->add_option("--precision", train->precision, "auto (bf16 where the CPU has it), bf16 or fp32")
      ->capture_default_str();
  train_cmd->add_option("--weights", train->weights,
                        "torchvision ResNet18 weights converted by scripts/convert_resnet18.py: fine-tune");
  train_cmd->add_option("--dataset", train->dataset, "Folder of class sub-folders (default: DATA/shapes)");
  train_cmd->add_option("--model", train->model, "Where to save the model (default: DATA/models/images.pt)");
  cli.on_run(train_cmd, [train, &globals] { return run_train_images(*train, globals); });

  auto predict = std::make_shared<PredictImagesOptions>();
  CLI::App* predict_cmd = cli.verb("predict", "Predict with a trained model")
                              ->add_subcommand("images", "Label and class probabilities of each image");
  predict_cmd->add_option("files", predict->files, "Image files")->required();
  predict_cmd->add_option("--model", predict->model, "Model file (default: DATA/models/images.pt)");
  predict_cmd->add_option("--batch-size", predict->batch_size, "Images per batch")->capture_default_str();
  cli.on_run(predict_cmd, [predict, &globals] { return run_predict_images(*predict, globals); });

  auto confusion = std::make_shared<ConfusionImagesOptions>();
  CLI::App* confusion_cmd = cli.verb("confusion", "Confusion matrix of a classifier on data it did not train on")
                                ->add_subcommand("images", "The image classifier's confusion matrix");
  confusion_cmd->add_option("--on", confusion->on, "Judge the whole of this folder instead of the validation split");
  confusion_cmd->add_option("--png", confusion->png, "Heat map (default: DATA/reports/confusion_images.png)");
  confusion_cmd->add_option("--model", confusion->model, "Model file (default: DATA/models/images.pt)");
  confusion_cmd->add_option("--valid-pct", confusion->valid_pct, "Share held out when training")->capture_default_str();
  confusion_cmd->add_option("--top", confusion->top, "Files with the highest loss to list")->capture_default_str();
  cli.on_run(confusion_cmd, [confusion, &globals] { return run_confusion_images(*confusion, globals); });
}

}  // namespace hdl::cli
