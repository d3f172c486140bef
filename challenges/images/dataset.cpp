// Images decoded once with OpenCV, resized, normalised and held in memory as one tensor.
#include <fmt/format.h>

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/images.hpp"

namespace hdl::images {

namespace {

/// Decodes `file` into `out` ([3, size, size] float). Returns false when the file exists but
/// is not an image OpenCV can decode; throws when it cannot be read at all.
bool decode_into(const fs::path& file, int image_size, const Normalisation& normalisation, torch::Tensor out) {
  const std::string bytes = read_file(file);
  cv::Mat bgr;
  try {
    // Decoding from memory (not cv::imread) keeps "cannot read" apart from "not an image".
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    if (!bytes.empty()) bgr = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception&) {
    return false;
  }
  if (bgr.empty() || bgr.channels() != 3) return false;

  cv::Mat resized, rgb;
  const int interpolation = bgr.cols > image_size ? cv::INTER_AREA : cv::INTER_LINEAR;
  cv::resize(bgr, resized, cv::Size(image_size, image_size), 0, 0, interpolation);
  cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);  // OpenCV decodes BGR; the network wants RGB

  auto planes = out.accessor<float, 3>();
  for (int y = 0; y < image_size; ++y) {
    const auto* row = rgb.ptr<cv::Vec3b>(y);
    for (int x = 0; x < image_size; ++x)
      for (int c = 0; c < 3; ++c) planes[c][y][x] = (row[x][c] / 255.0f - normalisation.mean[c]) / normalisation.std[c];
  }
  return true;
}

bool hidden(const fs::path& path) { return path.filename().string().rfind('.', 0) == 0; }

std::vector<fs::path> sorted_entries(const fs::path& dir, bool directories) {
  std::vector<fs::path> entries;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (hidden(it->path())) continue;
    if (directories ? it->is_directory() : it->is_regular_file()) entries.push_back(it->path());
  }
  if (error) throw Error(fmt::format("cannot list {}: {}", dir.string(), error.message()));
  std::sort(entries.begin(), entries.end());
  return entries;
}

}  // namespace

torch::Tensor load_image(const fs::path& file, int image_size, const Normalisation& normalisation) {
  if (!fs::is_regular_file(file)) throw Error(fmt::format("no image file {}", file.string()), "check the path");
  torch::Tensor image = torch::empty({3, image_size, image_size});
  if (!decode_into(file, image_size, normalisation, image))
    throw Error(fmt::format("{} is not an image", file.string()), "give a PNG, JPEG or another format OpenCV reads");
  return image;
}

ImageSet load_image_folder(const fs::path& dir, int image_size, const Normalisation& normalisation, int threads,
                           const std::vector<std::string>& classes) {
  const std::string generate_hint = "run 'hdl generate shapes' (or give --data DIR)";
  if (!fs::is_directory(dir)) throw Error(fmt::format("no data in {}", dir.string()), generate_hint);

  ImageSet set;
  std::vector<fs::path> class_dirs = sorted_entries(dir, /*directories=*/true);
  if (classes.empty()) {
    for (const auto& class_dir : class_dirs) set.classes.push_back(class_dir.filename().string());
  } else {
    // Judging a trained model: its classes, in its order; the folder must hold no others.
    set.classes = classes;
    for (const auto& class_dir : class_dirs)
      if (std::find(classes.begin(), classes.end(), class_dir.filename().string()) == classes.end())
        throw Error(fmt::format("{} has a class folder '{}' the model does not know", dir.string(),
                                class_dir.filename().string()),
                    fmt::format("the model knows {}", fmt::join(classes, ", ")));
  }

  std::vector<fs::path> candidates;
  std::vector<int64_t> candidate_labels;
  for (std::size_t label = 0; label < set.classes.size(); ++label) {
    const fs::path class_dir = dir / set.classes[label];
    if (!fs::is_directory(class_dir)) continue;
    for (auto& file : sorted_entries(class_dir, /*directories=*/false)) {
      candidates.push_back(std::move(file));
      candidate_labels.push_back(static_cast<int64_t>(label));
    }
  }

  const auto count = static_cast<int64_t>(candidates.size());
  torch::Tensor images = torch::empty({count, 3, image_size, image_size});
  std::vector<char> decoded(candidates.size(), 0);
  parallel_for(candidates.size(), threads, [&](std::size_t i) {
    decoded[i] = decode_into(candidates[i], image_size, normalisation, images[static_cast<int64_t>(i)]);
  });

  std::vector<int64_t> keep, labels;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (decoded[i]) {
      keep.push_back(static_cast<int64_t>(i));
      labels.push_back(candidate_labels[i]);
      set.files.push_back(candidates[i]);
    } else {
      set.skipped.push_back(candidates[i]);
    }
  }
  if (keep.empty()) throw Error(fmt::format("no images in {}", dir.string()), generate_hint);
  set.images = keep.size() == candidates.size() ? images : images.index_select(0, torch::tensor(keep));
  set.images = set.images.contiguous(torch::MemoryFormat::ChannelsLast);
  set.labels = torch::tensor(labels, torch::kInt64);
  return set;
}

}  // namespace hdl::images
