// hdl confusion — with no challenge named, the confusion matrix of every classifier that has
// a trained model (`hdl confusion images` and `hdl confusion text` are in their own files).
#include <fmt/core.h>

#include "cli.hpp"
#include "hdl/core/error.hpp"

namespace hdl::cli {
namespace {

struct Classifier {
  const char* name;
  fs::path (*model)(const GlobalOptions&);
  nlohmann::json (*confusion)(const GlobalOptions&);
};

constexpr Classifier kClassifiers[] = {
    {"images", default_images_model, run_confusion_images_default},
    {"text", default_text_model, run_confusion_text_default},
};

nlohmann::json run_every_confusion(const GlobalOptions& globals) {
  nlohmann::json result = nlohmann::json::object();
  for (const auto& classifier : kClassifiers) {
    std::error_code error;
    if (!fs::is_regular_file(classifier.model(globals), error)) continue;
    if (globals.text()) fmt::print("{}── {} ──\n", result.empty() ? "" : "\n", classifier.name);
    result[classifier.name] = classifier.confusion(globals);
  }
  if (result.empty())
    throw Error(fmt::format("no trained classifier in {}", (globals.data_dir / "models").string()),
                "train one with 'hdl train images' or 'hdl train text' (or 'hdl run all')");
  return result;
}

}  // namespace

void setup_confusion(Cli& cli) {
  CLI::App* confusion = cli.verb("confusion", "Confusion matrix of a classifier on data it did not train on");
  cli.on_run(confusion, [&globals = cli.globals()] { return run_every_confusion(globals); });
}

}  // namespace hdl::cli
