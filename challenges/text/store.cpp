// The model file: one libtorch archive holding the classifier's weights and, under
// "hdl_text", a JSON document with what prediction needs (vocabulary, classes, sizes).
#include <fmt/core.h>

#include <sstream>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/text.hpp"

namespace hdl::text {
namespace {

constexpr const char* kMetaKey = "hdl_text";
constexpr const char* kFormat = "hdl-text-classifier";
constexpr int kFormatVersion = 1;

nlohmann::json meta_json(const TextModel& model) {
  const ModelConfig& config = model.config;
  return {{"format", kFormat},
          {"version", kFormatVersion},
          {"classes", model.classes},
          {"vocabulary", model.vocabulary.words()},
          {"embedding", config.embedding},
          {"hidden", config.hidden},
          {"layers", config.layers},
          {"dropout", config.dropout},
          {"pretrained_lm", model.pretrained_lm},
          {"split", {{"seed", model.split.seed}, {"valid_pct", model.split.valid_pct}, {"items", model.split.items}}}};
}

Error corrupt(const fs::path& file, const std::string& why) {
  return Error(fmt::format("{} is not a text model ({})", file.string(), why),
               "train one with 'hdl train text' or give another with --model");
}

}  // namespace

void save_model(const TextModel& model, const fs::path& file) {
  torch::serialize::OutputArchive archive;
  model.net->save(archive);
  archive.write(kMetaKey, c10::IValue(meta_json(model).dump()));
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_file_atomic(file, bytes.str());
}

TextModel load_model(const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error))
    throw Error(fmt::format("no text model at {}", file.string()), "train one with 'hdl train text'");
  std::istringstream bytes(read_file(file));
  torch::serialize::InputArchive archive;
  c10::IValue meta_value;
  try {
    archive.load_from(bytes);
    if (!archive.try_read(kMetaKey, meta_value) || !meta_value.isString()) throw corrupt(file, "no vocabulary");
  } catch (const c10::Error&) {
    throw corrupt(file, "unreadable archive");
  }
  TextModel model;
  try {
    const auto meta = nlohmann::json::parse(meta_value.toStringRef());
    if (meta.at("format") != kFormat) throw corrupt(file, "another kind of model");
    if (meta.at("version").get<int>() > kFormatVersion) throw corrupt(file, "made by a newer hdl");
    model.classes = meta.at("classes").get<std::vector<std::string>>();
    model.vocabulary = Vocabulary(meta.at("vocabulary").get<std::vector<std::string>>());
    model.config.vocab_size = model.vocabulary.size();
    model.config.embedding = meta.at("embedding").get<std::int64_t>();
    model.config.hidden = meta.at("hidden").get<std::int64_t>();
    model.config.layers = meta.at("layers").get<std::int64_t>();
    model.config.dropout = meta.at("dropout").get<double>();
    model.config.classes = static_cast<std::int64_t>(model.classes.size());
    model.pretrained_lm = meta.at("pretrained_lm").get<bool>();
    const auto& split = meta.at("split");
    model.split = {split.at("seed").get<std::uint64_t>(), split.at("valid_pct").get<double>(),
                   split.at("items").get<std::size_t>()};
  } catch (const nlohmann::json::exception& e) {
    throw corrupt(file, e.what());
  }
  if (model.classes.size() < 2 || model.config.embedding < 1 || model.config.hidden < 1 || model.config.layers < 1)
    throw corrupt(file, "impossible sizes");
  try {
    model.net = Classifier(model.config);
    model.net->load(archive);
  } catch (const c10::Error&) {
    throw corrupt(file, "weights do not match its sizes");
  }
  model.net->eval();
  return model;
}

}  // namespace hdl::text
