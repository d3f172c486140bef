// hdl predict images FILE... and hdl confusion images: what a trained ResNet18 says.
#include <fmt/format.h>

#include <cmath>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/core/split.hpp"
#include "hdl/images.hpp"
#include "hdl/learn.hpp"
#include "images_commands.hpp"

namespace hdl::cli {

namespace {

images::Classifier load_model(const fs::path& option, const GlobalOptions& globals) {
  return images::load_classifier(option.empty() ? default_images_model(globals) : option);
}

/// Class probabilities for each item of a prepared set, and the loss of its actual class.
std::vector<learn::ItemLoss> judge(images::Classifier& classifier, const images::ImageSet& data,
                                   const std::vector<int64_t>& items, std::vector<int64_t>& actual,
                                   std::vector<int64_t>& predicted) {
  const torch::Tensor index = torch::tensor(items, torch::kInt64);
  const torch::Tensor probs = images::predict_probabilities(classifier, data.images.index_select(0, index));
  const torch::Tensor best = probs.argmax(1);
  std::vector<learn::ItemLoss> losses;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto row = static_cast<int64_t>(i);
    learn::ItemLoss item;
    item.item = data.files[static_cast<std::size_t>(items[i])].string();
    item.actual = data.labels[items[i]].item<int64_t>();
    item.predicted = best[row].item<int64_t>();
    item.probability = probs[row][item.predicted].item<double>();
    item.loss = -std::log(std::max(probs[row][item.actual].item<double>(), 1e-12));
    actual.push_back(item.actual);
    predicted.push_back(item.predicted);
    losses.push_back(std::move(item));
  }
  return losses;
}

/// Warns when the split asked for is not the one the model was trained with.
void check_split(const images::Classifier& classifier, const images::ImageSet& data, double valid_pct,
                 const GlobalOptions& globals) {
  const auto& trained = classifier.trained_with;
  if (globals.quiet || !trained.is_object() || trained.empty()) return;
  const bool same = trained.value("seed", globals.seed) == globals.seed &&
                    trained.value("valid_pct", valid_pct) == valid_pct &&
                    trained.value("items", data.files.size()) == data.files.size();
  if (!same)
    fmt::print(stderr,
               "hdl: warning: the model was trained with --seed {} --valid-pct {} on {} images; this validation "
               "split differs and may hold images it trained on\n",
               trained.value("seed", 0), trained.value("valid_pct", 0.0), trained.value("items", 0));
}

}  // namespace

nlohmann::json run_predict_images(const PredictImagesOptions& options, const GlobalOptions& globals) {
  if (options.batch_size < 1) throw UsageError("--batch-size must be at least 1", "give e.g. 64");
  learn::configure_torch(globals.thread_count(), globals.seed);
  images::Classifier classifier = load_model(options.model, globals);

  const auto count = static_cast<int64_t>(options.files.size());
  const int size = classifier.image_size;
  torch::Tensor batch = torch::empty({count, 3, size, size});
  parallel_for(options.files.size(), globals.thread_count(), [&](std::size_t i) {
    batch[static_cast<int64_t>(i)].copy_(images::load_image(options.files[i], size, classifier.normalisation));
  });
  const torch::Tensor probs = images::predict_probabilities(classifier, batch, options.batch_size);

  nlohmann::json result = nlohmann::json::array();
  for (int64_t i = 0; i < count; ++i) {
    const auto label = probs[i].argmax().item<int64_t>();
    nlohmann::json class_probs = nlohmann::json::object();
    std::string listed;
    for (std::size_t c = 0; c < classifier.classes.size(); ++c) {
      const double p = probs[i][static_cast<int64_t>(c)].item<double>();
      class_probs[classifier.classes[c]] = p;
      listed += fmt::format("{}{} {:.4f}", c == 0 ? "" : "  ", classifier.classes[c], p);
    }
    const std::string& name = classifier.classes[static_cast<std::size_t>(label)];
    if (globals.text()) fmt::print("{}  {}  ({})\n", options.files[static_cast<std::size_t>(i)].string(), name, listed);
    result.push_back({{"file", options.files[static_cast<std::size_t>(i)].string()},
                      {"label", name},
                      {"index", label},
                      {"probs", class_probs}});
  }
  return result;
}

nlohmann::json run_confusion_images(const ConfusionImagesOptions& options, const GlobalOptions& globals) {
  if (!(options.valid_pct > 0 && options.valid_pct < 1))
    throw UsageError(fmt::format("--valid-pct {} is out of range", options.valid_pct), "give e.g. 0.2");
  if (options.top < 0) throw UsageError("--top must not be negative", "give e.g. 5");
  learn::configure_torch(globals.thread_count(), globals.seed);
  images::Classifier classifier = load_model(options.model, globals);

  // The validation split of the folder the model trained on, or the whole of --on DIR.
  const bool whole = !options.on.empty();
  fs::path dataset = options.on;
  if (!whole) {
    dataset = default_images_dataset(globals);
    if (classifier.trained_with.contains("dataset")) dataset = classifier.trained_with["dataset"].get<std::string>();
  }
  const images::ImageSet data = images::load_image_folder(dataset, classifier.image_size, classifier.normalisation,
                                                          globals.thread_count(), classifier.classes);
  if (!globals.quiet)
    for (const auto& file : data.skipped) fmt::print(stderr, "hdl: warning: skipped {}: not an image\n", file.string());

  std::vector<int64_t> items;
  if (whole) {
    for (std::size_t i = 0; i < data.files.size(); ++i) items.push_back(static_cast<int64_t>(i));
  } else {
    check_split(classifier, data, options.valid_pct, globals);
    for (const std::size_t i : split_indices(data.files.size(), options.valid_pct, globals.seed).valid)
      items.push_back(static_cast<int64_t>(i));
    if (items.empty()) throw Error("the validation split is empty", "raise --valid-pct or add images");
  }

  std::vector<int64_t> actual, predicted;
  const auto losses = judge(classifier, data, items, actual, predicted);
  const learn::Confusion confusion = learn::confusion_from(actual, predicted, classifier.classes);
  const auto worst = learn::top_losses(losses, static_cast<std::size_t>(options.top));

  const fs::path png = options.png.empty() ? globals.data_dir / "reports" / "confusion_images.png" : options.png;
  const std::string where = whole ? dataset.string() : "validation split of " + dataset.string();
  if (png.has_parent_path()) ensure_directory(png.parent_path());
  const std::string title = whole ? "images: " + dataset.filename().string() : "images: validation split";
  learn::write_confusion_png(confusion, png, title);

  if (globals.text()) {
    fmt::print("images: {} ({} images)\n", where, confusion.total());
    fmt::print("{}", learn::confusion_report(confusion, worst, "file"));
    if (globals.chatty()) fmt::print("wrote {}\n", png.string());
  }

  nlohmann::json result = learn::to_json(confusion);
  result["png"] = png.string();
  result["on"] = whole ? "folder" : "validation";
  result["dataset"] = dataset.string();
  result["top_losses"] = learn::to_json(worst, classifier.classes, "file");
  return result;
}

nlohmann::json run_confusion_images_default(const GlobalOptions& globals) {
  return run_confusion_images(ConfusionImagesOptions{}, globals);
}

}  // namespace hdl::cli
