// ResNet18 itself: torchvision's names, torchvision's logits, and a model file that loads
// back exactly.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "hdl/core/error.hpp"
#include "hdl/images.hpp"
#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using hdl::images::ResNet18;
using hdl::test::TempDir;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

bool python_has_torchvision() {
  const std::string command = std::string(kPython) + " -c 'import torch, torchvision' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::set<std::string> state_names(ResNet18& net) {
  std::set<std::string> names;
  for (const auto& item : net->named_parameters()) names.insert(item.key());
  for (const auto& item : net->named_buffers()) names.insert(item.key());
  return names;
}

}  // namespace

TEST_CASE("images resnet18: parameter and buffer names are torchvision's", "[images][model]") {
  ResNet18 net(2);
  const auto names = state_names(net);
  // torchvision's resnet18 state_dict has 122 entries: 62 parameters and 60 buffers.
  REQUIRE(names.size() == 122);
  for (const char* name : {"conv1.weight", "bn1.running_mean", "bn1.num_batches_tracked", "layer1.0.conv1.weight",
                           "layer1.1.bn2.running_var", "layer2.0.downsample.0.weight",
                           "layer2.0.downsample.1.running_mean", "layer4.1.conv2.weight", "fc.weight", "fc.bias"})
    REQUIRE(names.count(name) == 1);
  REQUIRE(names.count("layer1.0.downsample.0.weight") == 0);  // no projection where the shape holds
  REQUIRE(net->named_parameters()["fc.weight"].sizes() == torch::IntArrayRef({2, 512}));
  REQUIRE(net->named_parameters()["conv1.weight"].sizes() == torch::IntArrayRef({64, 3, 7, 7}));
}

TEST_CASE("images resnet18: same logits as torchvision for the same weights and input", "[images][model][python]") {
  if (!python_has_torchvision()) {
    WARN("SKIPPED: /usr/bin/python3 with torch and torchvision is absent; install them with scripts/setup.sh --tests");
    return;
  }
  TempDir dir;
  const std::string command = std::string(kPython) + " " HDL_SOURCE_DIR "/tests/images/torchvision_reference.py " +
                              HDL_SOURCE_DIR "/scripts/convert_resnet18.py " + dir.str();
  REQUIRE(std::system(command.c_str()) == 0);

  ResNet18 net(1000);
  hdl::images::load_torchvision_weights(net, dir.path() / "resnet18.hdlw", /*load_head=*/true);
  const std::string bytes = hdl::test::slurp(dir.path() / "reference.pt");
  const auto reference = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
  const torch::Tensor input = reference.at("input").toTensor();
  const torch::Tensor expected = reference.at("logits").toTensor();

  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor logits = net->forward(input);
  REQUIRE(logits.sizes() == expected.sizes());
  const double max_difference = (logits - expected).abs().max().item<double>();
  INFO("largest difference " << max_difference);
  REQUIRE(max_difference < 1e-4);
  // Real logits, not a degenerate all-equal output.
  REQUIRE(expected.std().item<double>() > 1e-3);

  // The same in channels-last layout, as hdl trains and predicts.
  hdl::images::to_channels_last(*net);
  const double channels_last_difference =
      (net->forward(input.contiguous(torch::MemoryFormat::ChannelsLast)) - expected).abs().max().item<double>();
  REQUIRE(channels_last_difference < 1e-4);

  // The same file fine-tunes: one frozen epoch, then --epochs unfrozen, with a new head.
  REQUIRE(hdl::test::run_hdl({"generate", "shapes", "--count", "6", "--data", dir.str()}).exit_code == 0);
  const auto tuned =
      hdl::test::run_hdl({"train", "images", "--weights", (dir.path() / "resnet18.hdlw").string(), "--epochs", "1",
                          "--image-size", "32", "--batch-size", "4", "--threads", "1", "--data", dir.str(), "--json"});
  INFO(tuned.err);
  REQUIRE(tuned.exit_code == 0);
  REQUIRE(nlohmann::json::parse(tuned.out).at("epochs").size() == 2);
  REQUIRE(hdl::images::load_classifier(dir.path() / "models" / "images.pt").classes.size() == 2);
}

TEST_CASE("images weights: a file that is not converted weights is a clear error", "[images][model][errors]") {
  TempDir dir;
  const fs::path junk = dir.path() / "junk.pth";
  std::ofstream(junk) << "not a torch file";
  ResNet18 net(2);
  try {
    hdl::images::load_torchvision_weights(net, junk, /*load_head=*/false);
    FAIL("no error");
  } catch (const hdl::Error& e) {
    REQUIRE_THAT(e.message(), Catch::Contains("not a converted ResNet18 weights file") &&
                                  Catch::Contains("scripts/convert_resnet18.py"));
  }
  REQUIRE_THROWS_AS(hdl::images::load_torchvision_weights(net, dir.path() / "missing.pth", false), hdl::Error);
}

TEST_CASE("images classifier: save then load predicts identically", "[images][model]") {
  TempDir dir;
  torch::manual_seed(7);
  hdl::images::Classifier classifier;
  classifier.net = ResNet18(3);
  classifier.classes = {"a", "b", "c"};
  classifier.image_size = 32;
  classifier.bf16 = false;
  // Move the BatchNorm statistics off their defaults, so buffers are really saved too.
  classifier.net->train();
  classifier.net->forward(torch::randn({4, 3, 32, 32}));
  classifier.net->eval();
  hdl::images::to_channels_last(*classifier.net);  // as training leaves it, and as loading does
  const torch::Tensor images = torch::randn({5, 3, 32, 32});
  const torch::Tensor before = hdl::images::predict_probabilities(classifier, images);

  const fs::path file = dir.path() / "models" / "images.pt";
  hdl::images::save_classifier(classifier, file);
  hdl::images::Classifier loaded = hdl::images::load_classifier(file);
  REQUIRE(loaded.classes == classifier.classes);
  REQUIRE(loaded.image_size == 32);
  REQUIRE(loaded.normalisation.mean == classifier.normalisation.mean);
  REQUIRE(loaded.normalisation.std == classifier.normalisation.std);
  const torch::Tensor after = hdl::images::predict_probabilities(loaded, images);
  REQUIRE(torch::equal(before, after));
  REQUIRE(torch::allclose(after.sum(1), torch::ones({5}), 1e-5, 1e-6));
  // Only the model file: no temporary left behind.
  REQUIRE(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()) == 1);
}
