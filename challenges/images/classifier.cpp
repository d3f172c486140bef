// A trained classifier on disk: the network's tensors and what prediction needs, in one
// libtorch archive, written to a temporary file and renamed.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/images.hpp"

namespace hdl::images {

namespace {

constexpr const char* kMetaKey = "hdl_meta";
constexpr const char* kFormat = "hdl-images-resnet18-v1";

}  // namespace

void save_classifier(const Classifier& classifier, const fs::path& file) {
  torch::serialize::OutputArchive archive;
  classifier.net->save(archive);
  const nlohmann::json meta = {{"format", kFormat},
                               {"architecture", "resnet18"},
                               {"classes", classifier.classes},
                               {"image_size", classifier.image_size},
                               {"mean", classifier.normalisation.mean},
                               {"std", classifier.normalisation.std},
                               {"bf16", classifier.bf16},
                               {"trained_with", classifier.trained_with}};
  archive.write(kMetaKey, c10::IValue(meta.dump()));
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_file_atomic(file, bytes.str());
}

Classifier load_classifier(const fs::path& file) {
  if (!fs::is_regular_file(file))
    throw Error(fmt::format("no model {}", file.string()), "train one with 'hdl train images' (or give --model FILE)");
  const std::string not_a_model = fmt::format("{} is not an hdl images model", file.string());
  const std::string retrain = "train one with 'hdl train images'";
  std::istringstream bytes(read_file(file));

  Classifier classifier;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    c10::IValue meta_value;
    if (!archive.try_read(kMetaKey, meta_value) || !meta_value.isString()) throw Error(not_a_model, retrain);
    const auto meta = nlohmann::json::parse(meta_value.toStringRef());
    if (meta.value("format", "") != kFormat) throw Error(not_a_model, retrain);
    classifier.classes = meta.at("classes").get<std::vector<std::string>>();
    classifier.image_size = meta.at("image_size").get<int>();
    classifier.normalisation.mean = meta.at("mean").get<std::array<float, 3>>();
    classifier.normalisation.std = meta.at("std").get<std::array<float, 3>>();
    classifier.bf16 = meta.at("bf16").get<bool>();
    classifier.trained_with = meta.value("trained_with", nlohmann::json::object());
    if (classifier.classes.size() < 2 || classifier.image_size < 1) throw Error(not_a_model, retrain);
    classifier.net = ResNet18(static_cast<int64_t>(classifier.classes.size()));
    classifier.net->load(archive);
  } catch (const Error&) {
    throw;
  } catch (const std::exception&) {  // c10::Error from a damaged archive, json errors from bad metadata
    throw Error(not_a_model + " (or it is damaged)", retrain);
  }
  to_channels_last(*classifier.net);
  classifier.net->eval();
  return classifier;
}

}  // namespace hdl::images
