// ResNet18 as torchvision defines it, and loading torchvision's weights into it.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/images.hpp"

namespace hdl::images {

namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

/// One stage of torchvision's ResNet: `blocks` BasicBlocks, the first with `stride`.
torch::nn::Sequential make_layer(int64_t in_planes, int64_t planes, int64_t stride, int blocks) {
  torch::nn::Sequential layer;
  layer->push_back(BasicBlock(in_planes, planes, stride));
  for (int i = 1; i < blocks; ++i) layer->push_back(BasicBlock(planes, planes, /*stride=*/1));
  return layer;
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t in_planes, int64_t planes, int64_t stride) {
  conv1 = register_module("conv1", conv(in_planes, planes, /*kernel=*/3, stride, /*padding=*/1));
  bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
  conv2 = register_module("conv2", conv(planes, planes, /*kernel=*/3, /*stride=*/1, /*padding=*/1));
  bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
  if (stride != 1 || in_planes != planes)
    downsample = register_module("downsample",
                                 torch::nn::Sequential(conv(in_planes, planes, /*kernel=*/1, stride, /*padding=*/0),
                                                       torch::nn::BatchNorm2d(planes)));
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor out = torch::relu(bn1(conv1(x)));
  out = bn2(conv2(out));
  out += downsample ? downsample->forward(x) : x;
  return torch::relu(out);
}

ResNet18Impl::ResNet18Impl(int64_t num_classes) {
  constexpr int kBlocksPerStage = 2;  // ResNet18: [2, 2, 2, 2]
  conv1 = register_module("conv1", conv(3, 64, /*kernel=*/7, /*stride=*/2, /*padding=*/3));
  bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
  layer1 = register_module("layer1", make_layer(64, 64, /*stride=*/1, kBlocksPerStage));
  layer2 = register_module("layer2", make_layer(64, 128, /*stride=*/2, kBlocksPerStage));
  layer3 = register_module("layer3", make_layer(128, 256, /*stride=*/2, kBlocksPerStage));
  layer4 = register_module("layer4", make_layer(256, 512, /*stride=*/2, kBlocksPerStage));
  fc = register_module("fc", torch::nn::Linear(512, num_classes));

  // torchvision's initialisation: He-normal convolutions (fan_out), BatchNorm 1 and 0; the
  // linear head keeps PyTorch's default.
  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* convolution = module->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(convolution->weight, /*a=*/0, torch::kFanOut, torch::kReLU);
    } else if (auto* norm = module->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(norm->weight);
      torch::nn::init::zeros_(norm->bias);
    }
  }
}

torch::Tensor ResNet18Impl::forward(const torch::Tensor& x) {
  torch::Tensor out = torch::relu(bn1(conv1(x)));
  out = torch::max_pool2d(out, /*kernel_size=*/3, /*stride=*/2, /*padding=*/1);
  out = layer4->forward(layer3->forward(layer2->forward(layer1->forward(out))));
  out = torch::adaptive_avg_pool2d(out, {1, 1}).flatten(1);
  return fc(out);
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& parameter : module.parameters())
    if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(torch::MemoryFormat::ChannelsLast));
}

void load_torchvision_weights(ResNet18& net, const fs::path& file, bool load_head) {
  const std::string hint = "give a file written by scripts/convert_resnet18.py from a torchvision resnet18 state_dict";
  if (!fs::is_regular_file(file)) throw Error(fmt::format("no weights file {}", file.string()), hint);
  const std::string bytes = read_file(file);
  std::map<std::string, torch::Tensor> source;
  try {
    const c10::IValue loaded = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    if (!loaded.isGenericDict()) throw Error("not a dict");
    for (const auto& entry : loaded.toGenericDict())
      if (entry.key().isString() && entry.value().isTensor())
        source[entry.key().toStringRef()] = entry.value().toTensor();
  } catch (const std::exception&) {
    throw Error(fmt::format("{} is not a converted ResNet18 weights file", file.string()), hint);
  }

  torch::NoGradGuard no_grad;
  std::size_t loaded_count = 0;
  auto copy_into = [&](const std::string& name, torch::Tensor& target) {
    const bool head = name.rfind("fc.", 0) == 0;
    const auto found = source.find(name);
    if (head) {
      if (!load_head || found == source.end() || found->second.sizes() != target.sizes()) return;
    } else if (found == source.end()) {
      if (name.find("num_batches_tracked") != std::string::npos) return;  // only counts steps
      throw Error(fmt::format("{} has no tensor '{}'", file.string(), name), hint);
    } else if (found->second.sizes() != target.sizes()) {
      throw Error(fmt::format("{}: '{}' has shape {} where ResNet18 has {}", file.string(), name,
                              fmt::join(found->second.sizes(), "x"), fmt::join(target.sizes(), "x")),
                  hint);
    }
    target.copy_(found->second.to(target.dtype()));
    ++loaded_count;
  };
  for (auto& item : net->named_parameters()) copy_into(item.key(), item.value());
  for (auto& item : net->named_buffers()) copy_into(item.key(), item.value());
  if (loaded_count == 0) throw Error(fmt::format("{} holds no ResNet18 weights", file.string()), hint);
}

}  // namespace hdl::images
